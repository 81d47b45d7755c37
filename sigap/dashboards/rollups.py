"""Build the daily figures from the complaints, in Python with the real working-day calendar.

Deadlines count Indonesian working days (holidays and cuti bersama), which SQL
cannot know, so the figures are computed here once and read many times.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import OPEN, Action
from sigap.dashboards.models import DailyStat, MonthlyStat, RollupState
from sigap.organisations.models import Category, Jurisdiction
from sigap.sla import deadlines
from sigap.sla.models import Counting, Stage

MEASURES = [
    f.name
    for f in DailyStat._meta.concrete_fields
    if f.name not in {"id", "jurisdiction", "day", "opd", "category", "channel", "officer"}
]


class WorkdayIndex:
    """Working days between two dates in O(1), from a running count per date."""

    def __init__(self, jurisdiction: Jurisdiction, first: date, last: date) -> None:
        self._first = first
        self._running: list[int] = []
        count = 0
        calendars = {}
        day = first
        while day <= last + timedelta(days=400):
            if day.year not in calendars:
                calendars[day.year] = deadlines.calendar_for(jurisdiction, date(day.year, 7, 1))
            if not calendars[day.year].is_non_working_day(day):
                count += 1
            self._running.append(count)
            day += timedelta(days=1)

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end], as WorkCalendar.working_days_between counts them."""
        i, j = (start - self._first).days, (end - self._first).days
        if i < 0 or j >= len(self._running) or j < 0:
            return max(0, (end - start).days)
        return self._running[j] - self._running[i]


@dataclass
class _Limits:
    verification: dict[int | None, tuple[int, bool]] = field(default_factory=dict)
    first_response: dict[int | None, tuple[int, bool]] = field(default_factory=dict)


def _limits(jurisdiction: Jurisdiction) -> _Limits:
    limits = _Limits()
    categories: list[Category | None] = [None, *Category.objects.filter(jurisdiction=jurisdiction)]
    for category in categories:
        key = category.pk if category else None
        for stage, target in ((Stage.VERIFICATION, limits.verification), (Stage.FIRST_RESPONSE, limits.first_response)):
            limit = deadlines.time_limit(jurisdiction=jurisdiction, category=category, stage=stage)
            target[key] = (limit.days, limit.counting == Counting.WORKING_DAYS)
    return limits


def _rows(jurisdiction: Jurisdiction, start: datetime, end: datetime) -> Iterable[tuple[Any, ...]]:
    answerer = (
        ComplaintEvent.objects.filter(complaint_id=OuterRef("pk"), action=Action.ANSWER)
        .order_by("-at", "-id")
        .values("actor_id")[:1]
    )
    return (
        Complaint.objects.filter(jurisdiction=jurisdiction, created_at__gte=start, created_at__lt=end)
        .annotate(answerer=Subquery(answerer))
        .values_list(
            "created_at",
            "opd_id",
            "category_id",
            "channel",
            "answerer",
            "status",
            "verified_at",
            "dispatched_at",
            "first_response_at",
            "answered_at",
            "completion_due_at",
            "closed_at",
            "reopen_count",
            "rating",
            "is_confidential",
        )
        .order_by()
        .iterator(chunk_size=5000)
    )


def rollup_days(*, jurisdiction: Jurisdiction, first: date, last: date) -> int:
    """Recompute the figures of the receipt days first..last (inclusive); return rows written."""
    zone = ZoneInfo(jurisdiction.timezone)
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    index = WorkdayIndex(jurisdiction, first - timedelta(days=1), last)
    limits = _limits(jurisdiction)
    sums: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * len(MEASURES))
    slot = {name: i for i, name in enumerate(MEASURES)}

    def local(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    def within(rule: tuple[int, bool], a: date, b: date) -> bool:
        limit, working = rule
        return (index.between(a, b) if working else (b - a).days) <= limit

    now = timezone.now()
    today = local(now)
    for (created, opd, category, channel, officer, status, verified, dispatched, responded, answered,
         completion_due, closed, reopens, rating, confidential) in _rows(jurisdiction, start, end):  # fmt: skip
        day = local(created)
        m = sums[(day, opd, category, channel, officer)]
        m[slot["received"]] += 1
        is_open = status in OPEN
        m[slot["open_cases"]] += is_open
        m[slot["confidential"]] += bool(confidential)
        # An open case past a stage's deadline with the stage unfinished is late in that stage.
        if is_open and verified is None:
            rule = limits.verification.get(category) or limits.verification[None]
            m[slot["verification_late_open"]] += not within(rule, day, today)
        if is_open and dispatched is not None and responded is None:
            rule = limits.first_response.get(category) or limits.first_response[None]
            m[slot["response_late_open"]] += not within(rule, local(dispatched), today)
        if is_open and answered is None:
            m[slot["answer_late_open"]] += completion_due is not None and completion_due < now
        if verified is not None:
            m[slot["verified"]] += 1
            rule = limits.verification.get(category) or limits.verification[None]
            m[slot["verified_on_time"]] += within(rule, day, local(verified))
        if responded is not None and dispatched is not None:
            m[slot["responded"]] += 1
            rule = limits.first_response.get(category) or limits.first_response[None]
            m[slot["responded_on_time"]] += within(rule, local(dispatched), local(responded))
        if answered is not None:
            m[slot["answered"]] += 1
            m[slot["answered_on_time"]] += completion_due is None or answered <= completion_due
            m[slot["answer_workdays"]] += max(0, index.between(day, local(answered)))
        m[slot["closed"]] += closed is not None
        m[slot["reopened"]] += reopens > 0
        if rating is not None:
            m[slot["rated"]] += 1
            m[slot["rating_sum"]] += rating

    stats = [
        DailyStat(
            jurisdiction=jurisdiction,
            day=day,
            opd_id=opd,
            category_id=category,
            channel=channel,
            officer_id=officer,
            **dict(zip(MEASURES, values, strict=True)),
        )
        for (day, opd, category, channel, officer), values in sums.items()
    ]
    with transaction.atomic():
        DailyStat.objects.filter(jurisdiction=jurisdiction, day__gte=first, day__lte=last).delete()
        DailyStat.objects.bulk_create(stats, batch_size=5000)
        _months_from_days(jurisdiction, first, last)
    return len(stats)


def _months_from_days(jurisdiction: Jurisdiction, first: date, last: date) -> None:
    """Re-sum the monthly rows of every month that first..last touches, from the daily rows."""
    start = first.replace(day=1)
    end = (last.replace(day=28) + timedelta(days=4)).replace(day=1)
    days = DailyStat.objects.filter(jurisdiction=jurisdiction, day__gte=start, day__lt=end)
    rows = (
        days.annotate(month=TruncMonth("day"))
        .values("month", "opd_id", "category_id", "channel", "officer_id")
        .annotate(**{name: Sum(name) for name in MEASURES})
        .order_by()
    )
    MonthlyStat.objects.filter(jurisdiction=jurisdiction, month__gte=start, month__lt=end).delete()
    MonthlyStat.objects.bulk_create([MonthlyStat(jurisdiction=jurisdiction, **row) for row in rows], batch_size=5000)


def rollups_rebuild(*, jurisdiction: Jurisdiction, chunk_days: int = 31) -> int:
    """Recompute every day of the jurisdiction's history, a month at a time."""
    bounds = Complaint.objects.filter(jurisdiction=jurisdiction).order_by("created_at")
    oldest = bounds.values_list("created_at", flat=True).first()
    now = timezone.now()
    written = 0
    if oldest is not None:
        zone = ZoneInfo(jurisdiction.timezone)
        day, today = oldest.astimezone(zone).date(), now.astimezone(zone).date()
        while day <= today:
            last = min(day + timedelta(days=chunk_days - 1), today)
            written += rollup_days(jurisdiction=jurisdiction, first=day, last=last)
            day = last + timedelta(days=1)
    RollupState.objects.update_or_create(jurisdiction=jurisdiction, defaults={"refreshed_at": now})
    return written


def rollups_refresh(*, jurisdiction: Jurisdiction) -> int:
    """Recompute only the receipt days of cases changed since the last refresh."""
    state = RollupState.objects.filter(jurisdiction=jurisdiction).first()
    if state is None:
        return rollups_rebuild(jurisdiction=jurisdiction)
    now = timezone.now()
    zone = ZoneInfo(jurisdiction.timezone)
    since = state.refreshed_at - timedelta(minutes=5)
    # Cases that changed, and open cases that became late without changing (a deadline passed).
    became_late = Q(status__in=OPEN) & (
        Q(due_at__gte=since, due_at__lt=now) | Q(completion_due_at__gte=since, completion_due_at__lt=now)
    )
    changed = (
        Complaint.objects.filter(Q(updated_at__gte=since) | became_late, jurisdiction=jurisdiction)
        .values_list("created_at", flat=True)
        .order_by()
    )
    days = sorted({moment.astimezone(zone).date() for moment in changed})
    written = 0
    # Consecutive days are rebuilt together; a lone old day alone.
    run: list[date] = []
    for day in [*days, None]:
        if day is not None and (not run or (day - run[-1]).days <= 3):
            run.append(day)
            continue
        if run:
            written += rollup_days(jurisdiction=jurisdiction, first=run[0], last=run[-1])
        run = [day] if day is not None else []
    state.refreshed_at = now
    state.save(update_fields=["refreshed_at"])
    return written
