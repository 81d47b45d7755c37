"""Forms for filing and handling complaints, shared by the portal and the back office."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sigap.complaints.compensation import Decision
from sigap.complaints.models import STAFF_CHANNELS, Channel, CompensationOutcome, Kind
from sigap.complaints.services import ReporterDetails, Submission
from sigap.complaints.uploads import CleanFile, clean_upload
from sigap.complaints.workflow import ArchiveReason
from sigap.organisations.models import Category, ComplexityTier, Jurisdiction, Opd
from sigap.web.forms import StyledForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Accept several files; each is sniffed, size-checked and cleaned."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        from django.conf import settings

        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > settings.SIGAP_UPLOAD_MAX_FILES:
            raise ValidationError(
                _("Attach at most %(n)d files.") % {"n": settings.SIGAP_UPLOAD_MAX_FILES}, code="too_many"
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(clean_upload(upload))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ComplaintForm(StyledForm):
    """What a reporter fills in on the portal (and staff for a walk-in)."""

    jurisdiction = forms.ModelChoiceField(label=_("Government"), queryset=Jurisdiction.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Type of report"), choices=Kind.choices, initial=Kind.COMPLAINT)
    category = forms.ModelChoiceField(
        label=_("Topic"), queryset=Category.objects.none(), required=False, empty_label=_("— I don't know —")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_("Which service, where and when, and what went wrong."),
    )
    expectation = forms.CharField(
        label=_("What do you ask for?"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    incident_date = forms.DateField(
        label=_("Date of the event or service"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(label=_("Place (address or landmark)"), max_length=300, required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    compensation_amount = forms.IntegerField(
        label=_("Compensation claimed (Rp, optional)"),
        required=False,
        min_value=1,
        max_value=10**15,
        help_text=_("UU 25/2009 Pasal 42(4): you may ask for compensation for a loss the service caused you."),
    )
    compensation_grounds = forms.CharField(
        label=_("The loss and how the service caused it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_("Pasal 48(4): say what you lost and how the service caused it; attach receipts if you have them."),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"), help_text=_("JPEG, PNG, WebP or PDF. Location data is removed from photos.")
    )
    is_anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_("No name or contact is kept. You follow the case only with the tracking code and secret."),
    )
    is_confidential = forms.BooleanField(
        label=_("Keep my identity confidential"),
        required=False,
        help_text=_("Only the complaint administrator sees who you are; the OPD and the public never do."),
    )
    reporter_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    reporter_email = forms.EmailField(label=_("E-mail"), required=False)
    reporter_phone = forms.CharField(label=_("Phone / WhatsApp"), max_length=30, required=False)
    reporter_address = forms.CharField(label=_("Your address"), max_length=300, required=False)
    whatsapp_updates = forms.BooleanField(
        label=_("Send me updates on WhatsApp"),
        required=False,
        help_text=_("To the number above, from the government's WhatsApp number. Send BERHENTI there to stop."),
    )

    def __init__(self, *args: Any, jurisdictions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("jurisdiction", jurisdictions)
        only = jurisdictions.first() if jurisdictions.count() == 1 else None
        if only is not None:
            self.fields["jurisdiction"].initial = only
            self.fields["jurisdiction"].widget = forms.HiddenInput()
        self.limit_choices(
            "category",
            Category.objects.filter(jurisdiction__in=jurisdictions, is_active=True).order_by("group", "name"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not data.get("is_anonymous") and not (data.get("reporter_name") or "").strip():
            self.add_error("reporter_name", _("Give your name, or choose to report anonymously."))
        if data.get("whatsapp_updates") and not data.get("is_anonymous") and not data.get("reporter_phone"):
            self.add_error("reporter_phone", _("Give your WhatsApp number to receive updates there."))
        category = data.get("category")
        jurisdiction = data.get("jurisdiction")
        if category and jurisdiction and category.jurisdiction_id != jurisdiction.pk:
            self.add_error("category", _("This topic belongs to another government."))
        if data.get("compensation_amount") is not None and not (data.get("compensation_grounds") or "").strip():
            self.add_error("compensation_grounds", _("Describe the loss the service caused you."))
        if (data.get("compensation_grounds") or "").strip() and data.get("compensation_amount") is None:
            self.add_error("compensation_amount", _("Give the compensation claimed in whole rupiah."))
        return data

    def submission(self, *, channel: Channel, reporter_user: Any = None, language: str = "id") -> Submission:
        d = self.cleaned_data
        anonymous = bool(d["is_anonymous"])
        return Submission(
            jurisdiction=d["jurisdiction"],
            title=d["title"],
            description=d["description"],
            channel=channel,
            kind=d["kind"],
            expectation=d.get("expectation") or "",
            incident_date=d.get("incident_date"),
            address=d.get("address") or "",
            lat=d.get("lat"),
            lng=d.get("lng"),
            category=d.get("category"),
            reporter=None
            if anonymous
            else ReporterDetails(
                name=d.get("reporter_name") or "",
                email=d.get("reporter_email") or "",
                phone=d.get("reporter_phone") or "",
                address=d.get("reporter_address") or "",
            ),
            is_anonymous=anonymous,
            is_confidential=bool(d["is_confidential"]),
            reporter_user=reporter_user,
            language=language,
            compensation_amount=d.get("compensation_amount"),
            compensation_grounds=d.get("compensation_grounds") or "",
        )


class StaffRecordForm(ComplaintForm):
    """A complaint typed in by staff for a walk-in, phone or forum reporter."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(c.value, c.label) for c in Channel if c in STAFF_CHANNELS]
    )
    forum_session = forms.CharField(
        label=_("Forum session"),
        max_length=200,
        required=False,
        help_text=_("For an aspiration forum, e.g. “Ngombe, 12 June 2026, Kecamatan Klojen”."),
    )

    # Consent to WhatsApp updates is the reporter's own choice, given on the portal.
    whatsapp_updates = None  # type: ignore[assignment]
    field_order = ["channel", "forum_session"]

    def staff_submission(self) -> Submission:
        base = self.submission(channel=Channel(self.cleaned_data["channel"]))
        return replace(base, forum_session=self.cleaned_data.get("forum_session") or "")


class TrackForm(StyledForm):
    code = forms.CharField(label=_("Tracking code"), max_length=40)
    secret = forms.CharField(label=_("Secret"), max_length=40, widget=forms.PasswordInput(render_value=False))


class TextForm(StyledForm):
    """A message, reason or answer, with optional files."""

    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)
    attachments = MultipleFileField(label=_("Attachments"))


class StaffReplyForm(TextForm):
    """A staff member's message to the reporter: public, so the box says so."""

    text = forms.CharField(
        label=_("Message to the reporter"),
        help_text=_("Public: the reporter reads this on their tracking page."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )


class ReporterMessageForm(TextForm):
    """The reporter's message to the staff handling the case."""

    text = forms.CharField(
        label=_("Your message"),
        help_text=_("The officers handling your complaint read this; your identity stays protected."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )


class RatingForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the handling?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TransitionForm(StyledForm):
    """The back office's action form; which fields matter depends on the action."""

    text = forms.CharField(label=_("Reason or message"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Staff only: recorded as an internal note with the step, never shown to the reporter.
    note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=Opd.objects.none(), required=False)
    archive_reason = forms.ChoiceField(
        label=_("Archive reason"), choices=[("", "—"), *ArchiveReason.choices], required=False
    )
    forwarded_to = forms.CharField(label=_("Institution"), max_length=200, required=False)
    complexity_tier = forms.ModelChoiceField(
        label=_("Complexity"),
        queryset=ComplexityTier.objects.none(),
        required=False,
        empty_label=_("— the category's default —"),
        help_text=_("Sets the follow-up deadline to the tier's number of days."),
    )
    # The decision on a compensation claim, given with the answer (UU 25/2009 Pasal 50(3)).
    compensation_outcome = forms.ChoiceField(
        label=_("Decision on the compensation claim"),
        choices=[("", "—"), *CompensationOutcome.choices],
        required=False,
    )
    compensation_amount = forms.IntegerField(
        label=_("Amount granted (Rp)"),
        required=False,
        min_value=1,
        max_value=10**15,
        help_text=_("Needed when partly granted; granted in full pays the amount claimed."),
    )
    compensation_reason = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
        help_text=_("Public: the reporter reads this on their tracking page."),
    )
    compensation_payment_due = forms.DateField(
        label=_("To be paid by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("opd", Opd.objects.filter(jurisdiction=jurisdiction, is_active=True))
        self.limit_choices("complexity_tier", ComplexityTier.objects.filter(jurisdiction=jurisdiction, is_active=True))

    def compensation_decision(self) -> Decision | None:
        d = self.cleaned_data
        if not d.get("compensation_outcome"):
            return None
        return Decision(
            outcome=d["compensation_outcome"],
            reason=d.get("compensation_reason") or "",
            amount=d.get("compensation_amount"),
            payment_due=d.get("compensation_payment_due"),
        )


class CompensationClaimForm(StyledForm):
    """Staff record a claim the reporter made outside the form."""

    claim_amount = forms.IntegerField(label=_("Amount claimed (Rp)"), min_value=1, max_value=10**15)
    claim_grounds = forms.CharField(
        label=_("The loss and how the service caused it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Public: the reporter reads this on their tracking page."),
    )


class CompensationPaymentForm(StyledForm):
    payment_amount = forms.IntegerField(label=_("Amount paid (Rp)"), min_value=1, max_value=10**15)
    payment_paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    payment_reference = forms.CharField(
        label=_("Payment reference"),
        max_length=200,
        required=False,
        help_text=_("E.g. the transfer number or the receipt signed by the reporter."),
    )


class ClassifyForm(StyledForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Type of report"), choices=Kind.choices)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("category", Category.objects.filter(jurisdiction=jurisdiction, is_active=True))
