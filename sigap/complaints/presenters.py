"""Turn complaints and their events into what pages show (labels, files, deadlines)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from PIL import Image

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
    # The files this entry brought (a message's photos, the report's own), those the reader may see.
    attachments: tuple[Attachment, ...] = ()

    @property
    def actor_label(self) -> str:
        role = str(ACTOR_LABELS.get(self.event.actor_role, self.event.actor_role))
        return f"{self.event.actor} ({role})" if self.event.actor else role

    @property
    def public_actor_label(self) -> str:
        """Who did it, as the reporter is told: themselves, or the role of the staff (never a name)."""
        if self.event.actor_role == "reporter":
            return str(_("you"))
        return str(ACTOR_LABELS.get(self.event.actor_role, self.event.actor_role))


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


def event_views(events: Iterable[ComplaintEvent], attachments: Iterable[Attachment] = ()) -> list[EventView]:
    """The timeline's entries, each with those of `attachments` (the ones the reader may see) it brought."""

    def label(status: str) -> str:
        return str(Status(status).label) if status else ""

    by_pk = {a.pk: a for a in attachments}
    return [
        EventView(
            e,
            event_title(e),
            label(e.from_status),
            label(e.to_status),
            tuple(by_pk[pk] for pk in (e.data or {}).get("attachments", ()) if pk in by_pk),
        )
        for e in events
    ]


def unplaced_attachments(views: Iterable[EventView], attachments: Iterable[Attachment]) -> list[Attachment]:
    """Attachments no timeline entry names (stored before entries recorded their files)."""
    placed = {a.pk for view in views for a in view.attachments}
    return [a for a in attachments if a.pk not in placed]


THUMBNAIL_BOX = (320, 320)


def attachment_thumbnail_response(attachment: Attachment) -> HttpResponse:
    """A small JPEG of an image attachment, decoded and encoded afresh (no metadata travels along).

    Made once per stored file and kept beside it; the caller has checked the reader may see the file.
    """
    if not attachment.is_image:
        raise Http404
    storage = attachment.file.storage
    name = f"thumbnails/{attachment.sha256}-{THUMBNAIL_BOX[0]}.jpg"
    if storage.exists(name):
        with storage.open(name, "rb") as stored:
            data = stored.read()
    else:
        with attachment.file.open("rb") as source, Image.open(source) as image:
            image.draft("RGB", THUMBNAIL_BOX)  # JPEG: decode at a reduced scale, much faster
            small = image.convert("RGB")
            small.thumbnail(THUMBNAIL_BOX)
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=80, optimize=True)
            data = out.getvalue()
        storage.save(name, ContentFile(data))
    response = HttpResponse(data, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response


def map_centre(jurisdictions: Iterable[Jurisdiction]) -> tuple[float, float]:
    """Where a place-picking map opens: the first jurisdiction that set a centre."""
    for jurisdiction in jurisdictions:
        if jurisdiction.map_center_lat is not None and jurisdiction.map_center_lng is not None:
            return (jurisdiction.map_center_lat, jurisdiction.map_center_lng)
    lat, lng = settings.SIGAP_MAP_CENTER
    return (lat, lng)


def deadline_label(complaint: Complaint) -> str | None:
    return status_deadline_label(complaint.status, complaint.due_at)


def status_deadline_label(status: str, due_at: datetime | None) -> str | None:
    """What the running deadline of a case in `status` is called, or None when it has none."""
    if due_at is None:
        return None
    label = DEADLINE_LABELS.get(Status(status))
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
