"""Writes to requests sent to institutions: send, answer, remind, second request, waive.

Every write appends a RequestEvent in the same transaction; the e-mail that
goes with it is a job enqueued when the transaction commits, so a rolled-back
write sends nothing and a committed one sends once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.complaints.models import Complaint
from sigap.complaints.uploads import CleanFile
from sigap.organisations.models import Jurisdiction, Opd
from sigap.oversight.models import (
    WAITING,
    AnswerLimit,
    InformationRequest,
    RequestAnswer,
    RequestDocument,
    Requester,
    RequestEvent,
    RequestKind,
    RequestStatus,
)
from sigap.sla import deadlines

# How many due rows one sweep pass handles; the next pass takes the rest.
SWEEP_BATCH = 500


class RequestError(Exception):
    """A request that cannot be changed this way; the message is for the user."""


def _record(
    request: InformationRequest,
    kind: RequestEvent.Kind,
    *,
    actor: User | None,
    actor_role: str,
    at: datetime,
    body: str = "",
    data: dict[str, Any] | None = None,
    notify: bool = True,
) -> RequestEvent:
    event = RequestEvent.objects.create(
        request=request, at=at, kind=kind, actor=actor, actor_role=actor_role, body=body, data=data or {}
    )
    if notify:
        from sigap.notifications.services import enqueue
        from sigap.oversight.emails import queue_for_event

        # The outbox rows are written with the event; the delivery jobs start once it commits.
        ids = queue_for_event(event)
        transaction.on_commit(lambda: enqueue(ids))
    return event


def answer_limit(requester: str) -> AnswerLimit:
    limit = AnswerLimit.objects.filter(requester=requester).first()
    if limit is None:
        raise LookupError(f"no answer time limit configured for {requester!r}")
    return limit


def _due(jurisdiction: Jurisdiction, days: int, counting: str, start: datetime) -> datetime:
    limit = deadlines.Limit(days=days, counting=counting, source="")
    day = deadlines.local_date(start, jurisdiction)
    return deadlines.end_of_day(deadlines.due_date(limit, day, deadlines.calendar_for(jurisdiction, day)), jurisdiction)


def _remind_at(jurisdiction: Jurisdiction, due_at: datetime, days_before: int, now: datetime) -> datetime | None:
    """08:00 local time `days_before` calendar days before the due day; None if that has passed."""
    if days_before <= 0:
        return None
    day = deadlines.local_date(due_at, jurisdiction) - timedelta(days=days_before)
    moment = datetime.combine(day, time(8, 0), tzinfo=jurisdiction.zone)
    return moment if moment > now else None


@dataclass(frozen=True)
class Addressee:
    jurisdiction: Jurisdiction
    opd: Opd | None


@transaction.atomic
def request_send(
    *,
    requester: Requester,
    kind: RequestKind,
    to: Addressee,
    subject: str,
    questions: str,
    actor: User,
    report: Any = None,
    complaint: Complaint | None = None,
    now: datetime | None = None,
) -> InformationRequest:
    """Send a request to the institution's focal point, with its deadline from AnswerLimit."""
    errors: dict[str, list[str]] = {}
    if not subject.strip():
        errors["subject"] = [_("Write the subject of the request.")]
    if len(questions.strip()) < 10:
        errors["questions"] = [_("Write the questions in at least 10 characters.")]
    if to.opd is not None and to.opd.jurisdiction_id != to.jurisdiction.pk:
        errors["opd"] = [_("This OPD does not belong to the institution.")]
    if complaint is not None and complaint.jurisdiction_id != to.jurisdiction.pk:
        errors["complaint"] = [_("The complaint belongs to another institution.")]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    limit = answer_limit(requester)
    due_at = _due(to.jurisdiction, limit.days, limit.counting, now)
    request = InformationRequest.objects.create(
        requester=requester,
        kind=kind,
        jurisdiction=to.jurisdiction,
        opd=to.opd,
        report=report,
        complaint=complaint,
        subject=subject.strip()[:200],
        questions=questions.strip(),
        sent_by=actor,
        sent_at=now,
        due_at=due_at,
        remind_at=_remind_at(to.jurisdiction, due_at, limit.remind_days_before, now),
    )
    _record(
        request,
        RequestEvent.Kind.SENT,
        actor=actor,
        actor_role=requester,
        at=now,
        body=request.questions,
        data={"due_at": due_at.isoformat(), "limit": [limit.days, limit.counting, limit.source]},
    )
    return request


@transaction.atomic
def request_answer(
    *,
    request: InformationRequest,
    body: str,
    files: Sequence[CleanFile] = (),
    actor: User,
    acting_as: str,
    now: datetime | None = None,
) -> RequestAnswer:
    """Record the institution's answer with its documents; only while the request waits."""
    now = now or timezone.now()
    row = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if row.status not in WAITING:
        raise RequestError(
            _("This request can no longer be answered (%(status)s).") % {"status": row.get_status_display()}
        )
    if not body.strip() and not files:
        raise ValidationError({"body": [_("Write the answer or attach a document.")]})
    answer = RequestAnswer.objects.create(
        request=row, body=body.strip(), answered_by=actor, answered_as=acting_as, at=now
    )
    stored = []
    for clean in files:
        document = RequestDocument(
            answer=answer,
            original_name=clean.name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
        )
        document.file.save(clean.name, ContentFile(clean.content), save=False)
        document.save()
        stored.append(document)
    row.status, row.answered_at, row.remind_at = RequestStatus.ANSWERED, now, None
    row.save(update_fields=["status", "answered_at", "remind_at"])
    _record(
        row,
        RequestEvent.Kind.ANSWERED,
        actor=actor,
        actor_role=acting_as,
        at=now,
        body=answer.body,
        data={"documents": [d.pk for d in stored], "late": now > row.due_at},
    )
    return answer


def document_opened_record(*, document: RequestDocument, actor: User, acting_as: str) -> RequestEvent:
    """Log who opened an answer's document (the trail records reads too)."""
    return _record(
        document.answer.request,
        RequestEvent.Kind.DOCUMENT_OPENED,
        actor=actor,
        actor_role=acting_as,
        at=timezone.now(),
        data={"document": document.pk},
        notify=False,
    )


@dataclass(frozen=True)
class SweepResult:
    reminded: int = 0
    second_requests: int = 0
    waived: int = 0


def _claim(pk: int, *, where: dict[str, Any], values: dict[str, Any]) -> bool:
    """Compare-and-swap: True if this worker's conditional UPDATE matched the row."""
    return bool(InformationRequest.objects.filter(pk=pk, **where).update(**values))


def requests_sweep(*, now: datetime | None = None) -> SweepResult:
    """Send due reminders, second requests and waivers, each exactly once.

    Each row is claimed with a conditional UPDATE (compare-and-swap), so two
    workers running the sweep at once never both act on it, and the e-mail
    goes out only for the claim that matched.
    """
    now = now or timezone.now()
    reminded = seconds = waived = 0
    # A reminder whose deadline already passed is dropped: the second request (or waiver) follows instead.
    due_reminders = InformationRequest.objects.filter(remind_at__lte=now, due_at__gt=now, status__in=WAITING)
    for pk in list(due_reminders.values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            if _claim(
                pk,
                where={"remind_at__lte": now, "due_at__gt": now, "status__in": WAITING},
                values={"remind_at": None, "reminders_sent": F("reminders_sent") + 1},
            ):
                row = InformationRequest.objects.get(pk=pk)
                _record(
                    row,
                    RequestEvent.Kind.REMINDED,
                    actor=None,
                    actor_role="system",
                    at=now,
                    data={"due_at": row.due_at.isoformat()},
                )
                reminded += 1
    overdue_first = InformationRequest.objects.filter(status=RequestStatus.OPEN, due_at__lt=now)
    for pk in list(overdue_first.values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            if not _claim(
                pk,
                where={"status": RequestStatus.OPEN, "due_at__lt": now},
                values={"status": RequestStatus.SECOND, "second_request_at": now},
            ):
                continue
            row = InformationRequest.objects.select_related("jurisdiction").get(pk=pk)
            limit = answer_limit(row.requester)
            row.due_at = _due(row.jurisdiction, limit.second_request_days, limit.counting, now)
            row.remind_at = _remind_at(row.jurisdiction, row.due_at, limit.remind_days_before, now)
            row.save(update_fields=["due_at", "remind_at"])
            _record(
                row,
                RequestEvent.Kind.SECOND_REQUEST,
                actor=None,
                actor_role="system",
                at=now,
                body=row.questions,
                data={"due_at": row.due_at.isoformat()},
            )
            seconds += 1
    overdue_second = InformationRequest.objects.filter(status=RequestStatus.SECOND, due_at__lt=now)
    for pk in list(overdue_second.values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            if _claim(
                pk,
                where={"status": RequestStatus.SECOND, "due_at__lt": now},
                values={"status": RequestStatus.WAIVED, "waived_at": now, "remind_at": None},
            ):
                row = InformationRequest.objects.get(pk=pk)
                _record(row, RequestEvent.Kind.WAIVED, actor=None, actor_role="system", at=now)
                waived += 1
    return SweepResult(reminded=reminded, second_requests=seconds, waived=waived)
