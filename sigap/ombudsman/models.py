"""Reports received by Ombudsman RI about the institutions its office oversees."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.ombudsman.workflow import OPEN, RECEIPT_CLOCKS, Outcome, Stage, Status
from sigap.oversight.receipts import ReceiptVia
from sigap.sla.models import Counting


class StageLimit(models.Model):
    """How long a stage may take; `days` empty means no clock (no limit found in the rules)."""

    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, unique=True)
    days = models.PositiveIntegerField(_("days"), null=True, blank=True)
    counting = models.CharField(
        _("counted in"), max_length=10, choices=Counting.choices, default=Counting.CALENDAR_DAYS
    )
    source = models.CharField(_("legal source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Ombudsman stage time limit")
        verbose_name_plural = _("Ombudsman stage time limits")
        ordering = ["stage"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.days or '—'} {self.get_counting_display()}"


class RejectReason(models.TextChoices):
    """Grounds of UU 37/2008 Pasal 36(1), plus the formal and material checks."""

    NO_PRIOR_COMPLAINT = "no_prior_complaint", _("The reporter did not first complain to the institution")
    IN_COURT = "in_court", _("The matter is before a court")
    STILL_WITH_INSTITUTION = "still_with_institution", _("The institution is still handling it within a fair time")
    ALREADY_RESOLVED = "already_resolved", _("Already resolved by the institution")
    NOT_AUTHORITY = "not_authority", _("Not within the Ombudsman's authority")
    ALREADY_HANDLED = "already_handled", _("Already handled (by the Ombudsman or another body)")
    TOO_OLD = "too_old", _("The event is more than 2 years old")
    INCOMPLETE = "incomplete", _("The formal requirements are not met")


class Report(models.Model):
    office = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("Ombudsman office"),
        on_delete=models.PROTECT,
        related_name="ombudsman_reports",
        limit_choices_to={"kind": "ombudsman"},
    )
    number = models.CharField(_("registration number"), max_length=30, unique=True)
    # The reported party (terlapor): a jurisdiction the office oversees, and its OPD if known.
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("institution reported"), on_delete=models.PROTECT, related_name="+"
    )
    opd = models.ForeignKey(
        "organisations.Opd", verbose_name=_("OPD reported"), null=True, blank=True, on_delete=models.PROTECT
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("Sigap complaint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ombudsman_reports",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)

    # UU 37/2008 Pasal 24(1)(a): the reporter's identity; seen only by the Ombudsman's officers.
    reporter_name = models.CharField(_("reporter's full name"), max_length=200)
    reporter_birth = models.CharField(_("place and date of birth"), max_length=200, blank=True)
    reporter_marital_status = models.CharField(_("marital status"), max_length=60, blank=True)
    reporter_occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    reporter_address = models.CharField(_("full address"), max_length=300, blank=True)
    reporter_contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)
    identity_confidential = models.BooleanField(_("keep the reporter's identity confidential"), default=False)

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("detailed description of the event, act or decision"))
    incident_date = models.DateField(_("date of the event"), null=True, blank=True)
    prior_complaint = models.TextField(_("how the reporter first complained to the institution"), blank=True)

    # Formal verification (Pasal 24) and material verification, recorded by the officer.
    description_detailed = models.BooleanField(_("the description is detailed enough"), default=False)
    prior_complaint_made = models.BooleanField(
        _("already complained to the institution or its superior"), default=False
    )
    within_authority = models.BooleanField(_("within the Ombudsman's authority"), default=False)
    not_already_handled = models.BooleanField(_("not already handled elsewhere"), default=False)

    findings = models.TextField(_("findings"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    reject_reason = models.CharField(_("reason for rejection"), max_length=30, choices=RejectReason.choices, blank=True)

    received_at = models.DateTimeField(_("received at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"))
    lhp_at = models.DateTimeField(_("LHP issued at"), null=True, blank=True)
    recommendation_at = models.DateTimeField(_("recommendation issued at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    due_at = models.DateTimeField(_("stage due at"), null=True, blank=True)
    # When the running stage's clock started: the transition, or for the LHP and the recommendation the day the
    # reported party received it (PerOmbudsman 58/2023 Pasal 54(1); UU 37/2008 Pasal 38(2)).
    stage_started_at = models.DateTimeField(_("stage clock started at"), null=True, blank=True)
    document_received_at = models.DateTimeField(
        _("LHP or recommendation received by the reported party at"), null=True, blank=True
    )
    receipt_via = models.CharField(_("receipt known from"), max_length=10, choices=ReceiptVia.choices, blank=True)
    # When the sweep presumes receipt on the issuing date; cleared once the receipt is known.
    presume_receipt_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Ombudsman report")
        verbose_name_plural = _("Ombudsman reports")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["jurisdiction", "status", "-received_at"], name="ombudsman_report_list_idx"),
            # The sweep: open reports whose stage clock ran out.
            models.Index(fields=["due_at"], name="ombudsman_open_due_idx", condition=models.Q(status__in=sorted(OPEN))),
            # The sweep: receipts to presume.
            models.Index(
                fields=["presume_receipt_at"],
                name="ombudsman_presume_idx",
                condition=models.Q(presume_receipt_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def awaiting_receipt(self) -> bool:
        """The LHP or recommendation is out but nobody knows yet when the reported party received it."""
        return self.status in RECEIPT_CLOCKS and not self.receipt_via

    @property
    def issued_at(self) -> datetime | None:
        """When the document whose receipt starts the running clock was issued."""
        return self.lhp_at if self.status == Status.LHP else self.recommendation_at

    @property
    def identity_complete(self) -> bool:
        """UU 37/2008 Pasal 24(1)(a): name, birth, marital status, occupation and address."""
        return all(
            v.strip()
            for v in (
                self.reporter_name,
                self.reporter_birth,
                self.reporter_marital_status,
                self.reporter_occupation,
                self.reporter_address,
            )
        )


class ReportEvent(models.Model):
    """Append-only trail of an Ombudsman report."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Report received")
        DOCUMENT_RECEIVED = "document_received", _("Receipt of the LHP or recommendation recorded")
        TRANSITION = "transition", _("Stage changed")
        CHECKS = "checks", _("Verification checks recorded")
        NOTE = "note", _("Internal note")
        IDENTITY_VIEW = "identity_view", _("Reporter identity viewed")
        NOTICE = "notice", _("Notice to the parties")
        DEADLINE_ADJUSTED = "deadline_adjusted", _("Deadline adjusted for a change of holidays")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=30, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_role = models.CharField(_("acting as"), max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "at"], name="report_event_idx")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.action}"


class NoticeKind(models.TextChoices):
    """The Ombudsman's own duties to tell the parties, each with its article (UU 37/2008)."""

    NOT_AUTHORITY = "not_authority", _("Tell the reporter the report is not the Ombudsman's authority")
    REJECTION = "rejection", _("Tell the reporter and the reported party of the rejection")
    RECOMMENDATION = "recommendation", _("Deliver the recommendation to the reporter, reported party and superior")


class NoticeLimit(models.Model):
    """How long the Ombudsman has to send a notice, counted from the day the decision is signed."""

    kind = models.CharField(_("notice"), max_length=20, choices=NoticeKind.choices, unique=True)
    days = models.PositiveIntegerField(_("days"))
    counting = models.CharField(
        _("counted in"), max_length=10, choices=Counting.choices, default=Counting.CALENDAR_DAYS
    )
    source = models.CharField(_("legal source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Ombudsman notice time limit")
        verbose_name_plural = _("Ombudsman notice time limits")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} {self.get_counting_display()}"


class Notice(models.Model):
    """A notice the Ombudsman owes after a decision, its clock and when it went out."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("notice"), max_length=20, choices=NoticeKind.choices)
    signed_at = models.DateTimeField(_("decision signed at"))
    due_at = models.DateTimeField(_("notice due by"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Ombudsman notice")
        verbose_name_plural = _("Ombudsman notices")
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="notice_one_per_kind")]
        indexes = [
            models.Index(fields=["due_at"], name="notice_unsent_due_idx", condition=models.Q(sent_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"
