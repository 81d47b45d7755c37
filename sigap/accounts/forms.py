"""Sign-in and reporter sign-up forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User


class SignInForm(AuthenticationForm):
    # Django's own sentence names the field ("nama pengguna") inside a translation that already says it.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong. Capital and small letters count."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class ReporterSignUpForm(UserCreationForm):
    """An optional account for a reporter to see all their complaints in one place."""

    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("Name"), max_length=150)

    class Meta:
        model = User
        fields = ("email", "first_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email
