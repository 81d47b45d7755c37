from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.complaints.forms import MultipleFileField
from sigap.organisations.models import Opd
from sigap.oversight.models import RequestKind
from sigap.web.forms import StyledForm


class RequestForm(StyledForm):
    """A request to an institution's focal point (or an OPD)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)
    opd = forms.ModelChoiceField(
        label=_("Addressed to"),
        queryset=Opd.objects.none(),
        required=False,
        empty_label=_("The institution's focal point"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    questions = forms.CharField(label=_("Questions"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, opds: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("opd", opds)
        if kinds is not None:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(k, label) for k, label in RequestKind.choices if k in kinds]


class AnswerForm(StyledForm):
    body = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    documents = MultipleFileField(label=_("Documents (PDF or photos)"))


class ReceiptForm(StyledForm):
    """The date on the institution's signed receipt of a letter (UU 37/2008 Pasal 33(1), 38(2))."""

    received_on = forms.DateField(
        label=_("Received by the institution on"), widget=forms.DateInput(attrs={"type": "date"})
    )
