"""The periodic sweep of Ombudsman report deadlines."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/10"))
def sweep_report_deadlines() -> None:
    from sigap.ombudsman.services import reports_sweep

    reports_sweep()


@db_periodic_task(crontab(minute="*/10"))
def sweep_notice_deadlines() -> None:
    from sigap.ombudsman.notices import notices_sweep

    notices_sweep()
