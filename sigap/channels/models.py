"""Raw inbound messages, and the forum sessions where staff record aspirations.

Every message that reaches Sigap through a channel is stored as it came
before it is parsed, so a message Sigap cannot understand is never lost: it
stays here, marked failed with the reason, for staff to see.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        LAPOR = "lapor", _("SP4N-LAPOR!")
        OMBUDSMAN = "ombudsman", _("Ombudsman RI")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received, not yet processed")
        FILED = "filed", _("Filed as a new complaint")
        THREADED = "threaded", _("Added to an existing complaint")
        ANSWERED = "answered", _("Answered (a question, not a complaint)")
        IGNORED = "ignored", _("Ignored (bounce or automatic reply)")
        FAILED = "failed", _("Could not be processed")

    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The sender's own id for the message (Message-ID, gateway id, batch file hash): a redelivery is recognised.
    external_id = models.CharField(_("external id"), max_length=300, blank=True)
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    raw = models.BinaryField(_("message as received"))
    content_type = models.CharField(max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.RECEIVED)
    error = models.TextField(_("problem"), blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", verbose_name=_("complaint"), null=True, blank=True, on_delete=models.PROTECT
    )
    # For a batch file: {"imported": n, "duplicates": [...], "errors": [...]}.
    result = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~models.Q(external_id=""),
                name="inbound_unique_external_id",
            )
        ]
        indexes = [models.Index(fields=["jurisdiction", "state", "-received_at"], name="inbound_staff_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.sender} {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def text(self) -> str:
        """The raw message as text, for staff to read (never rendered as HTML)."""
        return bytes(self.raw).decode("utf-8", errors="replace")


class ForumSession(models.Model):
    """One meeting of an aspiration forum (e.g. Kota Malang's Ngombe) where many aspirations are recorded."""

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
    name = models.CharField(_("forum"), max_length=120)
    place = models.CharField(_("place"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forum session")
        verbose_name_plural = _("forum sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What the complaint's `forum_session` field records."""
        parts = [self.name, self.held_on.isoformat(), self.place]
        return ", ".join(p for p in parts if p)[:200]


class ForumEntry(models.Model):
    """Links a complaint to the forum session it was raised at."""

    session = models.ForeignKey(ForumSession, on_delete=models.PROTECT, related_name="entries")
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT, related_name="forum_entry")

    class Meta:
        verbose_name = _("forum entry")
        verbose_name_plural = _("forum entries")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.session} — {self.complaint_id}"
