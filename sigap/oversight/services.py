"""Writes to requests sent to institutions: send, answer, remind, second request, waive.

Every write appends a RequestEvent in the same transaction; the e-mail that
goes with it is a job enqueued when the transaction commits, so a rolled-back
write sends nothing and a committed one sends once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
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
from sigap.oversight import receipts
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


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def answer_limit(requester: str) -> AnswerLimit:
    limit = AnswerLimit.objects.filter(requester=requester).first()
    if limit is None:
        raise LookupError(f"no answer time limit configured for {requester!r}")
    return limit


def _due(jurisdiction: Jurisdiction, days: int, counting: str, start: datetime) -> datetime:
    limit = deadlines.Limit(days=days, counting=counting, source="")
    day = deadlines.local_date(start, jurisdiction)
    return deadlines.end_of_day(deadlines.due_date(limit, day, deadlines.calendar_for(jurisdiction, day)), jurisdiction)


def remind_moment(jurisdiction: Jurisdiction, due_at: datetime, days_before: int, now: datetime) -> datetime | None:
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
        # UU 37/2008 Pasal 33(1): the clock starts when the institution receives the request.
        due_at=None,
        presume_receipt_at=receipts.presume_at(to.jurisdiction, now),
    )
    _record(
        request,
        RequestEvent.Kind.SENT,
        actor=actor,
        actor_role=requester,
        at=now,
        body=request.questions,
        data={
            "presume_receipt_at": _iso(request.presume_receipt_at),
            "limit": [limit.days, limit.counting, limit.source],
        },
    )
    return request


def _start_clock(row: InformationRequest, *, received_at: datetime, via: str, now: datetime) -> list[str]:
    """Set the answer clock of the waiting round from its receipt; return the fields changed."""
    limit = answer_limit(row.requester)
    days = limit.second_request_days if row.status == RequestStatus.SECOND else limit.days
    row.received_at, row.receipt_via, row.presume_receipt_at = received_at, via, None
    row.due_at = _due(row.jurisdiction, days, limit.counting, received_at)
    row.remind_at = remind_moment(row.jurisdiction, row.due_at, limit.remind_days_before, now)
    return ["received_at", "receipt_via", "presume_receipt_at", "due_at", "remind_at"]


@transaction.atomic
def request_record_receipt(
    *,
    request: InformationRequest,
    via: str,
    actor: User | None,
    acting_as: str,
    received_on: date | None = None,
    now: datetime | None = None,
) -> bool:
    """Record when the institution received the waiting request and start its answer clock.

    ``sigap`` (the focal point or OPD head opened it) counts only while the receipt is unknown, so opening
    a request late never moves a clock already running. ``letter`` (the requester types the date on the
    signed receipt) may replace a presumed or Sigap receipt: it is the evidence. Return True if recorded.
    """
    now = now or timezone.now()
    row = InformationRequest.objects.select_for_update().select_related("jurisdiction").get(pk=request.pk)
    if row.status not in WAITING:
        if via == receipts.ReceiptVia.SIGAP:
            return False
        raise RequestError(_("The request no longer waits for an answer."))
    if via == receipts.ReceiptVia.SIGAP:
        if row.receipt_via:
            return False
        received_at = now
    elif via == receipts.ReceiptVia.LETTER and received_on is not None:
        received_at = receipts.received_moment(
            jurisdiction=row.jurisdiction,
            received_on=received_on,
            sent_at=row.round_sent_at,
            today=deadlines.local_date(now, row.jurisdiction),
        )
    else:
        raise ValueError(f"cannot record a receipt via {via!r} here")
    before = {"received_at": row.received_at, "receipt_via": row.receipt_via, "due_at": row.due_at}
    fields = _start_clock(row, received_at=received_at, via=via, now=now)
    row.save(update_fields=fields)
    _record(
        row,
        RequestEvent.Kind.RECEIVED,
        actor=actor,
        actor_role=acting_as,
        at=now,
        body=str(receipts.ReceiptVia(via).label),
        data={
            "via": via,
            "received_at": received_at.isoformat(),
            "due_at": _iso(row.due_at),
            "before": {k: v.isoformat() if isinstance(v, datetime) else v for k, v in before.items()},
        },
        # The institution hears its deadline when it did not just see it on the page itself.
        notify=via != receipts.ReceiptVia.SIGAP,
    )
    return True


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
    row.status, row.answered_at, row.remind_at, row.presume_receipt_at = RequestStatus.ANSWERED, now, None, None
    row.save(update_fields=["status", "answered_at", "remind_at", "presume_receipt_at"])
    _record(
        row,
        RequestEvent.Kind.ANSWERED,
        actor=actor,
        actor_role=acting_as,
        at=now,
        body=answer.body,
        data={"documents": [d.pk for d in stored], "late": row.due_at is not None and now > row.due_at},
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
    presumed: int = 0


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
    reminded = seconds = waived = presumed = 0
    # No receipt recorded in time: the clock counts from the sending date (sigap.oversight.receipts).
    unknown = InformationRequest.objects.filter(presume_receipt_at__lte=now, status__in=WAITING)
    for pk in list(unknown.values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            if not _claim(
                pk,
                where={"presume_receipt_at__lte": now, "status__in": WAITING, "receipt_via": ""},
                values={"presume_receipt_at": None},
            ):
                continue
            row = InformationRequest.objects.select_related("jurisdiction").get(pk=pk)
            row.save(
                update_fields=_start_clock(
                    row, received_at=row.round_sent_at, via=receipts.ReceiptVia.PRESUMED, now=now
                )
            )
            _record(
                row,
                RequestEvent.Kind.RECEIVED,
                actor=None,
                actor_role="system",
                at=now,
                body=str(receipts.ReceiptVia.PRESUMED.label),
                data={"via": receipts.ReceiptVia.PRESUMED, "received_at": _iso(row.received_at),
                      "due_at": _iso(row.due_at)},
            )  # fmt: skip
            presumed += 1
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
                    data={"due_at": _iso(row.due_at)},
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
            # Pasal 33(2)-(3): the second request runs its own 14 days, counted like the first from receipt.
            row.due_at = row.remind_at = row.received_at = None
            row.receipt_via = ""
            row.presume_receipt_at = receipts.presume_at(row.jurisdiction, now)
            row.save(update_fields=["due_at", "remind_at", "received_at", "receipt_via", "presume_receipt_at"])
            _record(
                row,
                RequestEvent.Kind.SECOND_REQUEST,
                actor=None,
                actor_role="system",
                at=now,
                body=row.questions,
                data={"presume_receipt_at": _iso(row.presume_receipt_at)},
            )
            seconds += 1
    overdue_second = InformationRequest.objects.filter(status=RequestStatus.SECOND, due_at__lt=now)
    for pk in list(overdue_second.values_list("pk", flat=True)[:SWEEP_BATCH]):
        with transaction.atomic():
            if _claim(
                pk,
                where={"status": RequestStatus.SECOND, "due_at__lt": now},
                values={
                    "status": RequestStatus.WAIVED,
                    "waived_at": now,
                    "remind_at": None,
                    "presume_receipt_at": None,
                },
            ):
                row = InformationRequest.objects.get(pk=pk)
                _record(row, RequestEvent.Kind.WAIVED, actor=None, actor_role="system", at=now)
                waived += 1
    return SweepResult(reminded=reminded, second_requests=seconds, waived=waived, presumed=presumed)
