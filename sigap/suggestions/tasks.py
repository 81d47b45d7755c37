"""Jobs that retrain the suggestion models from each jurisdiction's own cases."""

from __future__ import annotations

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sigap.organisations.models import Jurisdiction
from sigap.suggestions.training import train_maladministration, train_routing


@task()
def retrain_routing(jurisdiction_id: int) -> int:
    """Retrain one jurisdiction's category and OPD models; return how many were stored."""
    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id, is_active=True).first()
    return len(train_routing(jurisdiction=jurisdiction)) if jurisdiction else 0


@task()
def retrain_maladministration(count: int = 8_000) -> int:
    return train_maladministration(count=count).samples


# Weekly, at night: dispatches of the week become training data.
@db_periodic_task(crontab(day_of_week="0", hour="1", minute="30"))
def retrain_all() -> None:
    for pk in (
        Jurisdiction.objects.filter(is_active=True)
        .exclude(kind=Jurisdiction.Kind.OMBUDSMAN)
        .values_list("pk", flat=True)
    ):
        retrain_routing.enqueue(pk)
    retrain_maladministration.enqueue()
