"""Periodic intake jobs, run by the huey consumer's scheduler."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(minute="*"))
@lock_task("sigap-fetch-mail")
def fetch_mail() -> int:
    if not settings.SIGAP_USE_EMAIL_INTAKE:
        return 0
    from sigap.channels.email.sources import fetch_configured

    return len(fetch_configured())
