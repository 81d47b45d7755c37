"""Outbound webhooks: case events for other systems, signed with HMAC-SHA256.

Each request carries `X-Sigap-Delivery` (the same id on every retry of one
delivery, so a receiver can drop repeats), `X-Sigap-Event` and
`X-Sigap-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
The payload names no reporter and carries no free text (docs/notifications.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Status
from sigap.notifications.models import Channel, Kind, Notification, WebhookEndpoint
from sigap.web.reference_cache import cached

SIGNATURE_HEADER = "X-Sigap-Signature"
DELIVERY_HEADER = "X-Sigap-Delivery"
EVENT_HEADER = "X-Sigap-Event"
# Receivers should refuse signatures older than this (replay protection).
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """Return the signature header value for `body`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, body: bytes, header: str, *, now: int | None = None) -> bool:
    """Check a signature header made by `sign` (also used for inbound gateway webhooks)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)


def event_name(event: ComplaintEvent) -> str:
    return f"complaint.{event.kind}"


def payload(event: ComplaintEvent, complaint: Complaint) -> dict[str, Any]:
    """The case event as other systems see it: no identity, no free text."""
    return {
        "event": event_name(event),
        "occurred_at": _utc(event.at),
        "action": event.action or None,
        "from_status": event.from_status or None,
        "to_status": event.to_status or None,
        "complaint": {
            "tracking_code": complaint.tracking_code,
            "status": complaint.status,
            "public_status": str(PUBLIC_STATUS_LABELS[Status(complaint.status)]),
            "kind": complaint.kind,
            "channel": complaint.channel,
            "category": complaint.category.code if complaint.category else None,
            "opd": complaint.opd.code if complaint.opd else None,
            "created_at": _utc(complaint.created_at),
            "due_at": _utc(complaint.due_at) if complaint.due_at else None,
            "confidential": complaint.is_confidential,
        },
    }


def _utc(moment: datetime) -> str:
    """ISO 8601 in UTC, however the moment was made (read from the database or computed in local time)."""
    return moment.astimezone(UTC).isoformat()


def active_endpoints(jurisdiction_id: int) -> list[WebhookEndpoint]:
    """The jurisdiction's active endpoints, kept by the process until an endpoint changes (read them only)."""
    found = cached(
        "notifications.webhook_endpoints",
        jurisdiction_id,
        lambda: tuple(WebhookEndpoint.objects.filter(jurisdiction_id=jurisdiction_id, is_active=True).order_by("pk")),
    )
    return list(found)


def plan(
    event: ComplaintEvent, complaint: Complaint, *, endpoints: list[WebhookEndpoint] | None = None
) -> list[Notification]:
    """One delivery per active endpoint of the case's jurisdiction, for lifecycle events."""
    if event.kind not in (ComplaintEvent.Kind.CREATED, ComplaintEvent.Kind.TRANSITION):
        return []
    from sigap.notifications.services import dedupe_key

    if endpoints is None:
        endpoints = active_endpoints(complaint.jurisdiction_id)
    body = None
    rows = []
    for endpoint in endpoints:
        body = body or payload(event, complaint)
        rows.append(
            Notification(
                dedupe_key=dedupe_key("event", event.pk, Kind.WEBHOOK, endpoint.pk),
                kind=Kind.WEBHOOK,
                channel=Channel.WEBHOOK,
                recipient=endpoint.url,
                jurisdiction_id=complaint.jurisdiction_id,
                complaint=complaint,
                event=event,
                context={"endpoint": endpoint.pk, "payload": body},
                subject=event_name(event),
                body=json.dumps(body, sort_keys=True),
            )
        )
    return rows
