"""What an export asks for: a list in a format, or a month's report or package."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.accounts.principal import Principal
from sigap.exports.models import Export
from sigap.exports.report import month_bounds
from sigap.organisations.models import Jurisdiction, Opd
from sigap.web.forms import StyledForm


class ListExportForm(StyledForm):
    format = forms.ChoiceField(
        label=_("Format"), choices=[(Export.Kind.CSV, "CSV"), (Export.Kind.XLSX, "Excel (XLSX)")]
    )
    include_identities = forms.BooleanField(
        label=_("Include reporters' identities where my role may see them (each one is recorded)"), required=False
    )


class ReportForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Export"),
        choices=[
            (Export.Kind.MONTHLY_PDF, Export.Kind.MONTHLY_PDF.label),
            (Export.Kind.OMBUDSMAN, Export.Kind.OMBUDSMAN.label),
        ],
    )
    jurisdiction = forms.ModelChoiceField(label=_("Jurisdiction"), queryset=Jurisdiction.objects.none())
    opd = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=Opd.objects.none(),
        required=False,
        help_text=_("Leave empty for the whole jurisdiction."),
    )
    month = forms.CharField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), max_length=7)

    def __init__(self, *args: Any, principal: Principal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        whole = principal.admin_jurisdictions | principal.oversight_jurisdictions
        opds = Opd.objects.filter(jurisdiction_id__in=whole) | Opd.objects.filter(pk__in=principal.reading_opds)
        ids = set(whole) | set(
            Opd.objects.filter(pk__in=principal.reading_opds).values_list("jurisdiction_id", flat=True)
        )
        self.limit_choices("jurisdiction", Jurisdiction.objects.filter(pk__in=ids).order_by("name"))
        self.limit_choices("opd", opds.order_by("name"))

    def clean_month(self) -> str:
        month = self.cleaned_data["month"]
        try:
            month_bounds(month)
        except ValueError as exc:
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from exc
        return str(month)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opd, jurisdiction = data.get("opd"), data.get("jurisdiction")
        if opd and jurisdiction and opd.jurisdiction_id != jurisdiction.pk:
            self.add_error("opd", _("This OPD belongs to another jurisdiction."))
        return data

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "jurisdiction_id": d["jurisdiction"].pk,
            "opd_id": d["opd"].pk if d["opd"] else None,
            "month": d["month"],
        }
