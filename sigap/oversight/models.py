"""Requests for clarification, data or explanation sent to an institution, and early-warning thresholds.

The Ombudsman asks an institution's focal point for a clarification or data
(UU 37/2008 Pasal 28(1)(b) and 33); the Inspektorat asks an OPD for an explanation
the same way. A request has a deadline, reminders, a second request and, when
that too is ignored, the finding that the institution waived its right to
answer (Pasal 33). Time limits and thresholds are data, seeded with defaults.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.oversight.receipts import ReceiptVia
from sigap.sla.models import Counting


class Requester(models.TextChoices):
    OMBUDSMAN = "ombudsman", _("Ombudsman RI")
    INSPEKTORAT = "inspektorat", _("Inspektorat")


class RequestKind(models.TextChoices):
    CLARIFICATION = "clarification", _("Request for clarification")
    DATA = "data", _("Request for data or documents")
    EXPLANATION = "explanation", _("Request for an explanation")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the answer")
    SECOND = "second_request", _("Second request: waiting for the answer")
    ANSWERED = "answered", _("Answered")
    WAIVED = "waived", _("Not answered: right to answer waived")


WAITING = frozenset({RequestStatus.OPEN, RequestStatus.SECOND})


class AnswerLimit(models.Model):
    """How long an institution has to answer, per requester: editable data."""

    requester = models.CharField(_("requester"), max_length=20, choices=Requester.choices, unique=True)
    days = models.PositiveIntegerField(_("days to answer"))
    second_request_days = models.PositiveIntegerField(_("days to answer a second request"))
    counting = models.CharField(_("counted in"), max_length=10, choices=Counting.choices)
    remind_days_before = models.PositiveIntegerField(_("remind this many days before the deadline"), default=3)
    source = models.CharField(_("legal source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer time limit")
        verbose_name_plural = _("answer time limits")

    def __str__(self) -> str:
        return f"{self.get_requester_display()}: {self.days} {self.get_counting_display()}"


class InformationRequest(models.Model):
    requester = models.CharField(_("requested by"), max_length=20, choices=Requester.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    # None: addressed to the jurisdiction's own focal point.
    opd = models.ForeignKey(
        "organisations.Opd", verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        "ombudsman.Report",
        verbose_name=_("Ombudsman report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    subject = models.CharField(_("subject"), max_length=200)
    questions = models.TextField(_("questions"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))
    # Empty while the institution's receipt of the current request (first or second) is not known: the
    # 14 days of UU 37/2008 Pasal 33 count from receipt (sigap.oversight.receipts).
    due_at = models.DateTimeField(_("answer due by"), null=True, blank=True)
    received_at = models.DateTimeField(_("received by the institution at"), null=True, blank=True)
    receipt_via = models.CharField(_("receipt known from"), max_length=10, choices=ReceiptVia.choices, blank=True)
    # When the sweep presumes receipt on the sending date; cleared once the receipt is known.
    presume_receipt_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    # When the next reminder goes out; cleared the moment the sweep claims it.
    remind_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    second_request_at = models.DateTimeField(_("second request sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    waived_at = models.DateTimeField(_("deemed waived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to an institution")
        verbose_name_plural = _("requests to institutions")
        ordering = ["-sent_at", "-id"]
        indexes = [
            # The sweep: waiting requests whose deadline passed.
            models.Index(
                fields=["due_at"], name="request_waiting_due_idx", condition=models.Q(status__in=sorted(WAITING))
            ),
            # The sweep: reminders to send.
            models.Index(fields=["remind_at"], name="request_remind_idx", condition=models.Q(remind_at__isnull=False)),
            models.Index(fields=["opd", "status"], name="request_opd_idx"),
            # The sweep: receipts to presume.
            models.Index(
                fields=["presume_receipt_at"],
                name="request_presume_idx",
                condition=models.Q(presume_receipt_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING

    @property
    def awaiting_receipt(self) -> bool:
        """The clock has not started: nobody knows yet when the institution received the request."""
        return self.is_waiting and self.due_at is None

    @property
    def round_sent_at(self) -> datetime:
        """When the request now waiting for an answer (the first or the second) was sent."""
        return self.second_request_at or self.sent_at


class RequestAnswer(models.Model):
    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="answers")
    body = models.TextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT, related_name="+"
    )
    answered_as = models.CharField(_("answered as"), max_length=30)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.at:%Y-%m-%d}"


class RequestDocument(models.Model):
    answer = models.ForeignKey(RequestAnswer, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to="requests/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class RequestEvent(models.Model):
    """Append-only trail of a request: sent, reminded, second request, answered, waived, documents opened."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Request sent")
        RECEIVED = "received", _("Receipt recorded: the answer clock runs")
        REMINDED = "reminded", _("Reminder sent")
        SECOND_REQUEST = "second_request", _("Second request sent")
        ANSWERED = "answered", _("Answer received")
        WAIVED = "waived", _("Deadline passed twice: right to answer waived")
        DOCUMENT_OPENED = "document_opened", _("Document opened")
        DEADLINE_ADJUSTED = "deadline_adjusted", _("Deadline adjusted for a change of holidays")

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_role = models.CharField(_("acting as"), max_length=30)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="request_event_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Metric(models.TextChoices):
    MALADMINISTRATION = "maladministration", _("Complaints showing a form of maladministration")
    REOPEN_RATE = "reopen_rate", _("Share of answered complaints reopened (%)")
    OVERDUE_RATE = "overdue_rate", _("Share of open complaints overdue (%)")
    IKM_BELOW = "ikm_below", _("Community satisfaction index (IKM) below")


class WarningThreshold(models.Model):
    """When a service or OPD is flagged; a jurisdiction's own row overrides the default."""

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for the system-wide default."),
    )
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    value = models.DecimalField(_("threshold"), max_digits=7, decimal_places=2)
    window_days = models.PositiveIntegerField(_("looking back (days)"), default=90)
    min_cases = models.PositiveIntegerField(_("only with at least this many cases or responses"), default=5)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("early-warning threshold")
        verbose_name_plural = _("early-warning thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "metric"],
                condition=models.Q(jurisdiction__isnull=False),
                name="threshold_unique_per_jurisdiction",
            ),
            models.UniqueConstraint(
                fields=["metric"], condition=models.Q(jurisdiction__isnull=True), name="threshold_unique_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.value}"
