from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.standards.components import COMPONENTS
from sigap.web.forms import StyledForm


class StandardForm(StyledForm):
    decree = forms.CharField(label=_("Decree setting the standard"), required=False, max_length=300)
    publish = forms.BooleanField(label=_("Publish on the public page"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        components = {
            c.field: forms.CharField(
                label=f"{c.letter}. {c.label}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            )
            for c in COMPONENTS
        }
        self.fields = {**components, **self.fields}
