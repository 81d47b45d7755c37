"""Changing a holiday moves the working-day deadlines of Ombudsman reports, their notices and requests to institutions.

Unlike a complaint, each of these rows stores the moment its clock started (the stage change or the reported
party's receipt for a report, the decision's signing for a notice, the institution's receipt for a request), so the
new due date is exact: the start day plus the limit's working days in the new calendar. Only limits counted in
working days move (PerOmbudsman 58/2023 Pasal 54(1)'s 30 working days by default; an administrator may set others);
calendar-day limits never do. Rows are read in id order in batches and written with one UPDATE per batch and new due
date, plus one INSERT of trail events, the same shape as the complaint recompute (sigap/escalation/holidays.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.ombudsman.models import Notice, NoticeLimit, Report, ReportEvent, StageLimit
from sigap.ombudsman.workflow import OPEN, STAGE_OF_STATUS
from sigap.organisations.models import Jurisdiction
from sigap.oversight.models import WAITING, AnswerLimit, InformationRequest, RequestEvent, RequestStatus
from sigap.oversight.services import remind_moment
from sigap.sla import deadlines
from sigap.sla.models import Counting
from sigap.sla.workdays import WorkCalendar

BATCH = 5000


@dataclass(frozen=True)
class OversightMoved:
    reports: int = 0
    requests: int = 0


def _window(jurisdiction: Jurisdiction, changed: set[date]) -> tuple[datetime, datetime]:
    """A clock can span a changed day only if it started before the last one and is due after the first one."""
    first = deadlines.end_of_day(min(changed), jurisdiction) - timedelta(days=1)
    last = deadlines.end_of_day(max(changed), jurisdiction)
    return first, last


def _new_due(start: datetime, days: int, jurisdiction: Jurisdiction, after: WorkCalendar) -> datetime:
    return deadlines.end_of_day(after.add_days(deadlines.local_date(start, jurisdiction), days), jurisdiction)


def _apply(
    model: type[models.Model],
    event_model: type[models.Model],
    new_due: datetime,
    items: list[tuple[int, datetime]],
    *,
    extra: dict[str, Any],
    event: Callable[[int, datetime, datetime], models.Model],
) -> int:
    """Give the rows `items` ([(id, old due)]) the due date `new_due`: one UPDATE and one INSERT per batch."""
    for i in range(0, len(items), BATCH):
        chunk = items[i : i + BATCH]
        with transaction.atomic():
            model._default_manager.filter(pk__in=[pk for pk, _old in chunk]).update(due_at=new_due, **extra)
            event_model._default_manager.bulk_create([event(pk, old, new_due) for pk, old in chunk], batch_size=BATCH)
    return len(items)


def _trail(changed: set[date]) -> tuple[str, list[str]]:
    return _("Deadline adjusted for a change of holidays"), sorted(d.isoformat() for d in changed)


def _reports(
    jurisdiction: Jurisdiction, after: WorkCalendar, changed: set[date], actor: User | None, now: datetime
) -> int:
    limits = {
        row.stage: row.days
        for row in StageLimit.objects.filter(counting=Counting.WORKING_DAYS, days__gt=0)
        if row.days is not None
    }
    working = {status: limits[stage] for status, stage in STAGE_OF_STATUS.items() if stage in limits}
    if not working:
        return 0
    first, last = _window(jurisdiction, changed)
    scope = Report.objects.filter(
        jurisdiction=jurisdiction, status__in=sorted(set(working) & OPEN), due_at__gt=first, stage_started_at__lt=last
    )
    body, holidays = _trail(changed)
    total, last_id = 0, 0
    fields = ("pk", "status", "stage_started_at", "due_at")
    while rows := list(scope.filter(pk__gt=last_id).order_by("pk").values_list(*fields)[:BATCH]):
        last_id = rows[-1][0]
        moves: dict[datetime, list[tuple[int, datetime]]] = defaultdict(list)
        for pk, status, start, due in rows:
            if (new_due := _new_due(start, working[status], jurisdiction, after)) != due:
                moves[new_due].append((pk, due))
        for new_due, items in moves.items():
            total += _apply(
                Report, ReportEvent, new_due, items, extra={"updated_at": now},
                event=lambda pk, old, new: ReportEvent(
                    report_id=pk, at=now, kind=ReportEvent.Kind.DEADLINE_ADJUSTED, actor=actor,
                    actor_role="admin" if actor else "system", body=body,
                    data={"due_at": [old.isoformat(), new.isoformat()], "holidays": holidays},
                ),
            )  # fmt: skip
    return total


def _notices(
    jurisdiction: Jurisdiction, after: WorkCalendar, changed: set[date], actor: User | None, now: datetime
) -> int:
    """Unsent notices on a working-day limit (calendar days by default, UU 37/2008 Pasal 27, 36(2), 37(3))."""
    limits = {row.kind: row.days for row in NoticeLimit.objects.filter(counting=Counting.WORKING_DAYS, days__gt=0)}
    if not limits:
        return 0
    first, last = _window(jurisdiction, changed)
    rows = Notice.objects.filter(
        report__jurisdiction=jurisdiction, kind__in=sorted(limits), sent_at__isnull=True, due_at__gt=first,
        signed_at__lt=last,
    ).values_list("pk", "report_id", "kind", "signed_at", "due_at")  # fmt: skip
    body, holidays = _trail(changed)
    report_of: dict[int, int] = {}
    moves: dict[datetime, list[tuple[int, datetime]]] = defaultdict(list)
    for pk, report_id, kind, signed, due in rows:
        report_of[pk] = report_id
        if (new_due := _new_due(signed, limits[kind], jurisdiction, after)) != due:
            moves[new_due].append((pk, due))
    total = 0
    for new_due, items in moves.items():
        # The reminder and the overdue mark are given again against the new date.
        total += _apply(
            Notice, ReportEvent, new_due, items, extra={"reminded_at": None, "overdue_at": None},
            event=lambda pk, old, new: ReportEvent(
                report_id=report_of[pk], at=now, kind=ReportEvent.Kind.DEADLINE_ADJUSTED, actor=actor,
                actor_role="admin" if actor else "system", body=body,
                data={"notice": pk, "due_at": [old.isoformat(), new.isoformat()], "holidays": holidays},
            ),
        )  # fmt: skip
    return total


def _requests(
    jurisdiction: Jurisdiction, after: WorkCalendar, changed: set[date], actor: User | None, now: datetime
) -> int:
    limits = {row.requester: row for row in AnswerLimit.objects.filter(counting=Counting.WORKING_DAYS)}
    if not limits:
        return 0
    first, last = _window(jurisdiction, changed)
    scope = InformationRequest.objects.filter(
        jurisdiction=jurisdiction, requester__in=sorted(limits), status__in=sorted(WAITING), due_at__gt=first,
        received_at__lt=last,
    )  # fmt: skip
    body, holidays = _trail(changed)
    total, last_id = 0, 0
    fields = ("pk", "requester", "status", "received_at", "due_at", "remind_at")
    while rows := list(scope.filter(pk__gt=last_id).order_by("pk").values_list(*fields)[:BATCH]):
        last_id = rows[-1][0]
        # (new due, days before it to remind or None) → [(id, old due)]; a reminder already sent stays sent.
        moves: dict[tuple[datetime, int | None], list[tuple[int, datetime]]] = defaultdict(list)
        for pk, requester, status, start, due, remind in rows:
            limit = limits[requester]
            days = limit.second_request_days if status == RequestStatus.SECOND else limit.days
            if (new_due := _new_due(start, days, jurisdiction, after)) != due:
                moves[(new_due, limit.remind_days_before if remind is not None else None)].append((pk, due))
        for (new_due, remind_before), items in moves.items():
            extra = (
                {} if remind_before is None else {"remind_at": remind_moment(jurisdiction, new_due, remind_before, now)}
            )
            total += _apply(
                InformationRequest, RequestEvent, new_due, items, extra=extra,
                event=lambda pk, old, new: RequestEvent(
                    request_id=pk, at=now, kind=RequestEvent.Kind.DEADLINE_ADJUSTED, actor=actor,
                    actor_role="admin" if actor else "system", body=body,
                    data={"due_at": [old.isoformat(), new.isoformat()], "holidays": holidays},
                ),
            )  # fmt: skip
    return total


def oversight_deadlines_recompute(
    *,
    jurisdiction: Jurisdiction,
    before: WorkCalendar,
    after: WorkCalendar,
    days: Iterable[date],
    actor: User | None,
    now: datetime,
) -> OversightMoved:
    """Move the working-day deadlines of one jurisdiction's open reports, notices and waiting requests."""
    changed = {d for d in days if before.is_non_working_day(d) != after.is_non_working_day(d)}
    if not changed:
        return OversightMoved()
    reports = _reports(jurisdiction, after, changed, actor, now) + _notices(jurisdiction, after, changed, actor, now)
    return OversightMoved(reports=reports, requests=_requests(jurisdiction, after, changed, actor, now))
