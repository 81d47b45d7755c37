"""Jobs that failed, kept so that administrators can see and act on them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobFailure(models.Model):
    task_path = models.CharField(_("job"), max_length=200, db_index=True)
    task_id = models.CharField(_("job id"), max_length=64)
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    error = models.CharField(_("error"), max_length=300)
    traceback = models.TextField(_("traceback"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed job")
        verbose_name_plural = _("failed jobs")
        ordering = ["-failed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.failed_at:%Y-%m-%d %H:%M} {self.task_path}"
