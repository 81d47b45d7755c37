"""Every write to an Ombudsman report: receive, record checks, move through the stages, notes, sweep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.models import User
from sigap.complaints.models import Complaint
from sigap.ombudsman.models import RejectReason, Report, ReportEvent, StageLimit
from sigap.ombudsman.workflow import RECEIPT_CLOCKS, STAGE_OF_STATUS, TRANSITIONS, Action, Actor, Status
from sigap.organisations.models import Jurisdiction, Opd
from sigap.oversight import receipts
from sigap.sla import deadlines
from sigap.workflow import Context, Machine, TransitionError, changes_record, plain

# UU 37/2008 Pasal 24(3): the event must not be older than this many years.
MAX_AGE_YEARS = 2


def _record(
    report: Report, kind: ReportEvent.Kind, *, actor: User | None, actor_role: str, at: datetime, **fields: Any
) -> ReportEvent:
    return ReportEvent.objects.create(report=report, kind=kind, actor=actor, actor_role=actor_role, at=at, **fields)


def stage_due(report: Report, status: Status, start: datetime) -> datetime | None:
    """When the clock of `status` runs out, or None if the stage has no limit."""
    stage = STAGE_OF_STATUS[status]
    if stage is None:
        return None
    limit = StageLimit.objects.filter(stage=stage).first()
    if limit is None or limit.days is None:
        return None
    jurisdiction = report.jurisdiction
    day = deadlines.local_date(start, jurisdiction)
    due = deadlines.due_date(
        deadlines.Limit(days=limit.days, counting=limit.counting, source=limit.source),
        day,
        deadlines.calendar_for(jurisdiction, day),
    )
    return deadlines.end_of_day(due, jurisdiction)


@dataclass(frozen=True)
class ReporterIdentity:
    name: str
    birth: str = ""
    marital_status: str = ""
    occupation: str = ""
    address: str = ""
    contact: str = ""
    confidential: bool = False


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def report_receive(
    *,
    office: Jurisdiction,
    jurisdiction: Jurisdiction,
    title: str,
    description: str,
    reporter: ReporterIdentity,
    actor: User,
    opd: Opd | None = None,
    complaint: Complaint | None = None,
    incident_date: date | None = None,
    prior_complaint: str = "",
    now: datetime | None = None,
) -> Report:
    """Register a report the Ombudsman received, standing alone or about a Sigap complaint."""
    errors: dict[str, list[str]] = {}
    if jurisdiction.overseen_by_id != office.pk:
        errors["jurisdiction"] = [_("This institution is not overseen by your Ombudsman office.")]
    if opd is not None and opd.jurisdiction_id != jurisdiction.pk:
        errors["opd"] = [_("This OPD does not belong to the institution.")]
    if complaint is not None and complaint.jurisdiction_id != jurisdiction.pk:
        errors["complaint"] = [_("The complaint belongs to another institution.")]
    if not title.strip():
        errors["title"] = [_("Write a short title.")]
    if len(description.strip()) < 10:
        errors["description"] = [_("Describe what happened in at least 10 characters.")]
    if not reporter.name.strip():
        errors["reporter_name"] = [_("Give the reporter's name.")]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    if complaint is not None and not prior_complaint.strip():
        prior_complaint = _("Complaint %(code)s filed in Sigap") % {"code": complaint.tracking_code}
    report = Report(
        office=office,
        jurisdiction=jurisdiction,
        opd=opd or (complaint.opd if complaint else None),
        complaint=complaint,
        reporter_name=reporter.name.strip(),
        reporter_birth=reporter.birth.strip(),
        reporter_marital_status=reporter.marital_status.strip(),
        reporter_occupation=reporter.occupation.strip(),
        reporter_address=reporter.address.strip(),
        reporter_contact=reporter.contact.strip(),
        identity_confidential=reporter.confidential,
        title=title.strip()[:200],
        description=description.strip(),
        incident_date=incident_date,
        prior_complaint=prior_complaint.strip(),
        prior_complaint_made=complaint is not None,
        received_at=now,
        updated_at=now,
        received_by=actor,
    )
    report.due_at = stage_due(report, Status.RECEIVED, now)
    report.stage_started_at = now
    year = deadlines.local_date(now, jurisdiction).year
    for attempt in range(5):
        sequence = Report.objects.filter(office=office, number__startswith=f"{year}/{office.pk}/").count() + 1 + attempt
        report.number = f"{year}/{office.pk}/{sequence:05d}"
        try:
            with transaction.atomic():
                report.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
    _record(
        report,
        ReportEvent.Kind.RECEIVED,
        actor=actor,
        actor_role=Actor.OFFICER,
        at=now,
        to_status=Status.RECEIVED,
        data={"complaint": complaint.tracking_code if complaint else None},
    )
    return report


def formal_shortcomings(report: Report) -> list[str]:
    """What keeps the report from passing formal verification (UU 37/2008 Pasal 24); empty if nothing."""
    problems = []
    if not report.identity_complete:
        problems.append(
            _(
                "The reporter's identity is incomplete "
                "(name, place and date of birth, marital status, occupation, address)."
            )
        )
    if not report.description_detailed:
        problems.append(_("The description of the event is not detailed enough."))
    if not report.prior_complaint_made:
        problems.append(_("The reporter has not first complained to the institution or its superior."))
    received = deadlines.local_date(report.received_at, report.jurisdiction)
    if report.incident_date is None:
        problems.append(_("The date of the event is unknown."))
    elif report.incident_date < _years_before(received, MAX_AGE_YEARS):
        problems.append(_("The event is more than 2 years old."))
    return problems


def material_shortcomings(report: Report) -> list[str]:
    problems = []
    if not report.within_authority:
        problems.append(_("The report is not within the Ombudsman's authority."))
    if not report.not_already_handled:
        problems.append(_("The report is already being handled or was handled elsewhere."))
    return problems


CHECK_FIELDS = ("description_detailed", "prior_complaint_made", "within_authority", "not_already_handled")


@transaction.atomic
def report_record_checks(*, report: Report, checks: dict[str, bool], actor: User) -> Report:
    """Record the officer's verification checks, with the values before and after."""
    row = Report.objects.select_for_update().get(pk=report.pk)
    changes = {
        k: [getattr(row, k), bool(v)] for k, v in checks.items() if k in CHECK_FIELDS and getattr(row, k) != bool(v)
    }
    if not changes:
        return row
    for name, (_before, after) in changes.items():
        setattr(row, name, after)
    row.updated_at = timezone.now()
    row.save(update_fields=[*changes, "updated_at"])
    _record(
        row,
        ReportEvent.Kind.CHECKS,
        actor=actor,
        actor_role=Actor.OFFICER,
        at=row.updated_at,
        data={"changes": changes},
    )
    return row


@transaction.atomic
def report_transition(
    *,
    report: Report,
    action: Action,
    actor: User | None,
    acting_as: Actor,
    text: str = "",
    reject_reason: str = "",
    now: datetime | None = None,
) -> Report:
    """Move the report along the table in workflow.py, or raise TransitionError saying why not."""
    now = now or timezone.now()
    rule = WORKFLOW.transition(action)
    row = Report.objects.select_for_update(of=("self",)).select_related("jurisdiction").get(pk=report.pk)
    source = Status(row.status)
    text = WORKFLOW.check(rule, source=source, acting_as=acting_as, text=text)
    ctx = Context(
        case=row, transition=rule, acting_as=acting_as, now=now, text=text, inputs={"reject_reason": reject_reason}
    )
    changed, _data = WORKFLOW.changes(ctx)
    before = {k: getattr(row, k) for k in changed}
    for name, value in changed.items():
        setattr(row, name, value)
    row.updated_at = now
    row.save(update_fields=[*changed, "updated_at"])
    _record(
        row,
        ReportEvent.Kind.TRANSITION,
        actor=actor,
        actor_role=str(acting_as),
        at=now,
        action=action,
        from_status=source,
        to_status=rule.target,
        body=text,
        data={"changes": changes_record(before, changed)},
    )
    WORKFLOW.follow(row, ctx)
    return row


# --- the named rules of the table in workflow.py -----------------------------


def _stage_clock(ctx: Context) -> dict[str, Any]:
    now = ctx.now
    return {
        "due_at": stage_due(ctx.case, Status(ctx.transition.target), now), "stage_started_at": now,
        "presume_receipt_at": None,
    }  # fmt: skip


def _receipt_clock(ctx: Context) -> dict[str, Any]:
    """The clock waits for the reported party's receipt (PerOmbudsman 58/2023 Pasal 54(1); UU 37/2008 Pasal 38(2))."""
    return {
        "due_at": None, "stage_started_at": None, "document_received_at": None, "receipt_via": "",
        "presume_receipt_at": receipts.presume_at(ctx.case.jurisdiction, ctx.now),
    }  # fmt: skip


def _reject_reason(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    reason = ctx.inputs.get("reject_reason") or ""
    if reason not in RejectReason.values:
        raise TransitionError(_("Choose the ground for rejecting the report."))
    return {"reject_reason": reason}, {}


def _notice(row: Report, ctx: Context) -> None:
    """A signed decision starts the clock for telling the parties (UU 37/2008 Pasal 27(1), 36(2), 37(3))."""
    from sigap.ombudsman.notices import notice_kind_for, notice_open

    if (kind := notice_kind_for(ctx.transition.action, str(ctx.inputs.get("reject_reason") or ""))) is not None:
        notice_open(report=row, kind=kind, signed_at=ctx.now)


WORKFLOW = Machine(
    transitions=TRANSITIONS,
    not_allowed=gettext_lazy("You may not do this to the report."),
    wrong_status=gettext_lazy("A report that is “%(status)s” cannot be given the action “%(action)s”."),
    text_missing=gettext_lazy("Write the reason or the content for this action."),
    deadlines={"stage": _stage_clock, "on_receipt": _receipt_clock},
    inputs={"reject_reason": _reject_reason},
    guards={"formal": formal_shortcomings, "material": material_shortcomings},
    follow_ups={"notice": _notice},
)


def report_add_note(*, report: Report, actor: User, body: str) -> ReportEvent:
    if not body.strip():
        raise ValidationError({"body": [_("The note is empty.")]})
    ProhibitNullCharactersValidator()(body)  # as the forms do: PostgreSQL cannot store a NUL
    return _record(
        report, ReportEvent.Kind.NOTE, actor=actor, actor_role=Actor.OFFICER, at=timezone.now(), body=body.strip()
    )


def report_identity_viewed(*, report: Report, actor: User) -> ReportEvent:
    """Log that an officer looked at the reporter's identity (UU 27/2022: every view is recorded)."""
    return _record(
        report,
        ReportEvent.Kind.IDENTITY_VIEW,
        actor=actor,
        actor_role=Actor.OFFICER,
        at=timezone.now(),
        data={"confidential": report.identity_confidential},
    )


# What the sweep does when a stage's clock runs out.
ON_EXPIRY: dict[Status, Action] = {
    # PerOmbudsman 58/2023 Pasal 54(1): no follow-up of the LHP in time → resolution and monitoring.
    Status.LHP: Action.START_MONITORING,
    # UU 37/2008 Pasal 25(3)-(4): not completed within 30 days of the notice → deemed withdrawn.
    Status.INCOMPLETE: Action.WITHDRAWN,
}


def _start_receipt_clock(row: Report, *, received_at: datetime, via: str) -> list[str]:
    row.document_received_at, row.receipt_via, row.presume_receipt_at = received_at, via, None
    row.stage_started_at = received_at
    row.due_at = stage_due(row, Status(row.status), received_at)
    return ["document_received_at", "receipt_via", "presume_receipt_at", "stage_started_at", "due_at"]


@transaction.atomic
def report_record_receipt(*, report: Report, received_on: date, actor: User, now: datetime | None = None) -> Report:
    """Record the day the reported party received the LHP or recommendation (the date on its signed receipt).

    The running clock restarts from that day; the typed date replaces a presumed receipt, being the evidence.
    """
    now = now or timezone.now()
    row = Report.objects.select_for_update(of=("self",)).select_related("jurisdiction").get(pk=report.pk)
    issued = row.issued_at
    if row.status not in RECEIPT_CLOCKS or issued is None:
        raise TransitionError(_("Only the receipt of an LHP or a recommendation that is running can be recorded."))
    received_at = receipts.received_moment(
        jurisdiction=row.jurisdiction,
        received_on=received_on,
        sent_at=issued,
        today=deadlines.local_date(now, row.jurisdiction),
    )
    before = {"received_at": row.document_received_at, "receipt_via": row.receipt_via, "due_at": row.due_at}
    fields = _start_receipt_clock(row, received_at=received_at, via=receipts.ReceiptVia.LETTER)
    row.updated_at = now
    row.save(update_fields=[*fields, "updated_at"])
    _record(
        row, ReportEvent.Kind.DOCUMENT_RECEIVED, actor=actor, actor_role=Actor.OFFICER, at=now,
        body=str(receipts.ReceiptVia.LETTER.label),
        data={
            "via": receipts.ReceiptVia.LETTER, "received_at": received_at.isoformat(),
            "due_at": plain(row.due_at), "before": {k: plain(v) for k, v in before.items()},
        },
    )  # fmt: skip
    return row


def reports_presume_receipts(*, now: datetime | None = None) -> int:
    """Start the clocks of LHPs and recommendations whose receipt was not recorded in time, from their issue."""
    now = now or timezone.now()
    presumed = 0
    due = Report.objects.filter(presume_receipt_at__lte=now, status__in=sorted(RECEIPT_CLOCKS))
    for pk in list(due.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            # Compare-and-swap: a receipt recorded meanwhile, or another sweep, leaves nothing to claim.
            if not Report.objects.filter(pk=pk, presume_receipt_at__lte=now, receipt_via="").update(
                presume_receipt_at=None
            ):
                continue
            row = Report.objects.select_related("jurisdiction").get(pk=pk)
            issued = row.issued_at
            if issued is None or row.status not in RECEIPT_CLOCKS:
                continue
            fields = _start_receipt_clock(row, received_at=issued, via=receipts.ReceiptVia.PRESUMED)
            row.save(update_fields=fields)
            _record(
                row, ReportEvent.Kind.DOCUMENT_RECEIVED, actor=None, actor_role=Actor.SYSTEM, at=now,
                body=str(receipts.ReceiptVia.PRESUMED.label),
                data={"via": receipts.ReceiptVia.PRESUMED, "received_at": issued.isoformat(),
                      "due_at": plain(row.due_at)},
            )  # fmt: skip
            presumed += 1
    return presumed


def reports_sweep(*, now: datetime | None = None) -> int:
    """Apply ON_EXPIRY to every open report whose clock ran out; return how many moved.

    `report_transition` locks the row and re-checks its status, so a report an
    officer (or another sweep) moved in the meantime is skipped, not moved twice.
    Receipts not recorded in time are presumed first, so their clocks run in the same pass.
    """
    now = now or timezone.now()
    reports_presume_receipts(now=now)
    moved = 0
    due = Report.objects.filter(status__in=list(ON_EXPIRY), due_at__lt=now).values_list("pk", "status")[:500]
    for pk, status in list(due):
        try:
            report_transition(
                report=Report(pk=pk), action=ON_EXPIRY[Status(status)], actor=None, acting_as=Actor.SYSTEM, now=now
            )
        except TransitionError:
            continue
        moved += 1
    return moved
