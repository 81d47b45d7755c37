"""Every write to a complaint goes through a function here.

Each function validates, writes in one transaction, and appends the case
event that records who did what with the values before and after. Views and
APIs only parse input, resolve access, and call these.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.accounts.principal import Principal
from sigap.complaints import compensation as compensation_rules
from sigap.complaints.codes import hash_secret, new_secret, new_tracking_code
from sigap.complaints.compensation import Decision
from sigap.complaints.models import (
    Attachment,
    Channel,
    CompensationClaim,
    Complaint,
    ComplaintEvent,
    Kind,
    Reporter,
)
from sigap.complaints.rules import WORKFLOW
from sigap.complaints.uploads import CleanFile
from sigap.complaints.workflow import (
    TERMINAL,
    Action,
    Actor,
    ArchiveReason,
    Status,
    may_message,
)
from sigap.organisations.models import Category, ComplexityTier, Jurisdiction, Opd, Service
from sigap.sla import deadlines
from sigap.sla.models import Stage
from sigap.web import inserts
from sigap.workflow import Context, Transition, TransitionError, changes_record, plain

# Observers of case events, for what the workflow's table does not declare. A transition's own
# follow-ups (its messages, its search document) are declared in its row and run first
# (`WORKFLOW.announce`); these observers then see every event, transitions included.
# EVENT_BATCH_OBSERVERS (the outbox rows and search documents of the other events: a new
# case, a reply, a note; public reports and the alerts they send) run INSIDE the transaction
# that records the events, with every event of one change (the deadline sweep passes a whole
# batch): what they write commits with the change or not at all, and an error in one fails the
# change rather than losing a message after the commit (transactional outbox; delivery jobs are
# queued on commit and the re-drive covers a lost queue). EVENT_OBSERVERS get one event each
# after the commit, for a further change that must not hold up or fail this one (automatic
# dispatch of a new case, which leaves the case with the administrator if it fails). Other apps
# register at start-up; the complaint code stays unaware of them.
EVENT_BATCH_OBSERVERS: list[Callable[[Sequence[ComplaintEvent]], None]] = []
EVENT_OBSERVERS: list[Callable[[ComplaintEvent], None]] = []


def events_observe(events: Sequence[ComplaintEvent]) -> None:
    """Run every observer on events just written, inside the caller's transaction."""
    if events:
        for batch_observer in EVENT_BATCH_OBSERVERS:
            batch_observer(events)
        for observer in EVENT_OBSERVERS:
            for event in events:
                transaction.on_commit(partial(observer, event))


@dataclass(frozen=True)
class ReporterDetails:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Submission:
    """What a new complaint consists of, from whichever channel it came."""

    jurisdiction: Jurisdiction
    title: str
    description: str
    channel: Channel = Channel.WEB
    kind: Kind = Kind.COMPLAINT
    expectation: str = ""
    incident_date: Any = None
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    category: Category | None = None
    service: Service | None = None
    reporter: ReporterDetails | None = None
    is_anonymous: bool = False
    is_confidential: bool = False
    reporter_user: User | None = None
    language: str = "id"
    forum_session: str = ""
    external_system: str = ""
    external_ref: str = ""
    # A claim for compensation (UU 25/2009 Pasal 42(4)): whole rupiah and the loss it covers (Pasal 48(4)).
    compensation_amount: int | None = None
    compensation_grounds: str = ""


def _record_event(
    complaint: Complaint,
    *,
    kind: ComplaintEvent.Kind,
    actor: User | None,
    actor_role: str,
    at: datetime,
    action: str = "",
    from_status: str = "",
    to_status: str = "",
    body: str = "",
    is_public: bool = False,
    data: dict[str, Any] | None = None,
    transition: Transition | None = None,
) -> ComplaintEvent:
    # The event and what follows it (outbox rows, search document) commit together. No savepoint:
    # an error in an observer fails the whole change that records the event, never just the event.
    with transaction.atomic(savepoint=False):
        event = ComplaintEvent(
            complaint=complaint,
            at=at,
            kind=kind,
            action=action,
            actor=actor,
            actor_role=actor_role,
            from_status=from_status,
            to_status=to_status,
            body=body,
            is_public=is_public,
            data=data or {},
        )
        inserts.insert(event)
        if transition is not None:
            WORKFLOW.announce(transition, [event], acting_as=actor_role)
        events_observe([event])
    return event


def _store_files(
    complaint: Complaint, files: Sequence[CleanFile], *, actor: User | None, internal: bool
) -> list[Attachment]:
    stored = []
    for clean in files:
        attachment = Attachment(
            complaint=complaint,
            original_name=clean.name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            uploaded_by=actor,
            is_internal=internal,
        )
        attachment.file.save(clean.name, ContentFile(clean.content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def _validate_submission(sub: Submission) -> None:
    errors: dict[str, list[str]] = {}
    if not sub.title.strip():
        errors.setdefault("title", []).append(_("Write a short title."))
    if len(sub.description.strip()) < 10:
        errors.setdefault("description", []).append(_("Describe what happened in at least 10 characters."))
    if (sub.lat is None) != (sub.lng is None):
        errors.setdefault("lat", []).append(_("Give both latitude and longitude, or neither."))
    if sub.lat is not None and not -90 <= sub.lat <= 90:
        errors.setdefault("lat", []).append(_("Latitude must be between -90 and 90."))
    if sub.lng is not None and not -180 <= sub.lng <= 180:
        errors.setdefault("lng", []).append(_("Longitude must be between -180 and 180."))
    if not sub.is_anonymous and (sub.reporter is None or not sub.reporter.name.strip()):
        errors.setdefault("reporter_name", []).append(_("Give your name, or choose to report anonymously."))
    if sub.category is not None and sub.category.jurisdiction_id != sub.jurisdiction.pk:
        errors.setdefault("category", []).append(_("This category belongs to another jurisdiction."))
    if sub.compensation_amount is not None or sub.compensation_grounds.strip():
        if sub.kind != Kind.COMPLAINT:
            errors.setdefault("compensation_amount", []).append(_("Only a complaint can claim compensation."))
        for field, texts in compensation_rules.claim_errors(
            amount=sub.compensation_amount, grounds=sub.compensation_grounds
        ).items():
            errors.setdefault(field, []).extend(texts)
    if errors:
        raise ValidationError(errors)


def complaint_submit(
    *,
    submission: Submission,
    files: Sequence[CleanFile] = (),
    recorded_by: User | None = None,
    now: datetime | None = None,
) -> tuple[Complaint, str]:
    """Register a new complaint and return it with the reporter's secret.

    The secret is returned once and never stored in the clear. `recorded_by`
    is the officer who typed it in for a walk-in, phone or forum reporter.
    """
    # Validated before the transaction: an invalid submission leaves a caller's own transaction
    # usable (an import skips the line and goes on), so the writes need no savepoint of their own.
    _validate_submission(submission)
    with transaction.atomic(savepoint=False):
        return _complaint_file(submission, files=files, recorded_by=recorded_by, now=now)


def _insert_unless_code_taken(complaint: Complaint) -> bool:
    """Insert the new complaint unless its tracking code is taken; return whether it was inserted.

    INSERT with ON CONFLICT (tracking_code) DO NOTHING RETURNING id, rather than a save in a
    savepoint that may fail: one statement either writes the whole row or nothing, so the common
    path needs no SAVEPOINT and RELEASE, and any other constraint still raises. On PostgreSQL a
    concurrent transaction inserting the same code makes this one wait, then insert or find it taken.
    """
    return inserts.insert(complaint, unless_taken="tracking_code")


def _complaint_file(
    sub: Submission, *, files: Sequence[CleanFile], recorded_by: User | None, now: datetime | None
) -> tuple[Complaint, str]:
    now = now or timezone.now()
    secret = new_secret()
    complaint = Complaint(
        jurisdiction=sub.jurisdiction,
        secret_hash=hash_secret(secret),
        kind=sub.kind,
        channel=sub.channel,
        status=Status.RECEIVED,
        title=sub.title.strip()[:200],
        description=sub.description.strip(),
        expectation=sub.expectation.strip(),
        incident_date=sub.incident_date,
        address=sub.address.strip(),
        lat=sub.lat,
        lng=sub.lng,
        category=sub.category,
        service=sub.service or (sub.category.service if sub.category else None),
        is_anonymous=sub.is_anonymous,
        is_confidential=sub.is_confidential and not sub.is_anonymous,
        reporter_user=None if sub.is_anonymous else sub.reporter_user,
        recorded_by=recorded_by,
        language=sub.language,
        forum_session=sub.forum_session.strip()[:200],
        external_system=sub.external_system,
        external_ref=sub.external_ref,
        created_at=now,
        updated_at=now,
        due_at=deadlines.deadline(
            jurisdiction=sub.jurisdiction, category=sub.category, stage=Stage.VERIFICATION, start=now
        ),
    )
    # 60 random bits make a collision vanishingly rare; retry rather than assume.
    for _attempt in range(5):
        complaint.tracking_code = new_tracking_code()
        if _insert_unless_code_taken(complaint):
            break
    else:
        raise IntegrityError("no free tracking code after 5 attempts")
    if not sub.is_anonymous and sub.reporter is not None:
        reporter = Reporter(
            complaint=complaint,
            name=sub.reporter.name.strip(),
            email=sub.reporter.email.strip(),
            phone=sub.reporter.phone.strip(),
            address=sub.reporter.address.strip(),
        )
        inserts.insert(reporter)
    attachments = _store_files(complaint, files, actor=recorded_by, internal=False)
    claim = None
    if sub.compensation_amount is not None:
        claim = CompensationClaim.objects.create(
            complaint=complaint,
            amount_claimed=sub.compensation_amount,
            grounds=sub.compensation_grounds.strip(),
            claimed_at=now,
            recorded_by=recorded_by,
        )
    _record_event(
        complaint,
        kind=ComplaintEvent.Kind.CREATED,
        actor=recorded_by,
        actor_role="admin" if recorded_by else "reporter",
        at=now,
        to_status=Status.RECEIVED,
        is_public=True,
        data={
            "channel": sub.channel,
            "attachments": [a.pk for a in attachments],
            "due_at": complaint.due_at.isoformat() if complaint.due_at else None,
            **({"compensation": {"claimed": claim.amount_claimed}} if claim else {}),
        },
    )
    return complaint, secret


def _locked(complaint: Complaint) -> Complaint:
    """Re-read the row under a lock so two people cannot move one case at once.

    On PostgreSQL this is SELECT … FOR UPDATE (row lock until commit); SQLite
    runs write transactions one at a time (IMMEDIATE mode), which is stronger.
    """
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("jurisdiction", "category")
        .get(pk=complaint.pk)
    )


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    action: Action,
    actor: User | None,
    acting_as: Actor | None = None,
    principal: Principal | None = None,
    text: str = "",
    opd: Opd | None = None,
    archive_reason: ArchiveReason | str = "",
    forwarded_to: str = "",
    complexity_tier: ComplexityTier | None = None,
    compensation: Decision | None = None,
    files: Sequence[CleanFile] = (),
    now: datetime | None = None,
) -> Complaint:
    """Move the case along the workflow, or raise TransitionError saying why not.

    Staff callers pass their `principal`: the capacity they act in is derived
    here from the locked row (an officer whose case was returned and
    re-dispatched to another OPD meanwhile no longer holds it). The reporter's
    and the system's callers, who have no principal, pass `acting_as`. Either
    way the capacity is checked against the table. `complexity_tier` is the
    administrator's choice when verifying (else the category's default tier).
    `compensation` is the decision on a compensation claim, part of the answer
    (UU 25/2009 Pasal 50(3)): a claimed complaint is not answered without one.
    """
    now = now or timezone.now()
    rule = WORKFLOW.transition(action)
    case = _locked(complaint)
    source = Status(case.status)
    if principal is not None:
        from sigap.complaints.selectors import actor_capacities

        acting_as = next((c for c in sorted(actor_capacities(principal, case)) if c in rule.actors), None)
    text = WORKFLOW.check(rule, source=source, acting_as=acting_as, text=text)
    assert acting_as is not None
    changed, data = WORKFLOW.changes(
        Context(
            case=case,
            transition=rule,
            acting_as=acting_as,
            now=now,
            text=text,
            inputs={
                "opd": opd,
                "archive_reason": archive_reason,
                "forwarded_to": forwarded_to,
                "complexity_tier": complexity_tier,
            },
        )
    )
    if action == Action.ANSWER or compensation is not None:
        data.update(_decide_compensation(case, action, compensation, actor=actor, now=now))
    before = {name: getattr(case, name) for name in changed}
    for name, value in changed.items():
        setattr(case, name, value)
    case.updated_at = now
    case.save(update_fields=[*changed, "updated_at"])
    stored = _store_files(case, files, actor=actor, internal=not rule.public)
    data = _transition_data(before, changed, data, archive_reason)
    if stored:  # the step's entry on the timeline shows the files it brought
        data["attachments"] = [a.pk for a in stored]
    _record_event(
        case,
        kind=ComplaintEvent.Kind.TRANSITION,
        action=action,
        actor=actor,
        actor_role=str(acting_as),
        at=now,
        from_status=source,
        to_status=rule.target,
        body=text,
        is_public=rule.public,
        data=data,
        transition=rule,
    )
    return case


def _decide_compensation(
    case: Complaint, action: Action, decision: Decision | None, *, actor: User | None, now: datetime
) -> dict[str, Any]:
    """Record the decision on the case's compensation claim with the answer; return the answer event's data."""
    claim = CompensationClaim.objects.select_for_update().filter(complaint=case).first()
    if decision is None:
        if claim is not None and not claim.is_decided:
            raise TransitionError(_("The reporter claims compensation: decide on the claim before sending the answer."))
        return {}
    if action != Action.ANSWER:
        raise TransitionError(_("The decision on compensation is given with the answer."))
    if claim is None:
        raise TransitionError(_("This complaint has no compensation claim to decide on."))
    today = deadlines.local_date(now, case.jurisdiction)
    try:
        amount = compensation_rules.decided_amount(claim, decision, today=today)
    except ValueError as exc:
        raise TransitionError(str(exc)) from exc
    claim.outcome = decision.outcome
    claim.amount_granted = amount
    claim.decision_reason = decision.reason.strip()
    claim.payment_due = decision.payment_due if amount else None
    claim.decided_at = now
    claim.decided_by = actor
    claim.save(
        update_fields=["outcome", "amount_granted", "decision_reason", "payment_due", "decided_at", "decided_by"]
    )
    return {"compensation": compensation_rules.decision_record(claim)}


@transaction.atomic
def compensation_claim_add(
    *, complaint: Complaint, actor: User, acting_as: str, amount: int | None, grounds: str
) -> CompensationClaim:
    """Record a compensation claim the reporter made outside the form (e-mail, SMS, messenger, phone, letter).

    The claim belongs with the complaint (UU 25/2009 Pasal 42(4)); it can be added until the case is answered.
    """
    case = _locked(complaint)
    if case.status in (Status.ANSWERED, *TERMINAL):
        raise TransitionError(_("A claim can be added only before the complaint is answered."))
    if case.kind != Kind.COMPLAINT:
        raise ValidationError({"compensation_amount": [_("Only a complaint can claim compensation.")]})
    if CompensationClaim.objects.filter(complaint=case).exists():
        raise TransitionError(_("This complaint already has a compensation claim."))
    errors = compensation_rules.claim_errors(amount=amount, grounds=grounds)
    if errors:
        raise ValidationError(errors)
    assert amount is not None
    now = timezone.now()
    claim = CompensationClaim.objects.create(
        complaint=case, amount_claimed=amount, grounds=grounds.strip(), claimed_at=now, recorded_by=actor
    )
    Complaint.objects.filter(pk=case.pk).update(updated_at=now)
    _record_event(
        case,
        kind=ComplaintEvent.Kind.COMPENSATION,
        action="claim",
        actor=actor,
        actor_role=acting_as,
        at=now,
        body=claim.grounds,
        is_public=True,
        data={"compensation": {"claimed": amount}},
    )
    return claim


@transaction.atomic
def compensation_payment_record(
    *,
    complaint: Complaint,
    actor: User,
    acting_as: str,
    amount: int,
    paid_on: Any,
    reference: str = "",
    now: datetime | None = None,
) -> CompensationClaim:
    """Record that the granted compensation was paid (date, amount, reference; the actor is who recorded it)."""
    case = _locked(complaint)
    claim = CompensationClaim.objects.select_for_update().filter(complaint=case).first()
    if claim is None:
        raise TransitionError(_("This complaint has no compensation claim."))
    now = now or timezone.now()
    problem = compensation_rules.payment_problem(
        claim,
        amount=amount,
        paid_on=paid_on,
        today=deadlines.local_date(now, case.jurisdiction),
        decided_on=deadlines.local_date(claim.decided_at, case.jurisdiction) if claim.decided_at else None,
    )
    if problem:
        raise TransitionError(problem)
    claim.amount_paid, claim.paid_on, claim.payment_reference = amount, paid_on, reference.strip()[:200]
    claim.payment_recorded_at, claim.payment_recorded_by = now, actor
    claim.save(
        update_fields=["amount_paid", "paid_on", "payment_reference", "payment_recorded_at", "payment_recorded_by"]
    )
    Complaint.objects.filter(pk=case.pk).update(updated_at=now)
    _record_event(
        case,
        kind=ComplaintEvent.Kind.COMPENSATION,
        action="payment",
        actor=actor,
        actor_role=acting_as,
        at=now,
        is_public=True,
        data={
            "compensation": {
                "paid": amount,
                "paid_on": paid_on.isoformat(),
                "payment_due": claim.payment_due.isoformat() if claim.payment_due else None,
            }
        },
    )
    return claim


def _transition_data(
    before: dict[str, Any], changed: dict[str, Any], data: dict[str, Any], archive_reason: str
) -> dict[str, Any]:
    return {**data, "changes": changes_record(before, changed), "archive_reason": archive_reason or None}


# What the bulk transition reads of each case before it writes (all the workflow's effects and rules look at).
_BULK_FIELDS = (
    "id",
    "jurisdiction_id",
    "category_id",
    "opd_id",
    "status",
    "due_at",
    "completion_due_at",
    "reminded_at",
    "escalation_level",
    "paused_days_left",
    "first_response_at",
    "reopen_count",
)


def complaint_transition_bulk(
    *,
    action: Action,
    candidates: str,
    params: Sequence[Any],
    text: str = "",
    archive_reason: ArchiveReason | str = "",
    now: datetime,
) -> list[tuple[int, int]]:
    """Apply a transition the system may take to a batch of cases, set-based; return (case id, event id) pairs.

    `candidates` is an SQL query yielding complaint ids together with the
    caller's own condition (the deadline sweep's next batch by deadline), with
    `params`. Cases no longer in a source status of the transition are
    skipped (compare-and-swap). Each case gets exactly what
    `complaint_transition` would write — the same field changes (the
    transition's declared effects, through the same engine), the same event
    with its before/after record, the same declared follow-ups (its messages,
    its search documents) and the same observers, run over the whole batch in
    the caller's transaction: one locking read, one UPDATE … RETURNING per group of
    identical changes (one for the sweep's actions), one INSERT … SELECT for
    the events.
    """
    rule = WORKFLOW.transition(action)
    if Actor.SYSTEM not in rule.actors:
        raise PermissionDenied(f"the workflow does not let the system {action}")
    text = text.strip()
    if rule.needs_text and not text:
        raise TransitionError(str(WORKFLOW.text_missing))
    table = Complaint._meta.db_table
    sources = sorted(str(s) for s in rule.sources)
    marks = ",".join(["%s"] * len(sources))
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_BULK_FIELDS)} FROM {table} WHERE id IN ({candidates})"  # noqa: S608
            f" AND status IN ({marks}) ORDER BY id{lock}",
            [*params, *sources],
        )
        rows = cursor.fetchall()
    if not rows:
        return []
    groups: dict[str, tuple[dict[str, Any], list[int]]] = {}
    records: dict[int, dict[str, Any]] = {}
    for row in rows:
        values = dict(zip(_BULK_FIELDS, row, strict=True))
        for name in ("due_at", "completion_due_at", "reminded_at", "first_response_at"):
            values[name] = _from_db_datetime(values[name])
        case = Complaint(**values)
        changed, data = WORKFLOW.changes(
            Context(
                case=case,
                transition=rule,
                acting_as=Actor.SYSTEM,
                now=now,
                text=text,
                inputs={"archive_reason": archive_reason},
            )
        )
        before = {name: getattr(case, name) for name in changed}
        records[case.pk] = {
            "from": case.status,
            "data": _transition_data(before, changed, data, archive_reason),
        }
        key = json.dumps({k: plain(v) for k, v in changed.items()}, sort_keys=True, default=str)
        groups.setdefault(key, (changed, []))[1].append(case.pk)
    claimed: list[int] = []
    for changed, ids in groups.values():
        assign = []
        values_sql: list[Any] = []
        for name, value in {**changed, "updated_at": now}.items():
            model_field = Complaint._meta.get_field(name)
            assign.append(f"{model_field.column} = %s")  # type: ignore[union-attr]
            values_sql.append(model_field.get_db_prep_value(value, connection))  # type: ignore[union-attr]
        id_marks = ",".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {', '.join(assign)} WHERE id IN ({id_marks})"  # noqa: S608
                f" AND status IN ({marks}) RETURNING id",
                [*values_sql, *ids, *sources],
            )
            claimed += [r[0] for r in cursor.fetchall()]
    if not claimed:
        return []
    mapping = json.dumps({str(pk): records[pk] for pk in claimed})
    if connection.vendor == "postgresql":
        each, key, origin, payload = (
            "jsonb_each(CAST(%s AS jsonb))",
            "CAST(j.key AS bigint)",
            "j.value->>'from'",
            ("j.value->'data'"),
        )
    else:
        each, key, origin, payload = (
            "json_each(%s)",
            "CAST(j.key AS integer)",
            "json_extract(j.value, '$.from')",
            ("json_extract(j.value, '$.data')"),
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ComplaintEvent._meta.db_table} (complaint_id, at, kind, action, actor_id, actor_role,"  # noqa: S608
            f" from_status, to_status, body, is_public, data) SELECT {key}, %s, %s, %s, NULL, %s, {origin}, %s, %s,"
            f" %s, {payload} FROM {each} j ORDER BY 1 RETURNING id, complaint_id",
            [
                connection.ops.adapt_datetimefield_value(now),
                ComplaintEvent.Kind.TRANSITION,
                str(action),
                str(Actor.SYSTEM),
                str(rule.target),
                text,
                rule.public,
                mapping,
            ],
        )
        pairs = [(r[1], r[0]) for r in cursor.fetchall()]
    events = list(ComplaintEvent.objects.filter(pk__in=[e for _, e in pairs]).order_by("pk"))
    WORKFLOW.announce(rule, events, acting_as=Actor.SYSTEM)
    events_observe(events)
    return sorted(pairs)


def _from_db_datetime(value: Any) -> datetime | None:
    """A datetime as a raw cursor returns it (text on SQLite) made aware in UTC."""
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def complaint_add_note(*, complaint: Complaint, actor: User, acting_as: str, body: str) -> ComplaintEvent:
    """Add an internal note: visible to staff who can see the case, never to the reporter."""
    if not body.strip():
        raise ValidationError({"body": [_("The note is empty.")]})
    ProhibitNullCharactersValidator()(body)  # as the forms do: PostgreSQL cannot store a NUL
    return _record_event(
        complaint,
        kind=ComplaintEvent.Kind.NOTE,
        actor=actor,
        actor_role=acting_as,
        at=timezone.now(),
        body=body.strip(),
    )


@transaction.atomic
def complaint_reply(
    *,
    complaint: Complaint,
    actor: User | None,
    acting_as: str,
    body: str,
    files: Sequence[CleanFile] = (),
) -> ComplaintEvent:
    """Add a message the reporter sees (from staff) or staff see (from the reporter)."""
    if not body.strip():
        raise ValidationError({"body": [_("The message is empty.")]})
    side = "reporter" if acting_as == "reporter" else "staff"
    case = _locked(complaint)
    if not may_message(case.status, side):
        if side == "reporter":
            raise TransitionError(_("This complaint is finished; send a new complaint instead."))
        raise TransitionError(_("This complaint is finished: no more messages can be sent to the reporter."))
    complaint = case
    now = timezone.now()
    attachments = _store_files(complaint, files, actor=actor, internal=False)
    Complaint.objects.filter(pk=complaint.pk).update(updated_at=now)
    return _record_event(
        complaint,
        kind=ComplaintEvent.Kind.REPLY,
        actor=actor,
        actor_role=acting_as,
        at=now,
        body=body.strip(),
        is_public=True,
        data={"attachments": [a.pk for a in attachments]},
    )


@transaction.atomic
def complaint_rate(*, complaint: Complaint, rating: int, comment: str = "", actor: User | None = None) -> Complaint:
    """Record the reporter's rating (1–5) of a closed complaint; once only."""
    case = _locked(complaint)
    if case.status != Status.CLOSED:
        raise TransitionError(_("A complaint can be rated once it is closed."))
    if case.rating is not None:
        raise TransitionError(_("This complaint has already been rated."))
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Choose a rating from 1 to 5.")]})
    now = timezone.now()
    case.rating, case.rating_comment, case.rated_at, case.updated_at = rating, comment.strip(), now, now
    case.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _record_event(
        case,
        kind=ComplaintEvent.Kind.RATING,
        actor=actor,
        actor_role="reporter",
        at=now,
        body=case.rating_comment,
        is_public=True,
        data={"rating": rating},
    )
    return case


@transaction.atomic
def complaint_classify(
    *,
    complaint: Complaint,
    actor: User,
    acting_as: str,
    category: Category | None,
    service: Service | None = None,
    kind: str | None = None,
) -> Complaint:
    """Change the category, service or kind, recording the values before and after."""
    case = _locked(complaint)
    if category is not None and category.jurisdiction_id != case.jurisdiction_id:
        raise ValidationError({"category": [_("This category belongs to another jurisdiction.")]})
    after: dict[str, Any] = {"category": category, "service": service or (category.service if category else None)}
    if kind:
        after["kind"] = kind
    changes = {
        name: [plain(getattr(case, name)), plain(value)]
        for name, value in after.items()
        if getattr(case, name) != value
    }
    if not changes:
        return case
    for name, value in after.items():
        setattr(case, name, value)
    case.updated_at = timezone.now()
    case.save(update_fields=[*after, "updated_at"])
    _record_event(
        case,
        kind=ComplaintEvent.Kind.EDIT,
        actor=actor,
        actor_role=acting_as,
        at=case.updated_at,
        data={"changes": changes},
    )
    return case


def complaint_add_attachments(
    *, complaint: Complaint, files: Sequence[CleanFile], actor: User, acting_as: str, internal: bool
) -> list[Attachment]:
    with transaction.atomic():
        stored = _store_files(complaint, files, actor=actor, internal=internal)
        _record_event(
            complaint,
            kind=ComplaintEvent.Kind.ATTACHMENT,
            actor=actor,
            actor_role=acting_as,
            at=timezone.now(),
            is_public=not internal,
            data={"attachments": [a.pk for a in stored]},
        )
    return stored


def identity_views_record(
    *, complaints: Sequence[Complaint], actor: User, acting_as: Callable[[Complaint], str]
) -> list[ComplaintEvent]:
    """Log that a staff member saw these reporters' identities (an export): one insert, one observer pass.

    The same events as `identity_view_record`, each naming the case and the capacity; written together so
    that an export of many cases costs the same few queries as an export of one.
    """
    now = timezone.now()
    with transaction.atomic():
        events = ComplaintEvent.objects.bulk_create(
            [
                ComplaintEvent(
                    complaint=complaint,
                    at=now,
                    kind=ComplaintEvent.Kind.IDENTITY_VIEW,
                    actor=actor,
                    actor_role=acting_as(complaint),
                    data={"confidential": complaint.is_confidential},
                )
                for complaint in complaints
            ]
        )
        events_observe(events)
    return events


def identity_view_record(*, complaint: Complaint, actor: User, acting_as: str) -> ComplaintEvent:
    """Log that a staff member looked at the reporter's identity."""
    return _record_event(
        complaint,
        kind=ComplaintEvent.Kind.IDENTITY_VIEW,
        actor=actor,
        actor_role=acting_as,
        at=timezone.now(),
        data={"confidential": complaint.is_confidential},
    )
