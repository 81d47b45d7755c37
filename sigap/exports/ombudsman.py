"""The data-exchange package for Ombudsman RI: complaints and their timelines, identities removed.

Documented in docs/exports.md. What is removed (domain.md, UU 27/2022): the
reporter's name, contact and address, the reporter account, the secret, the
names of staff (their roles stay), internal notes, the reporter's own
messages, and for confidential cases the place. The reporter's name, e-mail
and phone are also blanked out of the free text where the reporter wrote them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.presenters import compensation_of
from sigap.complaints.selectors import reporter_of
from sigap.organisations.models import Jurisdiction

FORMAT = "sigap-ombudsman-exchange"
VERSION = 1
REDACTED = "[pelapor]"
CASE_FIELDS = [
    "tracking_code", "received_at", "channel", "kind", "status", "category", "lapor_category", "lapor_subcategory",
    "opd", "service", "title", "description", "expectation", "incident_date", "lat", "lng", "is_anonymous",
    "is_confidential", "verified_at", "dispatched_at", "first_response_at", "answered_at", "closed_at",
    "close_reason", "archive_reason", "forwarded_to", "reopen_count", "rating",
    "compensation_claimed", "compensation_grounds", "compensation_outcome", "compensation_granted",
    "compensation_reason", "compensation_payment_due", "compensation_paid", "compensation_paid_on",
]  # fmt: skip
EVENT_FIELDS = ["tracking_code", "at", "kind", "action", "from_status", "to_status", "actor_role", "body"]


def _iso(value: datetime | date | None) -> str:
    return value.isoformat() if value else ""


def _scrubber(case: Complaint) -> Callable[[str], str]:
    reporter = reporter_of(case)
    needles = [n for n in (reporter.name, reporter.email, reporter.phone) if n and len(n) >= 3] if reporter else []
    if not needles:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)), re.IGNORECASE)
    return lambda text: pattern.sub(REDACTED, text)


def case_record(case: Complaint) -> dict[str, Any]:
    scrub = _scrubber(case)
    hide_place = case.is_confidential
    return {
        "tracking_code": case.tracking_code,
        "received_at": _iso(case.created_at),
        "channel": case.channel,
        "kind": case.kind,
        "status": case.status,
        "category": case.category.name if case.category else "",
        "lapor_category": case.category.lapor_category if case.category else "",
        "lapor_subcategory": case.category.lapor_subcategory if case.category else "",
        "opd": case.opd.name if case.opd else "",
        "service": case.service.name if case.service else "",
        "title": scrub(case.title),
        "description": scrub(case.description),
        "expectation": scrub(case.expectation),
        "incident_date": _iso(case.incident_date),
        "lat": "" if hide_place or case.lat is None else round(case.lat, 3),
        "lng": "" if hide_place or case.lng is None else round(case.lng, 3),
        "is_anonymous": case.is_anonymous,
        "is_confidential": case.is_confidential,
        "verified_at": _iso(case.verified_at),
        "dispatched_at": _iso(case.dispatched_at),
        "first_response_at": _iso(case.first_response_at),
        "answered_at": _iso(case.answered_at),
        "closed_at": _iso(case.closed_at),
        "close_reason": case.close_reason,
        "archive_reason": case.archive_reason,
        "forwarded_to": case.forwarded_to,
        "reopen_count": case.reopen_count,
        "rating": case.rating if case.rating is not None else "",
        **_compensation_record(case, scrub),
    }


def _compensation_record(case: Complaint, scrub: Callable[[str], str]) -> dict[str, Any]:
    """The claim (UU 25/2009 Pasal 42(4)), its decision (Pasal 50(3)) and its payment; empty without a claim."""
    claim = compensation_of(case)
    if claim is None:
        return {name: "" for name in CASE_FIELDS if name.startswith("compensation_")}
    return {
        "compensation_claimed": claim.amount_claimed,
        "compensation_grounds": scrub(claim.grounds),
        "compensation_outcome": claim.outcome,
        "compensation_granted": "" if claim.amount_granted is None else claim.amount_granted,
        "compensation_reason": scrub(claim.decision_reason),
        "compensation_payment_due": _iso(claim.payment_due),
        "compensation_paid": "" if claim.amount_paid is None else claim.amount_paid,
        "compensation_paid_on": _iso(claim.paid_on),
    }


def event_records(case: Complaint) -> list[dict[str, Any]]:
    """The case's steps: status changes and staff messages; never notes or the reporter's words."""
    scrub = _scrubber(case)
    out = []
    for event in case.events.all():
        if event.kind in (ComplaintEvent.Kind.NOTE, ComplaintEvent.Kind.IDENTITY_VIEW):
            continue
        staff_text = event.is_public and event.actor_role not in ("reporter", "system")
        out.append(
            {
                "tracking_code": case.tracking_code,
                "at": _iso(event.at),
                "kind": event.kind,
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "actor_role": event.actor_role,
                "body": scrub(event.body) if staff_text else "",
            }
        )
    return out


def build_package(
    *, jurisdiction: Jurisdiction, first: date, last: date, progress: Callable[[int, int], None]
) -> bytes:
    """Return the ZIP for cases received first..last (the jurisdiction's own days)."""
    zone = jurisdiction.zone
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last, time.max, tzinfo=zone)
    cases = (
        Complaint.objects.filter(jurisdiction=jurisdiction, created_at__gte=start, created_at__lte=end)
        .select_related("category", "opd", "service", "reporter", "compensation")
        .prefetch_related(Prefetch("events", queryset=ComplaintEvent.objects.order_by("at", "id")))
        .order_by("created_at", "id")
    )
    total = cases.count()
    records, events = [], []
    for n, case in enumerate(cases.iterator(chunk_size=1000), start=1):
        records.append(case_record(case))
        events.extend(event_records(case))
        if n % 500 == 0:
            progress(n, total)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "jurisdiction": {"slug": jurisdiction.slug, "name": jurisdiction.name},
        "period": {"first": first.isoformat(), "last": last.isoformat()},
        "generated_at": timezone.now().isoformat(),
        "counts": {"complaints": len(records), "events": len(events)},
        "files": ["complaints.csv", "complaints.json", "events.csv", "events.json"],
        "identities": "removed",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr("complaints.json", json.dumps(records, ensure_ascii=False))
        archive.writestr("events.json", json.dumps(events, ensure_ascii=False))
        archive.writestr("complaints.csv", _csv(CASE_FIELDS, records))
        archive.writestr("events.csv", _csv(EVENT_FIELDS, events))
    return buffer.getvalue()


def _csv(fields: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
