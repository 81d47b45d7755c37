"""Turn complaints into the API's output dictionaries (no reporter identity here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from sigap.accounts.principal import Principal
from sigap.complaints import presenters
from sigap.complaints.models import Attachment, Complaint, ComplaintEvent
from sigap.complaints.selectors import actor_capacities
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Status, available_actions


def local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """The moment in the jurisdiction's zone, to the second (clients choke on fractions)."""
    if moment is None:
        return None
    return moment.astimezone(zone).replace(microsecond=0)


def complaint_out(complaint: Complaint, principal: Principal) -> dict[str, Any]:
    zone = complaint.jurisdiction.zone
    status = Status(complaint.status)
    return {
        "tracking_code": complaint.tracking_code,
        "jurisdiction": complaint.jurisdiction.slug,
        "kind": complaint.kind,
        "channel": complaint.channel,
        "status": complaint.status,
        "status_label": str(status.label),
        "public_status": str(PUBLIC_STATUS_LABELS[status]),
        "title": complaint.title,
        "description": complaint.description,
        "expectation": complaint.expectation,
        "incident_date": complaint.incident_date,
        "address": complaint.address,
        "lat": complaint.lat,
        "lng": complaint.lng,
        "category": complaint.category.code if complaint.category else None,
        "service": complaint.service.code if complaint.service else None,
        "opd": {"code": complaint.opd.code, "name": complaint.opd.name} if complaint.opd else None,
        "is_anonymous": complaint.is_anonymous,
        "is_confidential": complaint.is_confidential,
        "forwarded_to": complaint.forwarded_to,
        "archive_reason": complaint.archive_reason,
        "close_reason": complaint.close_reason,
        "rating": complaint.rating,
        "created_at": local(complaint.created_at, zone),
        "updated_at": local(complaint.updated_at, zone),
        "verified_at": local(complaint.verified_at, zone),
        "dispatched_at": local(complaint.dispatched_at, zone),
        "answered_at": local(complaint.answered_at, zone),
        "closed_at": local(complaint.closed_at, zone),
        "due_at": local(complaint.due_at, zone),
        "completion_due_at": local(complaint.completion_due_at, zone),
        "compensation": _compensation_out(complaint),
        "available_actions": [str(a) for a in available_actions(status, actor_capacities(principal, complaint))],
    }


def _compensation_out(complaint: Complaint) -> dict[str, Any] | None:
    claim = presenters.compensation_of(complaint)
    if claim is None:
        return None
    return {
        "amount_claimed": claim.amount_claimed,
        "grounds": claim.grounds,
        "outcome": claim.outcome,
        "amount_granted": claim.amount_granted,
        "decision_reason": claim.decision_reason,
        "payment_due": claim.payment_due,
        "amount_paid": claim.amount_paid,
        "paid_on": claim.paid_on,
    }


def _actor_label(event: ComplaintEvent, *, with_name: bool) -> str:
    role = str(presenters.ACTOR_LABELS.get(event.actor_role, event.actor_role))
    return f"{event.actor} ({role})" if with_name and event.actor else role


def event_out(event: ComplaintEvent, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": event.pk,
        "at": local(event.at, zone),
        "kind": event.kind,
        "action": event.action,
        "title": presenters.event_title(event),
        "actor": _actor_label(event, with_name=True),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "body": event.body,
        "is_public": event.is_public,
    }


def public_out(complaint: Complaint, events: list[ComplaintEvent]) -> dict[str, Any]:
    zone = complaint.jurisdiction.zone
    return {
        "tracking_code": complaint.tracking_code,
        "kind": complaint.kind,
        "status": complaint.status,
        "public_status": str(PUBLIC_STATUS_LABELS[Status(complaint.status)]),
        "title": complaint.title,
        "description": complaint.description,
        "category": complaint.category.code if complaint.category else None,
        "opd": complaint.opd.name if complaint.opd else None,
        "created_at": local(complaint.created_at, zone),
        "updated_at": local(complaint.updated_at, zone),
        "due_at": local(complaint.due_at, zone),
        "deadline_label": presenters.deadline_label(complaint),
        "events": [
            {
                "at": local(e.at, zone),
                "kind": e.kind,
                "title": presenters.event_title(e),
                # The reporter sees roles, not the names of the staff who acted.
                "actor": _actor_label(e, with_name=False),
                "to_status": e.to_status,
                "body": e.body,
            }
            for e in events
        ],
    }


def attachment_out(attachment: Attachment, complaint: Complaint) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "is_internal": attachment.is_internal,
        "created_at": local(attachment.created_at, complaint.jurisdiction.zone),
        "url": reverse("api-v1:complaint_attachment_file", args=[complaint.tracking_code, attachment.pk]),
    }
