"""Forms for training records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.complaints.forms import MultipleFileField
from sigap.organisations.models import Jurisdiction, Opd
from sigap.training.models import TrainingSession
from sigap.web.forms import StyledForm


class SessionForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingSession.Kind.choices)
    organiser = forms.CharField(label=_("Organiser"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    hours = forms.IntegerField(label=_("Lesson hours"), min_value=0, max_value=500, initial=0)
    description = forms.CharField(label=_("What it covered"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MaterialForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    attachments = MultipleFileField(label=_("File (PDF or image)"), required=True)


class ParticipantsForm(StyledForm):
    opds = forms.ModelMultipleChoiceField(
        label=_("Every officer, head and focal point of these OPD"), queryset=Opd.objects.none(), required=False
    )
    users = forms.ModelMultipleChoiceField(label=_("Or these people"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("opds", Opd.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("name"))
        self.limit_choices(
            "users",
            User.objects.filter(roles__jurisdiction=jurisdiction, roles__is_active=True, is_active=True)
            .distinct()
            .order_by("first_name", "username"),
        )
