"""Form styling shared by every Sigap form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

# Text fields this long or longer show their limit and a running count.
LONG_TEXT = 200


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
            self._say_the_limit(field)
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"id_{name}_helptext")

    @staticmethod
    def _say_the_limit(field: forms.Field) -> None:
        """Texts of LONG_TEXT characters or more: say the limit and count as one types (limits.js).

        The browser's own `maxlength` would cut a pasted text silently; instead the form refuses a text
        past the limit with an error that says so, and the page shows the count before sending.
        """
        limit = getattr(field, "max_length", None)
        widget = field.widget
        if not isinstance(field, forms.CharField) or not limit or limit < LONG_TEXT:
            return
        if isinstance(widget, forms.PasswordInput | forms.HiddenInput):
            return
        widget.attrs.pop("maxlength", None)
        widget.attrs["data-limit"] = str(limit)
        widget.attrs["data-limit-count"] = _("%(count)s of %(limit)s characters")
        widget.attrs["data-limit-over"] = _("Too long: at most %(limit)s characters.")
        said = _("At most %(limit)s characters.") % {"limit": limit}
        field.help_text = f"{field.help_text} {said}" if field.help_text else said

    def limit_choices(self, name: str, queryset: QuerySet[Any]) -> None:
        """Restrict a model choice field to what the current user may pick."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


def error_text(form: forms.BaseForm) -> str:
    """All of a form's errors as one sentence, for a flash message."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
