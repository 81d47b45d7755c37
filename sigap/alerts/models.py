"""Subscriptions to public reports (an area, a category, a point and radius, or one report) by e-mail or WhatsApp."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("A kelurahan / desa")
        KECAMATAN = "kecamatan", _("A kecamatan")
        CATEGORY = "category", _("A category")
        RADIUS = "radius", _("Around a point")
        REPORT = "report", _("One report")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    # A WhatsApp subscription: the number, on the WhatsApp Business number of the area's government.
    contact = models.ForeignKey(
        "channels.MessagingContact", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    language = models.CharField(max_length=8, default="id")
    area = models.ForeignKey("publicreports.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "organisations.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    report = models.ForeignKey(
        "publicreports.PublicReport", null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    radius_m = models.PositiveIntegerField(null=True, blank=True)
    # Also tell about updates to reports already announced (not only new reports).
    updates = models.BooleanField(_("also updates"), default=True)
    # One random token for the confirmation link and the unsubscribe link.
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        indexes = [
            models.Index(fields=["area"], name="alert_area_idx", condition=models.Q(confirmed_at__isnull=False)),
            models.Index(fields=["category"], name="alert_cat_idx", condition=models.Q(confirmed_at__isnull=False)),
            models.Index(fields=["report"], name="alert_report_idx", condition=models.Q(confirmed_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email or 'WhatsApp'}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
