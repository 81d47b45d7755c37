from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sigap.web.forms import StyledForm


class ClaimForm(StyledForm):
    code = forms.CharField(label=_("Tracking code"), max_length=40)
    secret = forms.CharField(label=_("Secret"), max_length=40, widget=forms.PasswordInput(render_value=False))


class ReceiptForm(StyledForm):
    secret = forms.CharField(label=_("Secret"), max_length=40, widget=forms.PasswordInput(render_value=False))


class PreferencesForm(StyledForm):
    language = forms.ChoiceField(label=_("Language of e-mail"), choices=settings.LANGUAGES)
