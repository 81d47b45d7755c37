"""Forms for staff management and two-factor sign-in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Role
from sigap.organisations.models import Jurisdiction, Opd
from sigap.staff.services import Grant, grantable_roles
from sigap.web.forms import StyledForm

GRANT_ROWS = 3


class PasswordForgottenForm(StyledForm):
    login = forms.CharField(label=_("Username or e-mail address"), max_length=254)


class CodeForm(StyledForm):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrolForm(StyledForm):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        validators=[RegexValidator(r"^\s*\d{3}\s?\d{3}\s*$", _("Type the 6 digits the app shows."))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class _GrantFields(StyledForm):
    """Role and OPD pairs limited to one jurisdiction."""

    def _add_grant_fields(self, jurisdiction: Jurisdiction, rows: int) -> None:
        roles = [("", "—")] + [(r.value, r.label) for r in grantable_roles(jurisdiction)]
        opds = Opd.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("name")
        for i in range(rows):
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Role"), choices=roles, required=(i == 0), widget=forms.Select(attrs={"class": "form-select"})
            )
            self.fields[f"opd_{i}"] = forms.ModelChoiceField(
                label=_("OPD"),
                queryset=opds,
                required=False,
                help_text=_("For OPD officers, heads and focal points."),
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.rows = rows

    def grants(self) -> list[Grant]:
        found = []
        for i in range(self.rows):
            role = self.cleaned_data.get(f"role_{i}")
            if role:
                found.append(Grant(role=Role(role), opd=self.cleaned_data.get(f"opd_{i}")))
        return found


class InviteForm(_GrantFields):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=150)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_grant_fields(jurisdiction, GRANT_ROWS)

    def grant_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"role_{i}"], self[f"opd_{i}"]) for i in range(self.rows)]


class RoleForm(_GrantFields):
    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_grant_fields(jurisdiction, 1)


class AcceptForm(StyledForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[RegexValidator(r"^[\w.@+-]+$", _("Use letters, digits and . @ + - _ only."))],
    )
    first_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
