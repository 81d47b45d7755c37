from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.ombudsman.models import RejectReason
from sigap.organisations.models import Jurisdiction, Opd
from sigap.web.forms import StyledForm


class ReportForm(StyledForm):
    jurisdiction = forms.ModelChoiceField(label=_("Institution reported"), queryset=Jurisdiction.objects.none())
    opd = forms.ModelChoiceField(label=_("OPD reported"), queryset=Opd.objects.none(), required=False)
    complaint_code = forms.CharField(label=_("Sigap complaint code (if any)"), required=False, max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Detailed description of the event, act or decision"), widget=forms.Textarea(attrs={"rows": 5})
    )
    incident_date = forms.DateField(
        label=_("Date of the event"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    prior_complaint = forms.CharField(
        label=_("How the reporter first complained to the institution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reporter_name = forms.CharField(label=_("Reporter's full name"), max_length=200)
    reporter_birth = forms.CharField(label=_("Place and date of birth"), max_length=200, required=False)
    reporter_marital_status = forms.CharField(label=_("Marital status"), max_length=60, required=False)
    reporter_occupation = forms.CharField(label=_("Occupation"), max_length=120, required=False)
    reporter_address = forms.CharField(label=_("Full address"), max_length=300, required=False)
    reporter_contact = forms.CharField(label=_("Phone or e-mail"), max_length=200, required=False)
    identity_confidential = forms.BooleanField(label=_("Keep the reporter's identity confidential"), required=False)

    def __init__(self, *args: Any, jurisdictions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("jurisdiction", jurisdictions)
        self.limit_choices("opd", Opd.objects.filter(jurisdiction__in=jurisdictions, is_active=True))


class ChecksForm(StyledForm):
    description_detailed = forms.BooleanField(label=_("The description is detailed enough"), required=False)
    prior_complaint_made = forms.BooleanField(
        label=_("Already complained to the institution or its superior"), required=False
    )
    within_authority = forms.BooleanField(label=_("Within the Ombudsman's authority"), required=False)
    not_already_handled = forms.BooleanField(label=_("Not already handled elsewhere"), required=False)


class ReportTransitionForm(StyledForm):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reject_reason = forms.ChoiceField(
        label=_("Ground for rejection"), required=False, choices=[("", "—"), *RejectReason.choices]
    )
