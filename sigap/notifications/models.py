"""The outbox: every message Sigap sends, one row per (event, recipient, channel).

A row is written when something happens and is then delivered by a job. The
row, not the job, holds the truth: its unique `dedupe_key` means one event
never yields two messages to the same recipient, its state means a job that
runs twice sends once, and `next_attempt_at` lets a periodic re-drive find
rows whose job was lost (worker killed, queue flushed).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # To the reporter.
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement with the tracking code")
    STATUS_CHANGED = "status_changed", _("Status change")
    INFO_REQUESTED = "info_requested", _("Request to complete the report")
    ANSWERED = "answered", _("Answer, with the request to confirm")
    CLOSED = "closed", _("Closed, with the request to rate")
    STAFF_MESSAGE = "staff_message", _("Message from the officer")
    # To staff.
    DISPATCHED = "dispatched", _("New case dispatched to the OPD")
    REPORTER_MESSAGE = "reporter_message", _("Message from the reporter")
    REMINDER = "reminder", _("Deadline reminder")
    ESCALATION = "escalation", _("Escalation of overdue cases")
    DIGEST = "digest", _("Daily digest")
    OVERSIGHT_REQUEST = "oversight_request", _("Request for clarification or data, and its follow-up")
    STAFF_ACCESS = "staff_access", _("Invitation or password reset for staff")
    # To other systems and through the gateways.
    WEBHOOK = "webhook", _("Webhook event")
    GATEWAY_REPLY = "gateway_reply", _("Reply through the SMS/WhatsApp gateway")
    # To citizens who are not the reporter (and the reporter's receipt); written ready to send.
    RECEIPT = "receipt", _("Receipt of a filed complaint")
    CONFIRMATION = "confirmation", _("Request to confirm an e-mail address")
    ALERT = "alert", _("Alert about public reports")
    PHONE_CODE = "phone_code", _("One-time code to verify a phone number")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WA_CLOUD = "wa_cloud", _("WhatsApp Business Platform")
    TELEGRAM = "telegram", _("Telegram")


class State(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed, gave up")
    SUPPRESSED = "suppressed", _("Not sent (switched off)")


# Messages carrying a single-use link or code: their text is wiped from the row once sent.
SECRET_KINDS = frozenset({Kind.STAFF_ACCESS, Kind.PHONE_CODE})

# States a delivery job may pick up.
DELIVERABLE = frozenset({State.PENDING, State.RETRYING})


class Notification(models.Model):
    # Public id, sent as the webhook's delivery id and the e-mail's Message-ID,
    # so receivers can recognise a redelivery.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dedupe_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=500)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), null=True, blank=True, on_delete=models.CASCADE
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey("complaints.ComplaintEvent", null=True, blank=True, on_delete=models.SET_NULL)
    language = models.CharField(_("language"), max_length=8, default="id")
    # What the message is built from (case ids of a digest, a webhook's payload, a gateway reply's text).
    context = models.JSONField(default=dict, blank=True)
    # What was actually sent, filled when it is rendered.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)

    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # While SENDING: when the claim expires and the re-drive may take the row back.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The re-drive: rows waiting for a (new) attempt, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due_idx",
                condition=models.Q(state__in=["pending", "retrying"]),
            ),
            # The re-drive: claims whose worker disappeared.
            models.Index(fields=["lease_until"], name="notification_lease_idx", condition=models.Q(state="sending")),
            # The staff page: a jurisdiction's failed deliveries.
            models.Index(fields=["jurisdiction", "state", "-created_at"], name="notification_staff_idx"),
        ]

    def __str__(self) -> str:
        # No address: the row's name shows in lists whose readers may not see reporters' identities.
        return f"{self.get_kind_display()} #{self.pk} · {self.get_channel_display()} ({self.get_state_display()})"


class WebhookEndpoint(models.Model):
    """Another system that follows a jurisdiction's case events (signed with HMAC-SHA256)."""

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="webhooks"
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"
