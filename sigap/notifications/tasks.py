"""Jobs: thin wrappers that fetch by id and call one service.

`deliver` goes through Django's Tasks API (huey is the engine); the periodic
jobs are huey's own, run by the consumer's scheduler (`manage.py run_huey`).
"""

from __future__ import annotations

import threading

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from sigap.notifications import digest, services


@task()
def deliver(notification_id: int) -> bool:
    return services.notification_deliver(notification_id=notification_id)


@db_periodic_task(crontab(minute="*"))
def redrive() -> int:
    return services.notifications_redrive()


_started = threading.Lock()


@HUEY.on_startup()
def redrive_on_start() -> None:
    """A (re)started consumer queues one re-drive at once, not at the next minute.

    A worker killed mid-job loses the job, and its claimed rows wait for their
    lease to run out; after a restart the rows whose lease has expired go out
    again straight away. Each worker thread runs this hook; one re-drive is enough.
    """
    if _started.acquire(blocking=False):
        redrive()


# 00:30 UTC is 07:30 WIB, 08:30 WITA, 09:30 WIT: before the offices' first hour is over.
@db_periodic_task(crontab(minute="30", hour="0"))
def daily_digest() -> int:
    return digest.digests_create()
