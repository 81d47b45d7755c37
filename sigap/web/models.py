"""Counters shared by every process that serves Sigap."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """Attempts in one fixed window of one rate limit: `bucket` is scope, key and window start.

    Incremented with a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING (see
    `sigap.web.ratelimit`), so app servers on several machines count together without losing a hit.
    Used when no shared cache (Redis, Memcached) is configured. On PostgreSQL the table is unlogged
    (migration 0003): a hit's commit does not wait for a disk flush, and a crash empties it.
    """

    bucket = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    # Unix time after which the window is over and the row may be deleted.
    expires_at = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.bucket}={self.count}"


class ReferenceVersion(models.Model):
    """One row whose token changes whenever reference data changes (see `sigap.web.reference_cache`).

    Database triggers on the reference tables (API keys, users, jurisdictions, categories, time
    limits, holidays, ...) write a new random token in the transaction of the change, so every
    process sees the new token exactly when it can see the new data.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.pk}={self.token}"
