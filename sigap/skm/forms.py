from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.skm.models import Element
from sigap.web.forms import StyledForm

SCALE = [(1, _("1 — not good")), (2, _("2 — less than good")), (3, _("3 — good")), (4, _("4 — very good"))]


class SurveyForm(StyledForm):
    """The nine questions of PermenPANRB 14/2017, each on the 1–4 scale."""

    suggestion = forms.CharField(
        label=_("Suggestions (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {
            element: forms.TypedChoiceField(
                label=element.label, choices=SCALE, coerce=int, widget=forms.RadioSelect(attrs={"class": "me-1"})
            )
            for element in Element
        }
        self.fields = {**{e.value: f for e, f in questions.items()}, **self.fields}
        for name, field in self.fields.items():
            if name != "suggestion":
                field.widget.attrs["class"] = "form-check-input"

    def answers(self) -> dict[str, int]:
        return {e.value: self.cleaned_data[e.value] for e in Element}


class PeriodForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
