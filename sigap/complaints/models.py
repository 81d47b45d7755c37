"""The complaint, its reporter, attachments and timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.complaints.workflow import OPEN, STAFF_CLOCK, ArchiveReason, CloseReason, Status


class Channel(models.TextChoices):
    WEB = "web", _("Web portal")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    WALK_IN = "walk_in", _("Walk-in (loket / MPP)")
    PHONE = "phone", _("Telephone")
    FORUM = "forum", _("Aspiration forum")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    OMBUDSMAN = "ombudsman", _("Ombudsman RI")


# Channels through which staff record a complaint on a reporter's behalf.
STAFF_CHANNELS = frozenset({Channel.WALK_IN, Channel.PHONE, Channel.FORUM})


class Kind(models.TextChoices):
    COMPLAINT = "pengaduan", _("Complaint")
    ASPIRATION = "aspirasi", _("Aspiration / suggestion")
    INFORMATION = "informasi", _("Request for information")


class Complaint(models.Model):
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
    tracking_code = models.CharField(_("tracking code"), max_length=14, unique=True)
    # SHA-256 of the reporter's secret: it is random and long, so a fast hash is safe.
    secret_hash = models.CharField(max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"))
    expectation = models.TextField(_("what the reporter asks for"), blank=True)
    incident_date = models.DateField(_("date of the event or service"), null=True, blank=True)
    address = models.CharField(_("place"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)

    category = models.ForeignKey(
        "organisations.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    service = models.ForeignKey(
        "organisations.Service", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL
    )
    opd = models.ForeignKey(
        "organisations.Opd",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )

    # Two separate switches (SP4N-LAPOR!'s anonim and rahasia): an anonymous
    # complaint keeps no identity at all; a confidential one keeps it, shown
    # only to the complaint administrator and every view is logged.
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_confidential = models.BooleanField(_("confidential"), default=False)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_complaints",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_complaints",
    )
    # For aspirations gathered at a forum (e.g. Kota Malang's Ngombe): which session.
    forum_session = models.CharField(_("forum session"), max_length=200, blank=True)
    language = models.CharField(_("reporter's language"), max_length=8, default="id")

    external_system = models.CharField(_("external system"), max_length=30, blank=True)
    external_ref = models.CharField(_("external reference"), max_length=100, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    archive_reason = models.CharField(_("archive reason"), max_length=20, choices=ArchiveReason.choices, blank=True)
    close_reason = models.CharField(_("close reason"), max_length=12, choices=CloseReason.choices, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    created_at = models.DateTimeField(_("received at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Optional (jurisdictions that publish completion limits by complexity): set at verification,
    # it gives the follow-up deadline its number of days.
    complexity_tier = models.ForeignKey(
        "organisations.ComplexityTier",
        verbose_name=_("complexity tier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The running stage's deadline; null while no clock runs (paused or finished).
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # The whole follow-up's deadline (UU 25/2009 Pasal 50), set once the file is complete.
    completion_due_at = models.DateTimeField(_("follow-up due at"), null=True, blank=True)
    # Working days that were left when the clock was paused for the reporter.
    paused_days_left = models.SmallIntegerField(null=True, blank=True)
    # Deadline sweep bookkeeping: how far the case has been escalated.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The inbox: a jurisdiction's cases by status, newest first.
            models.Index(fields=["jurisdiction", "status", "-created_at"], name="complaint_inbox_idx"),
            # An OPD's inbox.
            models.Index(fields=["opd", "status", "-created_at"], name="complaint_opd_inbox_idx"),
            # The deadline sweep: open cases whose clock has run out.
            models.Index(
                fields=["due_at"],
                name="complaint_open_due_idx",
                condition=models.Q(status__in=sorted(OPEN)),
            ),
            models.Index(fields=["external_system", "external_ref"], name="complaint_external_idx"),
            # The deadline sweep's reminders: staff-held cases not reminded yet, by deadline.
            models.Index(
                fields=["due_at"],
                name="complaint_remind_idx",
                condition=models.Q(status__in=sorted(STAFF_CLOCK), reminded_at__isnull=True),
            ),
            # The deadline sweep's escalations: staff-held cases by level, then deadline.
            models.Index(
                fields=["escalation_level", "due_at"],
                name="complaint_escalate_idx",
                condition=models.Q(status__in=sorted(STAFF_CLOCK)),
            ),
            # The deadline sweep's auto-close and auto-archive: the reporter's clock.
            models.Index(
                fields=["status", "due_at"],
                name="complaint_reporter_clock_idx",
                condition=models.Q(status__in=[Status.ANSWERED, Status.INCOMPLETE]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lng is not None


class Reporter(models.Model):
    """The reporter's identity, kept apart so that reading it is always deliberate.

    Anonymous complaints have no Reporter row. Reading a row goes through
    `reporter_identity_for` (selectors), which checks the role and logs the view.
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="reporter")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Staff-only attachments (internal evidence) are hidden from the reporter.
    is_internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ComplaintEvent(models.Model):
    """One entry of a case's append-only timeline: the case's audit trail.

    Transitions, notes, replies, identity views and edits all land here with
    who did it, when, and the values before and after.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Received")
        TRANSITION = "transition", _("Status change")
        NOTE = "note", _("Internal note")
        REPLY = "reply", _("Message")
        IDENTITY_VIEW = "identity_view", _("Reporter identity viewed")
        EDIT = "edit", _("Details changed")
        ATTACHMENT = "attachment", _("Attachment added")
        RATING = "rating", _("Rating")
        ESCALATION = "escalation", _("Escalated (overdue)")
        DEADLINE_ADJUSTED = "deadline_adjusted", _("Deadline adjusted for a change of holidays")
        COMPENSATION = "compensation", _("Compensation")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT
    )
    # "reporter", "system" or the staff role the actor acted in.
    actor_role = models.CharField(_("acting as"), max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    body = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(_("visible to the reporter"), default=False)
    # Before/after values and references (OPD ids, reasons, attachment ids).
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.at:%Y-%m-%d %H:%M} {self.kind} {self.action}"


class CompensationOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted in full")
    PARTLY = "partly", _("Partly granted")
    REFUSED = "refused", _("Refused")


class CompensationClaim(models.Model):
    """A reporter's claim for compensation (ganti rugi) and what became of it.

    UU 25/2009: the complaint may include the claim (Pasal 42(4)), which describes the loss the
    service caused (Pasal 48(4)); the decision on the complaint states the amount and the deadline
    to pay it (Pasal 50(3)). Written only through the complaint services (complaint_submit,
    compensation_claim_add, the answer step of complaint_transition, compensation_payment_record),
    each of which records a case event.
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="compensation")
    # Whole rupiah.
    amount_claimed = models.PositiveBigIntegerField(_("amount claimed (Rp)"))
    grounds = models.TextField(_("loss suffered and its cause"))
    claimed_at = models.DateTimeField(_("claimed at"))
    # The officer who typed in a claim the reporter made by e-mail, SMS, phone or at the counter.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    outcome = models.CharField(_("decision"), max_length=10, choices=CompensationOutcome.choices, blank=True)
    amount_granted = models.PositiveBigIntegerField(_("amount granted (Rp)"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    payment_due = models.DateField(_("to be paid by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    amount_paid = models.PositiveBigIntegerField(_("amount paid (Rp)"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    payment_recorded_at = models.DateTimeField(_("payment recorded at"), null=True, blank=True)
    payment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payment recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_claimed__gt=0), name="compensation_claim_positive"),
            models.CheckConstraint(
                condition=models.Q(amount_paid__isnull=True) | models.Q(outcome__in=["granted", "partly"]),
                name="compensation_paid_only_when_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} Rp {self.amount_claimed}"

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome)

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def payable(self) -> bool:
        return self.outcome in (CompensationOutcome.GRANTED, CompensationOutcome.PARTLY)


class ResponseTemplate(models.Model):
    """An approved answer text officers start from, per category and language."""

    jurisdiction = models.ForeignKey("organisations.Jurisdiction", on_delete=models.CASCADE)
    category = models.ForeignKey(
        "organisations.Category", verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)
    # Four eyes: a text is offered on case pages only once someone other than its last editor approved it.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
