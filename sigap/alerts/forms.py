from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.alerts.models import Subscription
from sigap.organisations.models import Category, Jurisdiction
from sigap.publicreports.models import Area
from sigap.web.forms import StyledForm

RADII = [(250, "250 m"), (500, "500 m"), (1000, "1 km"), (2000, "2 km"), (5000, "5 km")]


class ContactFields(StyledForm):
    """An e-mail address, or a WhatsApp number where the government sends alerts on WhatsApp."""

    email = forms.EmailField(label=_("Your e-mail address"), required=False)
    whatsapp = forms.CharField(
        label=_("Or your WhatsApp number"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("We ask you to confirm on WhatsApp; answer BERHENTI PERINGATAN there to stop."),
    )

    def __init__(self, *args: Any, whatsapp: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not whatsapp:
            del self.fields["whatsapp"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not data.get("email") and not data.get("whatsapp") and "email" not in self.errors:
            self.add_error("email", _("Give your e-mail address or your WhatsApp number."))
        return data


class SubscribeForm(ContactFields):
    kind = forms.ChoiceField(
        label=_("Alert me about"), choices=[c for c in Subscription.Kind.choices if c[0] != "report"],
        widget=forms.RadioSelect, initial=Subscription.Kind.KELURAHAN,
    )  # fmt: skip
    kelurahan = forms.ModelChoiceField(label=_("Kelurahan / desa"), queryset=Area.objects.none(), required=False)
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Area.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    radius_m = forms.TypedChoiceField(label=_("Radius"), choices=RADII, coerce=int, initial=500, required=False)
    updates = forms.BooleanField(label=_("Also tell me when those reports change"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdictions = Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN)
        self.limit_choices("kelurahan", Area.objects.filter(kind=Area.Kind.KELURAHAN, jurisdiction__in=jurisdictions))
        self.limit_choices("kecamatan", Area.objects.filter(kind=Area.Kind.KECAMATAN, jurisdiction__in=jurisdictions))
        self.limit_choices("category", Category.objects.filter(jurisdiction__in=jurisdictions, is_active=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        kind = data.get("kind")
        if kind == "radius" and data.get("whatsapp"):
            self.add_error("whatsapp", _("Alerts around a point are sent by e-mail only."))
        needs = {"kelurahan": ["kelurahan"], "kecamatan": ["kecamatan"], "category": ["category"]}
        needs["radius"] = ["lat", "lng", "radius_m"]
        for name in needs.get(kind or "", []):
            if data.get(name) in (None, ""):
                self.add_error(name, _("This field is required for this kind of alert."))
        return data


class FollowForm(ContactFields):
    pass
