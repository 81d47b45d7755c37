"""The inbox's filter form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.accounts.principal import Principal
from sigap.complaints.models import Channel
from sigap.complaints.selectors import InboxFilters
from sigap.complaints.workflow import Status
from sigap.organisations.models import Category, Opd
from sigap.web.forms import StyledForm


class InboxFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("All open")), ("", _("All")), *Status.choices],
        initial="open",
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Any")), ("overdue", _("Overdue")), ("due_soon", _("Due soon"))],
    )
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=Opd.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("Any")), *Channel.choices])
    q = forms.CharField(label=_("Search text or code"), required=False, max_length=200)

    def __init__(self, *args: Any, principal: Principal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdictions = principal.admin_jurisdictions | principal.oversight_jurisdictions
        readable_opds = Opd.objects.filter(pk__in=principal.reading_opds)
        self.limit_choices("opd", Opd.objects.filter(jurisdiction_id__in=jurisdictions) | readable_opds)
        their_jurisdictions = set(readable_opds.values_list("jurisdiction_id", flat=True)) | jurisdictions
        self.limit_choices("category", Category.objects.filter(jurisdiction_id__in=their_jurisdictions))

    def filters(self) -> InboxFilters:
        if not self.is_bound:
            return InboxFilters(status="open")
        if not self.is_valid():
            return InboxFilters(status="open")
        d = self.cleaned_data
        return InboxFilters(
            status=d["status"],
            due=d["due"],
            opd_id=d["opd"].pk if d["opd"] else None,
            category_id=d["category"].pk if d["category"] else None,
            channel=d["channel"],
            text=d["q"],
        )

    def query_string(self) -> str:
        """The current filters, for pagination links.

        Without filters (or with wrong ones) the inbox lists what the initial values
        say; they are written out, else the next page's link alone would bind the
        form with every field empty ("All" statuses instead of the open cases).
        """
        if not self.is_bound or not self.is_valid():
            return urlencode({name: field.initial for name, field in self.fields.items() if field.initial})
        return urlencode({k: (v.pk if hasattr(v, "pk") else v) for k, v in self.cleaned_data.items() if v})
