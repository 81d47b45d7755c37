"""Turn a stage's time limit into a due moment in the jurisdiction's own zone."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from sigap.organisations.models import Category, Jurisdiction
from sigap.sla.calendars import work_calendar
from sigap.sla.models import Counting, Stage, TimeLimit
from sigap.sla.workdays import WorkCalendar
from sigap.web.reference_cache import cached


class DueState(enum.StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Limit:
    days: int
    counting: str
    source: str


def time_limit(*, jurisdiction: Jurisdiction, category: Category | None, stage: Stage) -> Limit:
    """Return the most specific time limit for the stage (see TimeLimit).

    Kept by the process until any reference data changes (time limits, categories, ...).
    """
    key = (jurisdiction.pk, category.pk if category is not None else None, str(stage))
    limit = cached("sla.time_limit", key, lambda: _most_specific_limit(jurisdiction, category, stage))
    if limit is None:
        raise LookupError(f"no time limit configured for stage {stage!r}")
    return limit


def _most_specific_limit(jurisdiction: Jurisdiction, category: Category | None, stage: Stage) -> Limit | None:
    scope = Q(jurisdiction__isnull=True) | Q(jurisdiction=jurisdiction, category__isnull=True)
    if category is not None:
        scope |= Q(jurisdiction=jurisdiction, category=category)
    rows = list(TimeLimit.objects.filter(scope, stage=stage))
    if not rows:
        return None

    def specificity(row: TimeLimit) -> int:
        return (row.jurisdiction_id is not None) + (row.category_id is not None)

    best = max(rows, key=specificity)
    return Limit(days=best.days, counting=best.counting, source=best.source)


def local_date(moment: datetime, jurisdiction: Jurisdiction) -> date:
    return timezone.localtime(moment, ZoneInfo(jurisdiction.timezone)).date()


def end_of_day(day: date, jurisdiction: Jurisdiction) -> datetime:
    """Return the last second of `day` in the jurisdiction's zone."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(jurisdiction.timezone))


def calendar_for(jurisdiction: Jurisdiction, around: date) -> WorkCalendar:
    return work_calendar(
        jurisdiction_id=jurisdiction.pk,
        subdivision=jurisdiction.holiday_subdivision,
        around=around,
        cuti_bersama=not jurisdiction.works_on_cuti_bersama,
    )


def due_date(limit: Limit, start: date, calendar: WorkCalendar) -> date:
    if limit.counting == Counting.WORKING_DAYS:
        return calendar.add_days(start, limit.days)
    return start + timedelta(days=limit.days)


def deadline(
    *,
    jurisdiction: Jurisdiction,
    category: Category | None,
    stage: Stage,
    start: datetime,
    calendar: WorkCalendar | None = None,
) -> datetime:
    """Return when a stage that starts at `start` is due.

    The day of `start` is not counted: a complaint received on Monday with a
    3-working-day limit is due at the end of Thursday.
    """
    limit = time_limit(jurisdiction=jurisdiction, category=category, stage=stage)
    start_day = local_date(start, jurisdiction)
    calendar = calendar or calendar_for(jurisdiction, start_day)
    return end_of_day(due_date(limit, start_day, calendar), jurisdiction)


def due_soon_threshold(*, jurisdiction: Jurisdiction, now: datetime | None = None) -> datetime:
    """Return the moment before which a deadline counts as due soon."""
    now = now or timezone.now()
    limit = time_limit(jurisdiction=jurisdiction, category=None, stage=Stage.DUE_SOON)
    today = local_date(now, jurisdiction)
    return end_of_day(due_date(limit, today, calendar_for(jurisdiction, today)), jurisdiction)


def classify_due(due_at: datetime, *, now: datetime, soon_before: datetime) -> DueState:
    if due_at < now:
        return DueState.OVERDUE
    if due_at <= soon_before:
        return DueState.DUE_SOON
    return DueState.ON_TIME


def due_state(due_at: datetime | None, *, jurisdiction: Jurisdiction, now: datetime | None = None) -> DueState | None:
    if due_at is None:
        return None
    now = now or timezone.now()
    return classify_due(due_at, now=now, soon_before=due_soon_threshold(jurisdiction=jurisdiction, now=now))


def remaining_working_days(*, jurisdiction: Jurisdiction, due_at: datetime, now: datetime) -> int:
    """Return the working days left until `due_at` (negative when overdue), for pausing a clock."""
    today = local_date(now, jurisdiction)
    return calendar_for(jurisdiction, today).working_days_between(today, local_date(due_at, jurisdiction))


def filing_delay(*, jurisdiction: Jurisdiction, incident_date: date | None, received_at: datetime) -> int | None:
    """Return how many days past the filing window a complaint came in, or None if on time.

    UU 25/2009 Pasal 42(2) asks for a complaint within 30 days of the service;
    Sigap warns staff but never refuses a late complaint.
    """
    if incident_date is None:
        return None
    limit = time_limit(jurisdiction=jurisdiction, category=None, stage=Stage.FILING_WINDOW)
    calendar = calendar_for(jurisdiction, incident_date)
    last_day = due_date(limit, incident_date, calendar)
    late = (local_date(received_at, jurisdiction) - last_day).days
    return late if late > 0 else None
