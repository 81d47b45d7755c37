from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.complaints.models import Kind
from sigap.organisations.models import Category, Jurisdiction
from sigap.web.forms import StyledForm


class ForumSessionForm(StyledForm):
    jurisdiction = forms.ModelChoiceField(label=_("Government"), queryset=Jurisdiction.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Forum"), max_length=120, help_text=_("e.g. “Ngombe” or “Reses DPRD”."))
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args: Any, jurisdictions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("jurisdiction", jurisdictions)


class AspirationForm(StyledForm):
    """One aspiration, typed while the speaker talks: only what a forum gives."""

    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, initial=Kind.ASPIRATION)
    category = forms.ModelChoiceField(
        label=_("Topic"), queryset=Category.objects.none(), required=False, empty_label=_("— I don't know —")
    )
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"autofocus": True}))
    description = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    address = forms.CharField(label=_("Place (address or landmark)"), max_length=300, required=False)
    reporter_name = forms.CharField(label=_("Speaker's name"), max_length=200, required=False)
    reporter_phone = forms.CharField(label=_("Phone / WhatsApp"), max_length=30, required=False)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("category", Category.objects.filter(jurisdiction=jurisdiction, is_active=True))
