"""What the REST and Open311 APIs must remember between calls."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """The outcome of a create call made with an Idempotency-Key.

    The unique constraint on (client, key) is what makes a retry safe under
    concurrency: the second insert waits for the first transaction and then
    inserts nothing, and the caller replays the stored response.
    """

    # "key:<api key id>" or "addr:<client address>": keys of different clients never meet.
    client = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    # Which call the key was used for ("rest.complaint_create", "open311.requests").
    operation = models.CharField(max_length=40)
    request_hash = models.CharField(max_length=64)
    complaint = models.ForeignKey("complaints.Complaint", null=True, blank=True, on_delete=models.CASCADE)
    status_code = models.PositiveSmallIntegerField(default=0)
    # The response body as first sent, replayed verbatim (it holds the reporter's secret until it expires).
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotency_client_key_unique")]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.client} {self.key}"
