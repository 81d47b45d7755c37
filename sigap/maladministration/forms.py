from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.maladministration.kinds import Kind
from sigap.web.forms import StyledForm


class KindsForm(StyledForm):
    kinds = forms.MultipleChoiceField(
        label=_("Forms of maladministration"), choices=Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
