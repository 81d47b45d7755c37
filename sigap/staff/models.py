"""Staff invitations and the record of every sign-in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """An e-mailed offer of staff roles in one jurisdiction.

    The link carries a signed token; only the SHA-256 of its random part is
    stored, and it is cleared once the invitation is used or withdrawn, so a
    link works once and no copy of it can be read back from the database.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the invitee")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=150)
    # [{"role": "opd_officer", "opd": 12}, ...]: what accepting grants.
    grants = models.JSONField(_("roles"), default=list)
    nonce_hash = models.CharField(max_length=64, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} ({self.jurisdiction})"

    @property
    def state(self) -> State:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.withdrawn_at:
            return self.State.WITHDRAWN
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING


class SignIn(models.Model):
    """One step of one sign-in: a password or second-factor check, passed or failed."""

    class Outcome(models.TextChoices):
        PASSWORD_OK = "password_ok", _("Password accepted")
        PASSWORD_FAILED = "password_failed", _("Wrong user name or password")
        LOCKED_OUT = "locked_out", _("Refused: too many failed attempts")
        SECOND_FACTOR_OK = "otp_ok", _("Authenticator code accepted")
        RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")
        SECOND_FACTOR_FAILED = "otp_failed", _("Wrong authenticator code")

    FAILURES = (Outcome.PASSWORD_FAILED, Outcome.LOCKED_OUT, Outcome.SECOND_FACTOR_FAILED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sign_ins",
    )
    # What was typed, so failures against unknown names are recorded too.
    username = models.CharField(_("user name"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # Lets deactivation and access resets end the sessions this sign-in opened.
    session_key = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-at", "-id"]
        indexes = [
            # "Your recent sign-ins" and the staff list's last sign-in.
            models.Index(fields=["user", "-at"], name="signin_user_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def failed(self) -> bool:
        return self.outcome in self.FAILURES
