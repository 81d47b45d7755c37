"""Per-client API keys: stored as a hash, scoped to one jurisdiction and a set of actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """One client's key. The key itself is shown once at creation; only its SHA-256 is kept.

    A key acts for one jurisdiction. Keys that read or act on cases name a staff
    `user` and can never reach more than that user's roles in the jurisdiction;
    keys without a user can only file complaints and post updates.
    """

    name = models.CharField(_("name"), max_length=120, help_text=_("Who uses the key, e.g. the city's mobile app."))
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="api_keys"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    # The first characters of the key, shown in lists so people can tell keys apart.
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    # SHA-256 of the whole key: keys are random and long, so a fast hash is safe.
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("allowed actions"), default=list)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes
