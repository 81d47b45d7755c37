"""Jobs that keep the dashboard figures current."""

from __future__ import annotations

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sigap.dashboards.rollups import rollups_refresh
from sigap.organisations.models import Jurisdiction


@task()
def refresh_figures(jurisdiction_id: int) -> int:
    """Bring one jurisdiction's daily figures up to date; return rows rewritten."""
    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id, is_active=True).first()
    return rollups_refresh(jurisdiction=jurisdiction) if jurisdiction else 0


@db_periodic_task(crontab(minute="*/10"))
def refresh_all_figures() -> None:
    enqueue_refresh_all()


def enqueue_refresh_all() -> None:
    """Queue a figures refresh for every city (also when Sigap starts, so no page waits ten minutes)."""
    # One job per jurisdiction, so a large city does not hold up the others.
    for pk in (
        Jurisdiction.objects.filter(is_active=True)
        .exclude(kind=Jurisdiction.Kind.OMBUDSMAN)
        .values_list("pk", flat=True)
    ):
        refresh_figures.enqueue(pk)
