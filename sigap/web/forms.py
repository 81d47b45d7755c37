"""Form styling shared by every Sigap form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet


class StyledForm(forms.Form):
    """Give each widget Bootstrap's class and link help texts for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"id_{name}_helptext")

    def limit_choices(self, name: str, queryset: QuerySet[Any]) -> None:
        """Restrict a model choice field to what the current user may pick."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


def error_text(form: forms.BaseForm) -> str:
    """All of a form's errors as one sentence, for a flash message."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
