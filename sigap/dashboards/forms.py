"""The dashboard's period and jurisdiction choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sigap.accounts.principal import Principal
from sigap.dashboards.selectors import PERIODS
from sigap.organisations.models import Jurisdiction, Opd
from sigap.web.forms import StyledForm


class PeriodForm(StyledForm):
    bulan = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        initial=12,
        required=False,
    )
    wilayah = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.none(),
        required=False,
        empty_label=_("All jurisdictions"),
    )

    def __init__(self, *args: Any, principal: Principal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bulan"].choices = [  # type: ignore[attr-defined]
            (m, ngettext("Last %(n)d month", "Last %(n)d months", m) % {"n": m}) for m in PERIODS
        ]
        ids = set(principal.admin_jurisdictions | principal.oversight_jurisdictions)
        ids |= set(Opd.objects.filter(pk__in=principal.reading_opds).values_list("jurisdiction_id", flat=True))
        self.limit_choices("wilayah", Jurisdiction.objects.filter(pk__in=ids).order_by("name"))

    def choice(self) -> tuple[int, int | None]:
        """Return (months, jurisdiction id or None for all), falling back to the defaults."""
        if not self.is_bound or not self.is_valid():
            return 12, None
        months = self.cleaned_data["bulan"] or 12
        jurisdiction = self.cleaned_data["wilayah"]
        return months, jurisdiction.pk if jurisdiction else None
