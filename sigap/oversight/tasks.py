"""Job: the periodic sweep of request deadlines (e-mails go through the notifications outbox)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/10"))
def sweep_request_deadlines() -> None:
    from sigap.oversight.services import requests_sweep

    requests_sweep()
