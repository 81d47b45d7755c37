"""Changing a holiday moves the open deadlines it affects, set-based.

Cuti bersama decrees are revised (2020 and 2021 were), a Pemkot adds a regional
day, an administrator switches a jurisdiction to work on cuti bersama: every
open complaint whose running working-day clock spans a changed day gets its
stored due date moved, with a timeline event "Batas waktu disesuaikan karena
perubahan hari libur", and the staff member who made the change is told how
many cases moved.

How the new due date is found without a stored start date: a working-day clock
due on day d with a limit of n working days started at s_est = d − n working
days (old calendar) or on one of the non-working days right after it. The new
due date is s_est + n working days in the new calendar. Only when one of those
non-working days became a working day does the exact start matter; those few
cases are resolved one group at a time from the timestamp the stage started
(created_at, dispatched_at, answered_at, verified_at). Everything else is one
mapping {old due date → new due date} per limit, applied with one UPDATE per
batch of ids (keyset by id, like the sweep) and one INSERT of timeline events.
Calendar-day limits never move. Ombudsman reports, their notices and requests to institutions move with them
(oversight_holidays.py); the staff member is told each count.

Known approximation: a case whose verification clock restarted after the
reporter completed it runs on the days that were left, not the full limit, and
is treated as if it ran the full limit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import STAGE_OF_STATUS, Status
from sigap.escalation.oversight_holidays import oversight_deadlines_recompute
from sigap.organisations.models import Category, ComplexityTier, Jurisdiction
from sigap.search.documents import document_deadlines_follow
from sigap.sla import deadlines
from sigap.sla.models import Counting, HolidayOverride, Stage, TimeLimit
from sigap.sla.workdays import WorkCalendar

BATCH = 5000
# Which timestamp a status's clock started from, for the rare ambiguous case.
STARTED = {
    Status.RECEIVED: "created_at",
    Status.VERIFIED: "created_at",
    Status.DISPATCHED: "dispatched_at",
    Status.REOPENED: "updated_at",
    Status.ANSWERED: "answered_at",
    Status.IN_FOLLOWUP: "verified_at",
}


@dataclass(frozen=True)
class Moved:
    cases: int
    jurisdictions: int
    # Ombudsman reports (stage clocks and notices) and requests to institutions (oversight_holidays.py).
    reports: int = 0
    requests: int = 0


def _calendars(jurisdictions: Iterable[Jurisdiction], around: date) -> dict[int, WorkCalendar]:
    return {j.pk: deadlines.calendar_for(j, around) for j in jurisdictions}


def _affected(jurisdiction: Jurisdiction | None) -> list[Jurisdiction]:
    if jurisdiction is not None:
        return [jurisdiction]
    return list(Jurisdiction.objects.filter(is_active=True))


def _groups(jurisdiction: Jurisdiction, field: str) -> dict[int, Q]:
    """{working-day limit: which open cases run it} for the clock stored in `field`.

    Reads the time limits once and applies deadlines.time_limit's rule (the most specific row wins) in memory,
    so a jurisdiction with many categories costs one query, not one per category and status.
    """
    category_ids: list[int | None] = [
        None,
        *Category.objects.filter(jurisdiction=jurisdiction).values_list("pk", flat=True),
    ]
    rows = list(TimeLimit.objects.filter(Q(jurisdiction__isnull=True) | Q(jurisdiction=jurisdiction)))

    def limit(stage: str, category_id: int | None) -> TimeLimit | None:
        candidates = [
            r for r in rows
            if r.stage == stage and (r.category_id is None or r.category_id == category_id)
        ]  # fmt: skip
        return max(
            candidates, key=lambda r: (r.jurisdiction_id is not None) + (r.category_id is not None), default=None
        )

    if field == "completion_due_at":
        stage_of = {s: Stage.COMPLETION for s in Status if STAGE_OF_STATUS[s] is not None}
    else:
        stage_of = {s: st for s, st in STAGE_OF_STATUS.items() if st is not None}
    # n → status → the categories running n working days in that status
    plan: dict[int, dict[str, set[int | None]]] = defaultdict(lambda: defaultdict(set))
    for status, stage in stage_of.items():
        for category_id in category_ids:
            row = limit(stage, category_id)
            if row is None or row.counting != Counting.WORKING_DAYS or row.days == 0:
                continue
            plan[row.days][status].add(category_id)
    everyone = set(category_ids)
    by_days: dict[int, Q] = {}
    for days, statuses in plan.items():
        whole = sorted(code for code, cats in statuses.items() if cats == everyone)
        scope = Q(status__in=whole) if whole else Q(pk__in=[])
        for code, cats in statuses.items():
            if cats != everyone:
                named = Q(category_id__in=[c for c in cats if c is not None])
                scope |= Q(status=code) & ((named | Q(category__isnull=True)) if None in cats else named)
        by_days[days] = scope
    if field == "completion_due_at":
        # A case with a complexity tier counts the tier's days, not the completion time limit.
        by_days = {days: scope & Q(complexity_tier__isnull=True) for days, scope in by_days.items()}
        tiers = ComplexityTier.objects.filter(jurisdiction=jurisdiction, counting=Counting.WORKING_DAYS)
        for tier_days, tier_id in tiers.values_list("days", "pk"):
            by_days[tier_days] = by_days.get(tier_days, Q(pk__in=[])) | Q(
                complexity_tier_id=tier_id, status__in=sorted(stage_of)
            )
    return by_days


def _mapping(old: WorkCalendar, new: WorkCalendar, changed: set[date], n: int) -> tuple[dict[date, date], set[date]]:
    """Return ({old due → new due} for clean cases, {old due dates needing the exact start})."""
    first, last = min(changed), max(changed)
    moved: dict[date, date] = {}
    ambiguous: set[date] = set()
    day = first
    while old.add_days(day, -n) <= last:
        start = old.add_days(day, -n)
        gap = []  # the non-working days right after the earliest possible start
        probe = start + timedelta(days=1)
        while old.is_non_working_day(probe) and probe < day:
            gap.append(probe)
            probe += timedelta(days=1)
        if any(not new.is_non_working_day(g) for g in gap):
            ambiguous.add(day)
        else:
            target = new.add_days(start, n)
            if target != day:
                moved[day] = target
        day += timedelta(days=1)
    return moved, ambiguous


def _local_range(day: date, jurisdiction: Jurisdiction) -> tuple[datetime, datetime]:
    end = deadlines.end_of_day(day, jurisdiction)
    return end - timedelta(days=1) + timedelta(seconds=1), end


def _apply(
    *,
    jurisdiction: Jurisdiction,
    field: str,
    scope: Q,
    moved: dict[date, date],
    changed: set[date],
    actor: User | None,
    now: datetime,
) -> int:
    """Move `field` of the cases in `scope` per `moved`, one UPDATE and one INSERT per batch."""
    if not moved:
        return 0
    ranges = {day: _local_range(day, jurisdiction) for day in moved}
    in_ranges = Q()
    for lo, hi in ranges.values():
        in_ranges |= Q(**{f"{field}__range": (lo, hi)})
    shift = Case(
        *[
            When(Q(**{f"{field}__range": ranges[day]}), then=F(field) + timedelta(days=(moved[day] - day).days))
            for day in moved
        ],
        default=F(field),
        output_field=DateTimeField(),
    )
    base = Complaint.objects.filter(scope, in_ranges, jurisdiction=jurisdiction)
    body = _("Deadline adjusted for a change of holidays")
    holiday_days = sorted(d.isoformat() for d in changed)
    total, last_id = 0, 0
    while True:
        rows = list(base.filter(pk__gt=last_id).order_by("pk").values_list("pk", field)[:BATCH])
        if not rows:
            return total
        last_id = rows[-1][0]
        ids = [pk for pk, _due in rows]
        with transaction.atomic():
            Complaint.objects.filter(pk__in=ids).update(**{field: shift, "updated_at": Value(now)})
            if field == "due_at":
                document_deadlines_follow(complaint_ids=ids)
            events = []
            for pk, due in rows:
                old_day = deadlines.local_date(due, jurisdiction)
                new_due = due + timedelta(days=(moved[old_day] - old_day).days)
                events.append(
                    ComplaintEvent(
                        complaint_id=pk, at=now, kind=ComplaintEvent.Kind.DEADLINE_ADJUSTED, actor=actor,
                        actor_role="admin" if actor else "system", body=body, is_public=True,
                        data={field: [due.isoformat(), new_due.isoformat()], "holidays": holiday_days},
                    )
                )  # fmt: skip
            ComplaintEvent.objects.bulk_create(events, batch_size=BATCH)
        total += len(rows)


def _plan_ambiguous(
    *, jurisdiction: Jurisdiction, field: str, scope: Q, days: set[date], n: int, new: WorkCalendar
) -> list[tuple[list[int], date, date]]:
    """The few cases whose exact start matters: [(ids, old due, new due)] grouped by the day their clock started.

    Planned before any case moves, so a case moved onto one of these days is not moved twice.
    """
    columns = sorted(set(STARTED.values()))
    plan = []
    for day in sorted(days):
        lo, hi = _local_range(day, jurisdiction)
        rows = Complaint.objects.filter(scope, jurisdiction=jurisdiction, **{f"{field}__range": (lo, hi)})
        by_start: dict[date, list[int]] = defaultdict(list)
        for pk, status, *starts in rows.values_list("pk", "status", *columns):
            started = dict(zip(columns, starts, strict=True)).get(STARTED.get(Status(status), "updated_at"))
            if started is not None:
                by_start[deadlines.local_date(started, jurisdiction)].append(pk)
        for start, ids in by_start.items():
            target = new.add_days(start, n)
            if target != day:
                plan.append((ids, day, target))
    return plan


def deadlines_recompute(
    *,
    jurisdiction: Jurisdiction,
    before: WorkCalendar,
    after: WorkCalendar,
    days: Iterable[date],
    actor: User | None,
    now: datetime | None = None,
) -> int:
    """Move the open deadlines of one jurisdiction whose working-day clock spans a changed day; return how many."""
    now = now or timezone.now()
    changed = {d for d in days if before.is_non_working_day(d) != after.is_non_working_day(d)}
    if not changed:
        return 0
    total = 0
    first = deadlines.end_of_day(min(changed), jurisdiction) - timedelta(days=1)
    for field in ("due_at", "completion_due_at"):
        for n, scope in _groups(jurisdiction, field).items():
            open_scope = scope & Q(**{f"{field}__gt": first})
            moved, ambiguous = _mapping(before, after, changed, n)
            plan = _plan_ambiguous(
                jurisdiction=jurisdiction, field=field, scope=open_scope, days=ambiguous, n=n, new=after
            )
            total += _apply(
                jurisdiction=jurisdiction, field=field, scope=open_scope, moved=moved, changed=changed,
                actor=actor, now=now,
            )  # fmt: skip
            for ids, day, target in plan:
                total += _apply(
                    jurisdiction=jurisdiction, field=field, scope=Q(pk__in=ids), moved={day: target},
                    changed=changed, actor=actor, now=now,
                )  # fmt: skip
    return total


def _recompute_around(
    *, jurisdiction: Jurisdiction | None, days: set[date], change: object, actor: User | None
) -> Moved:
    """Snapshot the calendars, run `change` (a callable), then move what it affects."""
    around = min(days)
    affected = _affected(jurisdiction)
    before = _calendars(affected, around)
    change()  # type: ignore[operator]
    after = _calendars(affected, around)
    now = timezone.now()
    total, touched, reports, requests = 0, 0, 0, 0
    for j in affected:
        moved = deadlines_recompute(
            jurisdiction=j, before=before[j.pk], after=after[j.pk], days=days, actor=actor, now=now
        )
        other = oversight_deadlines_recompute(
            jurisdiction=j, before=before[j.pk], after=after[j.pk], days=days, actor=actor, now=now
        )
        total, reports, requests = total + moved, reports + other.reports, requests + other.requests
        touched += bool(moved or other.reports or other.requests)
    return Moved(cases=total, jurisdictions=touched, reports=reports, requests=requests)


@transaction.atomic
def holiday_override_save(*, override: HolidayOverride, actor: User | None, previous_date: date | None = None) -> Moved:
    """Save a holiday override (new or edited) and move the open deadlines it affects."""
    days = {override.date} | ({previous_date} if previous_date else set())
    return _recompute_around(jurisdiction=override.jurisdiction, days=days, change=override.save, actor=actor)


@transaction.atomic
def holiday_override_delete(*, override: HolidayOverride, actor: User | None) -> Moved:
    """Delete a holiday override and move the open deadlines it affected."""
    return _recompute_around(
        jurisdiction=override.jurisdiction, days={override.date}, change=override.delete, actor=actor
    )


@transaction.atomic
def jurisdiction_set_works_on_cuti_bersama(
    *, jurisdiction: Jurisdiction, works_on_cuti_bersama: bool, actor: User | None, today: date | None = None
) -> Moved:
    """Switch whether cuti bersama are working days for the jurisdiction, moving its open deadlines."""
    today = today or deadlines.local_date(timezone.now(), jurisdiction)
    if jurisdiction.works_on_cuti_bersama == works_on_cuti_bersama:
        return Moved(cases=0, jurisdictions=0)
    before = deadlines.calendar_for(jurisdiction, today)
    jurisdiction.works_on_cuti_bersama = works_on_cuti_bersama
    jurisdiction.save(update_fields=["works_on_cuti_bersama"])
    after = deadlines.calendar_for(jurisdiction, today)
    days = before.holidays ^ after.holidays
    now = timezone.now()
    moved = deadlines_recompute(jurisdiction=jurisdiction, before=before, after=after, days=days, actor=actor, now=now)
    other = oversight_deadlines_recompute(
        jurisdiction=jurisdiction, before=before, after=after, days=days, actor=actor, now=now
    )
    return Moved(
        cases=moved,
        jurisdictions=int(bool(moved or other.reports or other.requests)),
        reports=other.reports,
        requests=other.requests,
    )
