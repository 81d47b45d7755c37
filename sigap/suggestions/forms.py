"""The auto-dispatch setting form (the precision in percent, as administrators think of it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AutoDispatchForm(forms.Form):
    enabled = forms.BooleanField(label=_("Dispatch automatically when confident"), required=False)
    precision = forms.DecimalField(
        label=_("Wanted precision (%)"), min_value=80, max_value=99.9, decimal_places=1, initial=95
    )

    def clean_precision(self) -> float:
        return float(self.cleaned_data["precision"])
