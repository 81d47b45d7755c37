"""Turn complaints and their events into what pages show (labels, files, deadlines)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Role
from sigap.complaints.models import Attachment, CompensationClaim, Complaint, ComplaintEvent
from sigap.complaints.workflow import Action, Actor, Status
from sigap.organisations.models import Jurisdiction
from sigap.sla import deadlines

# What the running deadline means, per status, in the reporter's words.
DEADLINE_LABELS = {
    Status.RECEIVED: _("To be verified by"),
    Status.VERIFIED: _("To be passed to the OPD by"),
    Status.INCOMPLETE: _("Please complete by"),
    Status.DISPATCHED: _("First response due by"),
    Status.IN_FOLLOWUP: _("Follow-up due by"),
    Status.REOPENED: _("Response due by"),
    Status.ANSWERED: _("Closes automatically after"),
}


ACTOR_LABELS = {
    "reporter": _("Reporter"),
    "system": _("System"),
    Actor.ADMIN.value: Role.COMPLAINT_ADMIN.label,
    Actor.OPD.value: _("OPD"),
    **{role.value: role.label for role in Role},
}


@dataclass(frozen=True)
class EventView:
    event: ComplaintEvent
    title: str
    from_label: str
    to_label: str

    @property
    def actor_label(self) -> str:
        role = str(ACTOR_LABELS.get(self.event.actor_role, self.event.actor_role))
        return f"{self.event.actor} ({role})" if self.event.actor else role


COMPENSATION_EVENT_TITLES = {
    "claim": _("Compensation claimed"),
    "payment": _("Compensation paid"),
}


def event_title(event: ComplaintEvent) -> str:
    if event.kind == ComplaintEvent.Kind.TRANSITION and event.action:
        return str(Action(event.action).label)
    if event.kind == ComplaintEvent.Kind.COMPENSATION and event.action in COMPENSATION_EVENT_TITLES:
        return str(COMPENSATION_EVENT_TITLES[event.action])
    return str(ComplaintEvent.Kind(event.kind).label)


def event_views(events: Iterable[ComplaintEvent]) -> list[EventView]:
    def label(status: str) -> str:
        return str(Status(status).label) if status else ""

    return [EventView(e, event_title(e), label(e.from_status), label(e.to_status)) for e in events]


def map_centre(jurisdictions: Iterable[Jurisdiction]) -> tuple[float, float]:
    """Where a place-picking map opens: the first jurisdiction that set a centre."""
    for jurisdiction in jurisdictions:
        if jurisdiction.map_center_lat is not None and jurisdiction.map_center_lng is not None:
            return (jurisdiction.map_center_lat, jurisdiction.map_center_lng)
    lat, lng = settings.SIGAP_MAP_CENTER
    return (lat, lng)


def deadline_label(complaint: Complaint) -> str | None:
    if complaint.due_at is None:
        return None
    label = DEADLINE_LABELS.get(Status(complaint.status))
    return str(label) if label else None


def late_filing_days(complaint: Complaint) -> int | None:
    return deadlines.filing_delay(
        jurisdiction=complaint.jurisdiction, incident_date=complaint.incident_date, received_at=complaint.created_at
    )


def local_due(complaint: Complaint) -> datetime | None:
    """The due moment in the jurisdiction's own zone, for display."""
    from zoneinfo import ZoneInfo

    if complaint.due_at is None:
        return None
    return complaint.due_at.astimezone(ZoneInfo(complaint.jurisdiction.timezone))


def due_states(complaints: Iterable[Complaint], now: datetime | None = None) -> dict[int, deadlines.DueState]:
    """Return each case's due state, computing the due-soon threshold once per jurisdiction."""
    from django.utils import timezone

    now = now or timezone.now()
    thresholds: dict[int, datetime] = {}
    states: dict[int, deadlines.DueState] = {}
    for complaint in complaints:
        if complaint.due_at is None or not complaint.is_open:
            continue
        jid = complaint.jurisdiction_id
        if jid not in thresholds:
            thresholds[jid] = deadlines.due_soon_threshold(jurisdiction=complaint.jurisdiction, now=now)
        states[complaint.pk] = deadlines.classify_due(complaint.due_at, now=now, soon_before=thresholds[jid])
    return states


DUE_LABELS = {
    deadlines.DueState.OVERDUE: _("Overdue"),
    deadlines.DueState.DUE_SOON: _("Due soon"),
    deadlines.DueState.ON_TIME: _("On time"),
}


def attachment_response(attachment: Attachment) -> FileResponse:
    """Serve a stored attachment; images inline, everything else as a download."""
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


def compensation_of(complaint: Complaint) -> CompensationClaim | None:
    """The case's compensation claim, or None (a reverse one-to-one raises when missing)."""
    try:
        return complaint.compensation
    except CompensationClaim.DoesNotExist:
        return None


def compensation_payment_state(claim: CompensationClaim | None, *, today: date) -> str:
    """'' (nothing to pay), 'paid', 'overdue' or 'due' for the case page and the tracking page."""
    if claim is None or not claim.payable:
        return ""
    if claim.is_paid:
        return "paid"
    if claim.payment_due is not None and claim.payment_due < today:
        return "overdue"
    return "due"
