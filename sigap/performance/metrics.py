"""Performance figures per OPD and per officer, in working days.

Every figure comes from a handful of set-based queries (one per population,
whatever the number of cases) and working-day arithmetic on the
jurisdiction's own calendar (sigap.sla). Definitions:

- a case belongs to the OPD it was dispatched to, in the month it was dispatched;
- working days to first response: from dispatch to the OPD's first action
  (accept or answer), counted as in deadlines: the day of dispatch not counted;
- working days to answer: from dispatch to the answer;
- first response on time: the first action came by the FIRST_RESPONSE deadline
  computed from the dispatch (the stage's time limit for the case's category);
- answer on time: the answer came by the case's follow-up deadline (completion_due_at); an open case
  past its deadline and not answered counts as late (the definition of dashboards.metrics.on_time_rate),
  and so does an open case past its first-response deadline with no first response;
- reopen rate: answered cases the reporter reopened, over answered cases;
- rating: the reporters' average (1–5) over rated cases.

An officer is credited with the cases they answered; their first-response
figures count the cases where their action was the OPD's first.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import OPEN, Action
from sigap.dashboards.metrics import on_time_share
from sigap.organisations.models import Category, Jurisdiction
from sigap.sla import deadlines
from sigap.sla.models import Stage
from sigap.sla.workdays import WorkCalendar


@dataclass(frozen=True)
class Figures:
    cases: int = 0
    answered: int = 0
    days_to_first_response: float | None = None  # median working days
    days_to_answer: float | None = None  # median working days
    first_response_on_time: float | None = None  # share, 0–1
    answer_on_time: float | None = None  # share, 0–1
    reopen_rate: float | None = None  # share, 0–1
    rating: float | None = None  # average, 1–5
    ratings: int = 0


@dataclass
class _Row:
    """One case as the figures need it."""

    jurisdiction_id: int
    category_id: int | None
    dispatched_at: datetime
    first_response_at: datetime | None
    answered_at: datetime | None
    completion_due_at: datetime | None
    reopened: bool
    is_open: bool
    rating: int | None


class _Clock:
    """Working-day arithmetic per jurisdiction, with calendars and time limits looked up once."""

    def __init__(self) -> None:
        self.jurisdictions: dict[int, Jurisdiction] = {}
        self.calendars: dict[tuple[int, int], WorkCalendar] = {}
        self.limits: dict[tuple[int, int | None], deadlines.Limit] = {}
        self.categories: dict[int, Category] = {}

    def _jurisdiction(self, jid: int) -> Jurisdiction:
        if jid not in self.jurisdictions:
            self.jurisdictions[jid] = Jurisdiction.objects.get(pk=jid)
        return self.jurisdictions[jid]

    def day(self, jid: int, moment: datetime) -> date:
        return deadlines.local_date(moment, self._jurisdiction(jid))

    def calendar(self, jid: int, day: date) -> WorkCalendar:
        key = (jid, day.year)
        if key not in self.calendars:
            self.calendars[key] = deadlines.calendar_for(self._jurisdiction(jid), day)
        return self.calendars[key]

    def working_days(self, jid: int, start: datetime, end: datetime) -> int:
        first = self.day(jid, start)
        return self.calendar(jid, first).working_days_between(first, self.day(jid, end))

    def first_response_due(self, jid: int, category_id: int | None, dispatched: datetime) -> datetime:
        key = (jid, category_id)
        if key not in self.limits:
            category = Category.objects.filter(pk=category_id).first() if category_id else None
            self.limits[key] = deadlines.time_limit(
                jurisdiction=self._jurisdiction(jid), category=category, stage=Stage.FIRST_RESPONSE
            )
        start = self.day(jid, dispatched)
        due = deadlines.due_date(self.limits[key], start, self.calendar(jid, start))
        return deadlines.end_of_day(due, self._jurisdiction(jid))


FIELDS = (
    "pk",
    "jurisdiction_id",
    "category_id",
    "opd_id",
    "dispatched_at",
    "first_response_at",
    "answered_at",
    "completion_due_at",
    "reopen_count",
    "rating",
    "status",
)


def _row(values: dict[str, object]) -> _Row:
    return _Row(
        jurisdiction_id=values["jurisdiction_id"],  # type: ignore[arg-type]
        category_id=values["category_id"],  # type: ignore[arg-type]
        dispatched_at=values["dispatched_at"],  # type: ignore[arg-type]
        first_response_at=values["first_response_at"],  # type: ignore[arg-type]
        answered_at=values["answered_at"],  # type: ignore[arg-type]
        completion_due_at=values["completion_due_at"],  # type: ignore[arg-type]
        reopened=bool(values["reopen_count"]),
        is_open=values["status"] in OPEN,
        rating=values["rating"],  # type: ignore[arg-type]
    )


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _figures(cases: list[_Row], first_responses: list[_Row], answers: list[_Row], clock: _Clock) -> Figures:
    first_days = [
        clock.working_days(r.jurisdiction_id, r.dispatched_at, r.first_response_at)
        for r in first_responses
        if r.first_response_at
    ]
    first_on_time = sum(
        1
        for r in first_responses
        if r.first_response_at
        and r.first_response_at <= clock.first_response_due(r.jurisdiction_id, r.category_id, r.dispatched_at)
    )
    answer_days = [
        clock.working_days(r.jurisdiction_id, r.dispatched_at, r.answered_at) for r in answers if r.answered_at
    ]
    answered_rows = [r for r in answers if r.answered_at]
    answer_on_time = sum(
        1
        for r in answered_rows
        if r.completion_due_at is None or (r.answered_at and r.answered_at <= r.completion_due_at)
    )
    rated = [r.rating for r in answers if r.rating is not None]
    now = timezone.now()
    answer_late_open = sum(
        1 for r in cases if r.is_open and not r.answered_at and r.completion_due_at and r.completion_due_at < now
    )
    first_late_open = sum(
        1
        for r in cases
        if r.is_open
        and not r.first_response_at
        and clock.first_response_due(r.jurisdiction_id, r.category_id, r.dispatched_at) < now
    )
    return Figures(
        cases=len(cases),
        answered=len(answers),
        days_to_first_response=_median(first_days),
        days_to_answer=_median(answer_days),
        first_response_on_time=on_time_share(
            on_time=first_on_time, finished=len(first_responses), late_open=first_late_open
        ),
        answer_on_time=on_time_share(on_time=answer_on_time, finished=len(answered_rows), late_open=answer_late_open),
        reopen_rate=_share(sum(1 for r in answers if r.reopened), len(answers)),
        rating=sum(rated) / len(rated) if rated else None,
        ratings=len(rated),
    )


def opd_figures(*, opd_ids: Iterable[int], since: datetime, until: datetime) -> dict[int, Figures]:
    """Figures per OPD for the cases dispatched to it in [since, until); one query."""
    rows = Complaint.objects.filter(opd_id__in=list(opd_ids), dispatched_at__gte=since, dispatched_at__lt=until).values(
        *FIELDS
    )
    by_opd: dict[int, list[_Row]] = defaultdict(list)
    for values in rows:
        by_opd[values["opd_id"]].append(_row(values))
    clock = _Clock()
    return {
        opd_id: _figures(
            cases,
            [r for r in cases if r.first_response_at],
            [r for r in cases if r.answered_at],
            clock,
        )
        for opd_id, cases in by_opd.items()
    }


def officer_figures(*, user_ids: Iterable[int], since: datetime, until: datetime) -> dict[int, Figures]:
    """Figures per officer for the cases dispatched in [since, until) that they acted on; two queries."""
    users = list(user_ids)
    events = ComplaintEvent.objects.filter(
        actor_id__in=users,
        kind=ComplaintEvent.Kind.TRANSITION,
        actor_role="opd",
        complaint__dispatched_at__gte=since,
        complaint__dispatched_at__lt=until,
    )
    handled: dict[int, set[int]] = defaultdict(set)
    first: dict[int, set[int]] = defaultdict(set)
    answered: dict[int, set[int]] = defaultdict(set)
    complaint_ids: set[int] = set()
    for actor_id, complaint_id, action, at, first_response_at in events.values_list(
        "actor_id", "complaint_id", "action", "at", "complaint__first_response_at"
    ):
        complaint_ids.add(complaint_id)
        handled[actor_id].add(complaint_id)
        if action in (Action.ACCEPT, Action.ANSWER) and at == first_response_at:
            first[actor_id].add(complaint_id)
        if action == Action.ANSWER:
            answered[actor_id].add(complaint_id)
    rows = {v["pk"]: _row(v) for v in Complaint.objects.filter(pk__in=complaint_ids).values(*FIELDS)}
    clock = _Clock()
    return {
        uid: _figures(
            [rows[c] for c in handled[uid]],
            [rows[c] for c in first[uid]],
            [rows[c] for c in answered[uid]],
            clock,
        )
        for uid in users
        if handled[uid]
    }


def month_starts(until: date, months: int) -> list[date]:
    """The first days of the `months` months up to and including `until`'s month, oldest first."""
    year, month = until.year, until.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def trend(
    *, opd_id: int | None = None, user_id: int | None = None, months: list[date], jurisdiction: Jurisdiction
) -> list[tuple[date, Figures]]:
    """Monthly figures (by month of dispatch, in the jurisdiction's zone) for one OPD or one officer."""
    result = []
    for i, start in enumerate(months):
        end = months[i + 1] if i + 1 < len(months) else date(start.year + start.month // 12, start.month % 12 + 1, 1)
        since = deadlines.end_of_day(start, jurisdiction).replace(hour=0, minute=0, second=0)
        until = deadlines.end_of_day(end, jurisdiction).replace(hour=0, minute=0, second=0)
        if opd_id is not None:
            figures = opd_figures(opd_ids=[opd_id], since=since, until=until).get(opd_id, Figures())
        else:
            assert user_id is not None
            figures = officer_figures(user_ids=[user_id], since=since, until=until).get(user_id, Figures())
        result.append((start, figures))
    return result
