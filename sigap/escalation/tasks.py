"""The periodic deadline sweep, run by the huey consumer's scheduler."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from sigap.escalation.sweep import sweep


# One sweep at a time across every consumer: the lock lives in the queue's storage.
@db_periodic_task(crontab(minute=f"*/{settings.SIGAP_SWEEP_MINUTES}"))
@lock_task("sigap-deadline-sweep")
def deadline_sweep() -> dict[str, int]:
    return sweep().counts
