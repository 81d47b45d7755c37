"""Periodic upkeep of what the APIs remember between calls."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sigap.api.idempotency import idempotency_purge


@db_periodic_task(crontab(minute="17"))
def purge_idempotency_records() -> None:
    idempotency_purge()
