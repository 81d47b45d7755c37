"""The Ombudsman's own notice clocks (UU 37/2008 Pasal 27, 36(2), 37(3)).

A decision the Ombudsman signs starts a clock for telling the parties: not its authority → the reporter within
7 days (Pasal 27(1)); a rejection → the reporter and the reported party within 14 days (Pasal 36(2)); a
recommendation → the reporter, the reported party and its superior within 14 days (Pasal 37(3)). The limits are
data (`NoticeLimit`). The sweep reminds once when a notice is due soon and marks it overdue once, on the report's
trail; recording the sending stops the clock.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.ombudsman.models import Notice, NoticeKind, NoticeLimit, RejectReason, Report, ReportEvent
from sigap.ombudsman.workflow import Action, Actor
from sigap.sla import deadlines


def notice_kind_for(action: str, reject_reason: str = "") -> NoticeKind | None:
    """Which notice a transition owes, if any."""
    if action == Action.REJECT:
        return NoticeKind.NOT_AUTHORITY if reject_reason == RejectReason.NOT_AUTHORITY else NoticeKind.REJECTION
    if action == Action.RECOMMEND:
        return NoticeKind.RECOMMENDATION
    return None


def notice_due(*, report: Report, kind: NoticeKind | str, signed_at: datetime) -> datetime:
    limit = NoticeLimit.objects.get(kind=kind)
    jurisdiction = report.jurisdiction
    day = deadlines.local_date(signed_at, jurisdiction)
    due = deadlines.due_date(
        deadlines.Limit(days=limit.days, counting=limit.counting, source=limit.source),
        day,
        deadlines.calendar_for(jurisdiction, day),
    )
    return deadlines.end_of_day(due, jurisdiction)


def notice_open(*, report: Report, kind: NoticeKind | str, signed_at: datetime) -> Notice:
    """Start the notice clock for a decision signed at `signed_at` (the day it is signed is not counted)."""
    notice, _created = Notice.objects.update_or_create(
        report=report,
        kind=kind,
        defaults={"signed_at": signed_at, "due_at": notice_due(report=report, kind=kind, signed_at=signed_at)},
    )
    return notice


@transaction.atomic
def notice_record_sent(*, notice: Notice, actor: User, sent_at: datetime | None = None) -> Notice:
    """Record that the notice went out (stops its clock) on the report's trail."""
    sent_at = sent_at or timezone.now()
    notice.sent_at = sent_at
    notice.save(update_fields=["sent_at"])
    ReportEvent.objects.create(
        report=notice.report, kind=ReportEvent.Kind.NOTICE, action="sent", actor=actor, actor_role=Actor.OFFICER,
        at=sent_at, body=str(NoticeKind(notice.kind).label),
        data={"kind": notice.kind, "due_at": notice.due_at.isoformat(), "late": sent_at > notice.due_at},
    )  # fmt: skip
    return notice


def notices_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Remind once about unsent notices due within the due-soon limit; mark overdue ones once."""
    now = now or timezone.now()
    counts = {"reminded": 0, "overdue": 0}
    unsent = Notice.objects.filter(sent_at__isnull=True).select_related("report__jurisdiction")
    for notice in unsent.filter(overdue_at__isnull=True, due_at__lt=now):
        notice.overdue_at = now
        notice.save(update_fields=["overdue_at"])
        ReportEvent.objects.create(
            report=notice.report, kind=ReportEvent.Kind.NOTICE, action="overdue", actor_role=Actor.SYSTEM, at=now,
            body=_("Notice overdue: %(notice)s") % {"notice": NoticeKind(notice.kind).label},
            data={"kind": notice.kind, "due_at": notice.due_at.isoformat()},
        )  # fmt: skip
        counts["overdue"] += 1
    for notice in unsent.filter(reminded_at__isnull=True, due_at__gte=now):
        soon = deadlines.due_soon_threshold(jurisdiction=notice.report.jurisdiction, now=now)
        if notice.due_at > soon:
            continue
        notice.reminded_at = now
        notice.save(update_fields=["reminded_at"])
        ReportEvent.objects.create(
            report=notice.report, kind=ReportEvent.Kind.NOTICE, action="reminder", actor_role=Actor.SYSTEM, at=now,
            body=_("Notice due soon: %(notice)s") % {"notice": NoticeKind(notice.kind).label},
            data={"kind": notice.kind, "due_at": notice.due_at.isoformat()},
        )  # fmt: skip
        counts["reminded"] += 1
    return counts
