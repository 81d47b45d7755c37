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
        WA_CLOUD = "wa_cloud", _("WhatsApp Business Platform")
        TELEGRAM = "telegram", _("Telegram")

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


class Messenger(models.TextChoices):
    WA_CLOUD = "wa_cloud", _("WhatsApp Business Platform")
    TELEGRAM = "telegram", _("Telegram")


class MessagingAccount(models.Model):
    """A WhatsApp business phone number or a Telegram bot, and the jurisdiction it serves.

    `external_id` is the WhatsApp `phone_number_id`, or a name for a Telegram
    bot. A Telegram bot of its own carries its token and the secret token given
    to setWebhook; without them it is the bot of SIGAP_TELEGRAM_BOT_TOKEN.
    `templates` names the approved WhatsApp message templates by notification
    kind, e.g. {"default": {"name": "sigap_kabar", "language": "id"}}.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=Messenger.choices)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
    external_id = models.CharField(_("phone number id or bot name"), max_length=100)
    name = models.CharField(_("name"), max_length=200, blank=True)
    bot_token = models.CharField(_("bot token"), max_length=200, blank=True)
    secret_token = models.CharField(_("webhook secret token"), max_length=256, blank=True)
    templates = models.JSONField(_("message templates"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("messaging account")
        verbose_name_plural = _("messaging accounts")
        ordering = ["kind", "external_id"]
        constraints = [models.UniqueConstraint(fields=["kind", "external_id"], name="messaging_account_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name or self.external_id}"


class MessagingContact(models.Model):
    """One person on one WhatsApp number or bot: the conversation being written, the window, the consent.

    `account_key` is the phone_number_id or bot the person writes to (the
    sender must answer from the same one); `address` their wa_id or chat id.
    `draft` holds the messages of a complaint not yet sent:
    {"started_at", "texts": [...], "media": [{"ref", "name", "mime"}], "lat", "lng"}.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=Messenger.choices)
    account_key = models.CharField(max_length=100)
    address = models.CharField(_("address"), max_length=64)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="id")
    # The reporter's last message: WhatsApp allows free text for 24 hours after it, templates otherwise.
    last_inbound_at = models.DateTimeField(_("last message at"), null=True, blank=True)
    opted_out = models.BooleanField(_("opted out"), default=False)
    consent_at = models.DateTimeField(_("opted in at"), null=True, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("messaging contact")
        verbose_name_plural = _("messaging contacts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "account_key", "address"], name="messaging_contact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.address}"


class MessagingSubscription(models.Model):
    """A complaint whose updates go to a contact (who filed it there, or opted in on the web)."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(MessagingContact, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "contact"], name="messaging_subscription_unique")]

    def __str__(self) -> str:
        return f"{self.contact} — {self.complaint_id}"


class OutboundDelivery(models.Model):
    """The provider's id for a message Sigap sent, so its delivery statuses find the outbox row."""

    notification = models.OneToOneField(
        "notifications.Notification", on_delete=models.CASCADE, related_name="provider_delivery"
    )
    provider_id = models.CharField(max_length=200, unique=True)
    status = models.CharField(_("delivery status"), max_length=20, default="accepted")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.provider_id} ({self.status})"
