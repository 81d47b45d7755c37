"""Jobs: the e-mail of a request event, and the periodic sweep of request deadlines."""

from __future__ import annotations

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sigap.oversight import emails


@task()
def send_request_mail(event_id: int) -> int:
    return emails.send_for_event(event_id)


@db_periodic_task(crontab(minute="*/10"))
def sweep_request_deadlines() -> None:
    from sigap.oversight.services import requests_sweep

    requests_sweep()
