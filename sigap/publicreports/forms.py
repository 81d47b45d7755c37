"""Forms of the public reports: the filing choice, the filters, moderation and support."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.complaints.workflow import Status
from sigap.organisations.models import Category, Jurisdiction, Opd
from sigap.publicreports.labels import REPORT_STATUS_LABELS
from sigap.publicreports.models import Area
from sigap.publicreports.selectors import Filters
from sigap.web.forms import StyledForm

PUBLIC_STATUSES = [s for s in Status if s not in (Status.RECEIVED, Status.INCOMPLETE, Status.ARCHIVED)]


class PublicChoiceForm(StyledForm):
    """Asked at filing: may the report be public, may its photos, and in which kelurahan."""

    make_public = forms.BooleanField(
        label=_("Show my report on the public map and list"),
        required=False,
        initial=True,
        help_text=_(
            "Others can then see and support it. Your name and contact are never shown; names, phone numbers and "
            "e-mail addresses in your text are hidden. Anonymous and confidential reports are never public."
        ),
    )
    photos_public = forms.BooleanField(
        label=_("My photos may be shown publicly too"),
        required=False,
        initial=False,
        help_text=_("Check that no face or number plate can be recognised before you allow this."),
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan / desa"), queryset=Area.objects.none(), required=False, empty_label=_("— I don't know —")
    )

    def __init__(self, *args: Any, jurisdictions: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "public")
        super().__init__(*args, **kwargs)
        self.limit_choices(
            "kelurahan",
            Area.objects.filter(jurisdiction__in=jurisdictions, kind=Area.Kind.KELURAHAN)
            .select_related("parent")
            .order_by("name"),
        )
        field: Any = self.fields["kelurahan"]
        field.label_from_instance = lambda a: f"{a.name} ({a.parent.name})" if a.parent else a.name


class FilterForm(StyledForm):
    jurisdiction = forms.ModelChoiceField(
        label=_("Government"), queryset=Jurisdiction.objects.none(), required=False, empty_label=_("All"),
        to_field_name="slug",
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("All")
    )
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=Opd.objects.none(), required=False, empty_label=_("All"))
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Area.objects.none(), required=False, empty_label=_("All")
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan / desa"), queryset=Area.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[(s.value, REPORT_STATUS_LABELS[s]) for s in PUBLIC_STATUSES]],
    )
    since = forms.DateField(label=_("Filed from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Filed until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdictions = Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN)
        self.limit_choices("jurisdiction", jurisdictions)
        self.limit_choices("category", Category.objects.filter(jurisdiction__in=jurisdictions, is_active=True))
        self.limit_choices("opd", Opd.objects.filter(jurisdiction__in=jurisdictions, is_active=True))
        self.limit_choices("kecamatan", Area.objects.filter(kind=Area.Kind.KECAMATAN, jurisdiction__in=jurisdictions))
        self.limit_choices("kelurahan", Area.objects.filter(kind=Area.Kind.KELURAHAN, jurisdiction__in=jurisdictions))

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        d = self.cleaned_data

        def start(day: Any) -> datetime | None:
            return timezone.make_aware(datetime.combine(day, time.min)) if day else None

        return Filters(
            jurisdiction_id=d["jurisdiction"].pk if d.get("jurisdiction") else None,
            category_id=d["category"].pk if d.get("category") else None,
            opd_id=d["opd"].pk if d.get("opd") else None,
            kecamatan_id=d["kecamatan"].pk if d.get("kecamatan") else None,
            kelurahan_id=d["kelurahan"].pk if d.get("kelurahan") else None,
            status=d.get("status") or "",
            since=start(d.get("since")),
            until=start(d["until"] + timedelta(days=1)) if d.get("until") else None,
        )


class ModerationForm(StyledForm):
    title = forms.CharField(label=_("Public title"), max_length=200)
    summary = forms.CharField(label=_("Public summary"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000)


class HideForm(StyledForm):
    hidden = forms.BooleanField(label=_("Hide this report from the public"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class SupportForm(StyledForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("We send you a link to confirm; your support counts once you open it. It is never shown."),
    )


class SupportPhoneForm(StyledForm):
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("We send you a code by SMS or WhatsApp; your support counts once you type it. It is never shown."),
    )


class PhoneCodeForm(StyledForm):
    code = forms.CharField(
        label=_("The code you received"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
