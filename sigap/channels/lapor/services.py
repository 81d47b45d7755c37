"""Import a batch of forwarded reports, and export their status back."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from sigap.accounts.models import User
from sigap.audit.services import audit_record
from sigap.channels.lapor import adapter
from sigap.channels.models import InboundMessage
from sigap.channels.services import inbound_finish, inbound_store
from sigap.complaints.models import Channel, Complaint, ComplaintEvent
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
from sigap.complaints.workflow import Action, Status
from sigap.organisations.models import Category, Jurisdiction

SOURCES = {"lapor": Channel.LAPOR, "ombudsman": Channel.OMBUDSMAN}


def category_for(jurisdiction: Jurisdiction, record: adapter.Record) -> Category | None:
    """Map SP4N-LAPOR!'s category (and subcategory, when given) onto the jurisdiction's own."""
    if not record.category:
        return None
    found = Category.objects.filter(jurisdiction=jurisdiction, is_active=True, lapor_category__iexact=record.category)
    if record.subcategory:
        exact = found.filter(lapor_subcategory__iexact=record.subcategory).first()
        if exact is not None:
            return exact
    return found.order_by("lapor_subcategory", "pk").first()


def batch_import(
    *, jurisdiction: Jurisdiction, source: str, content: bytes, filename: str, actor: User
) -> InboundMessage:
    """Store the file, then file one complaint per new report; the result lists duplicates and errors.

    A report whose external reference is already known (from an earlier batch
    or earlier in this one) is refused as a duplicate, never filed twice.
    """
    channel = SOURCES[source]
    message, created = inbound_store(
        channel=InboundMessage.Channel(source),
        raw=content,
        external_id="sha256:" + hashlib.sha256(content).hexdigest(),
        sender=filename[:300],
        jurisdiction=jurisdiction,
        content_type="application/json" if filename.lower().endswith(".json") else "text/csv",
    )
    if not created:
        return message
    try:
        records, errors = adapter.parse(content, filename)
    except adapter.BatchError as exc:
        return inbound_finish(message, state=InboundMessage.State.FAILED, error=str(exc))
    result: dict[str, Any] = {"imported": [], "duplicates": [], "errors": [e.__dict__ for e in errors]}
    known = set(
        Complaint.objects.filter(
            external_system=source, external_ref__in=[r.external_ref for r in records]
        ).values_list("external_ref", flat=True)
    )
    for record in records:
        if record.external_ref in known:
            result["duplicates"].append({"line": record.line, "external_ref": record.external_ref})
            continue
        # A forward that names nobody is kept as anonymous: Sigap then holds no identity for it.
        anonymous = record.anonymous or not record.reporter_name
        try:
            complaint, _secret = complaint_submit(
                submission=Submission(
                    jurisdiction=jurisdiction, title=record.title, description=record.description, channel=channel,
                    category=category_for(jurisdiction, record), address=record.address, lat=record.lat, lng=record.lng,
                    reporter=None if anonymous else ReporterDetails(
                        name=record.reporter_name, email=record.reporter_email, phone=record.reporter_phone
                    ),
                    is_anonymous=anonymous, is_confidential=record.confidential,
                    external_system=source, external_ref=record.external_ref,
                ),
                recorded_by=actor,
                now=record.created_at,
            )  # fmt: skip
        except ValidationError as exc:
            result["errors"].append(
                {"line": record.line, "external_ref": record.external_ref, "error": " ".join(exc.messages)}
            )
            continue
        known.add(record.external_ref)
        result["imported"].append(
            {"line": record.line, "external_ref": record.external_ref, "tracking_code": complaint.tracking_code}
        )
    state = InboundMessage.State.FILED if result["imported"] else InboundMessage.State.FAILED
    summary = (
        f"{len(result['imported'])} imported, {len(result['duplicates'])} duplicates, {len(result['errors'])} errors"
    )
    audit_record(actor=actor, action=f"{source}.import", obj=message, jurisdiction_id=jurisdiction.pk, summary=summary)
    return inbound_finish(
        message, state=state, result=result, error="" if state == InboundMessage.State.FILED else summary
    )


def export_rows(cases: QuerySet[Complaint]) -> list[dict[str, Any]]:
    """Status updates of forwarded reports, in the import's terms; the latest public answer included."""
    cases = cases.order_by("created_at", "pk")
    answers = dict(
        ComplaintEvent.objects.filter(complaint__in=cases, action=Action.ANSWER, is_public=True)
        .order_by("complaint_id", "at", "id")
        .values_list("complaint_id", "body")
    )
    return [
        {
            "external_ref": c.external_ref,
            "tracking_code": c.tracking_code,
            "status": c.status,
            "lapor_status": adapter.LAPOR_STATUS[Status(c.status)],
            "updated_at": c.updated_at.isoformat(),
            "closed_at": c.closed_at.isoformat() if c.closed_at else None,
            "answer": answers.get(c.pk, ""),
        }
        for c in cases
    ]
