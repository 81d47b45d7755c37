"""How Sigap's complaints, categories and statuses look in GeoReport v2.

- service = complaint category (`service_code` = category code);
- service request = complaint (`service_request_id` = tracking code);
- `status`: `closed` for the terminal statuses (closed, forwarded, archived),
  `open` otherwise; `status_notes` carries Sigap's finer public status label;
- `expected_datetime`: the working-day deadline of the whole follow-up once it
  runs, else the running stage's deadline; none once the case is finished;
- `agency_responsible`: the OPD holding the case, or the government's own
  complaint administrator before dispatch.
No reporter identity appears in anything built here.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext as _

from sigap.complaints import presenters
from sigap.complaints.models import Complaint, ComplaintEvent, Kind
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, TERMINAL, CloseReason, Status
from sigap.open311.selectors import RequestRow
from sigap.organisations.models import Category, Jurisdiction, name_in
from sigap.sla.deadlines import time_limit
from sigap.sla.models import Counting, Stage

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The description limit of GeoReport v2.
MAX_DESCRIPTION = 4000
# Bump when ATTRIBUTES below change: the discovery changeset tells clients to refetch definitions.
DEFINITIONS_CHANGED = datetime.fromisoformat("2026-12-06T00:00:00+00:00")

# FixMyStreet's extended statuses (servicerequestupdates), per Sigap status.
EXTENDED_STATUS = {
    Status.RECEIVED: "OPEN",
    Status.INCOMPLETE: "FOR_TRIAGE",
    Status.VERIFIED: "INVESTIGATING",
    Status.DISPATCHED: "ACTION_SCHEDULED",
    Status.IN_FOLLOWUP: "IN_PROGRESS",
    Status.ANSWERED: "FIXED",
    Status.REOPENED: "REOPEN",
    Status.CLOSED: "CLOSED",
    Status.FORWARDED: "NOT_COUNCILS_RESPONSIBILITY",
    Status.ARCHIVED: "NO_FURTHER_ACTION",
}
EXTENDED_STATUSES = frozenset(
    {
        "OPEN", "CLOSED", "FIXED", "IN_PROGRESS", "ACTION_SCHEDULED", "INVESTIGATING", "DUPLICATE",
        "NOT_COUNCILS_RESPONSIBILITY", "NO_FURTHER_ACTION", "INTERNAL_REFERRAL", "FOR_TRIAGE", "CANCELLED", "REOPEN",
    }
)  # fmt: skip


def w3c(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """W3C-DTF with the jurisdiction's offset, to the second."""
    if moment is None:
        return None
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


@functools.cache
def _status_note(status: Status, language: str) -> str:
    """The status's public label in the active `language`, translated once per process, not once per row."""
    return str(PUBLIC_STATUS_LABELS[status])


def open_or_closed(status: str) -> str:
    return "closed" if status in TERMINAL else "open"


def extended_status(complaint_status: str, *, close_reason: str = "") -> str:
    if complaint_status == Status.CLOSED and close_reason in (CloseReason.CONFIRMED, CloseReason.ON_BEHALF):
        return "FIXED"
    return EXTENDED_STATUS[Status(complaint_status)]


def service_out(category: Category, *, language: str, service_type: str) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.display_name(language),
        "description": category.description,
        "metadata": True,
        "type": service_type,
        "keywords": category.keywords,
        "group": category.group or None,
    }


def _verification_days(jurisdiction: Jurisdiction, category: Category) -> str:
    limit = time_limit(jurisdiction=jurisdiction, category=category, stage=Stage.VERIFICATION)
    if limit.counting == Counting.WORKING_DAYS:
        return _("%(days)d working days") % {"days": limit.days}
    return _("%(days)d days") % {"days": limit.days}


def attributes_for(category: Category) -> list[dict[str, Any]]:
    """The questions every complaint category asks (same for all; see DEFINITIONS_CHANGED)."""

    def attribute(
        order: int,
        code: str,
        datatype: str,
        description: str,
        *,
        variable: bool = True,
        datatype_description: str | None = None,
        values: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> dict[str, Any]:
        return {
            "variable": variable,
            "code": code,
            "datatype": datatype,
            "required": False,
            "datatype_description": datatype_description,
            "order": order,
            "description": description,
            "values": [{"key": key, "name": name} for key, name in values],
        }

    return [
        attribute(
            1,
            "title",
            "string",
            _("A short title for the report"),
            datatype_description=_("At most 200 characters; taken from the description when left empty."),
        ),
        attribute(
            2,
            "kind",
            "singlevaluelist",
            _("What kind of report is this?"),
            values=[(k.value, str(k.label)) for k in Kind],
        ),
        attribute(3, "expectation", "text", _("What do you ask the government to do?")),
        attribute(
            4,
            "incident_date",
            "datetime",
            _("When did it happen, or when did you receive the service?"),
            datatype_description=_("ISO 8601, e.g. 2026-03-05T09:15:30+07:00"),
        ),
        attribute(
            5,
            "confidential",
            "singlevaluelist",
            _("Keep my identity confidential (only the complaint administrator sees it; the report is not published)"),
            values=[("true", _("Yes")), ("false", _("No"))],
        ),
        attribute(
            6,
            "compensation_amount",
            "number",
            _("Compensation claimed for a loss the service caused (whole rupiah, optional; UU 25/2009 Pasal 42(4))"),
            datatype_description=_("A whole number of rupiah, e.g. 750000; give the loss below too."),
        ),
        attribute(7, "compensation_grounds", "text", _("The loss and how the service caused it")),
        attribute(
            8,
            "notice",
            "string",
            _("Every report is verified within %(limit)s and then passed to the responsible OPD.")
            % {"limit": _verification_days(category.jurisdiction, category)},
            variable=False,
        ),
    ]


def service_notice(complaint: Complaint) -> str | None:
    return _notice(complaint.status, complaint.due_at, complaint.jurisdiction.zone)


def _notice(status: str, due_at: datetime | None, zone: ZoneInfo) -> str | None:
    """The running deadline, e.g. "Batas verifikasi 2026-03-09 23:59 WIB"; none once the case is finished."""
    label = presenters.status_deadline_label(status, due_at)
    if status in TERMINAL or due_at is None or label is None:
        return None
    due = due_at.astimezone(zone)
    return f"{label} {due:%Y-%m-%d %H:%M} {due.tzname()}"


def request_out(row: RequestRow, *, jurisdiction: Jurisdiction, language: str) -> dict[str, Any]:
    """One `request` element; every documented key is present, null when unknown."""
    zone = jurisdiction.zone
    status = Status(row.status)
    finished = status in TERMINAL
    expected = None if finished else (row.completion_due_at or row.due_at)
    return {
        "service_request_id": row.tracking_code,
        "status": open_or_closed(status),
        "status_notes": _status_note(status, translation.get_language()),
        "service_name": name_in(language, row.category_name, row.category_name_en or "") if row.category_name else None,
        "service_code": row.category_code,
        "description": row.description[:MAX_DESCRIPTION],
        "agency_responsible": row.opd_name or jurisdiction.name,
        "service_notice": _notice(status, row.due_at, zone),
        "requested_datetime": w3c(row.created_at, zone),
        "updated_datetime": w3c(row.closed_at if status == Status.CLOSED else row.updated_at, zone),
        "expected_datetime": w3c(expected, zone),
        "address": row.address or None,
        "address_id": row.address_id or None,
        "zipcode": None,
        "lat": row.lat,
        "long": row.lng,
        "media_url": row.media_urls[0] if row.media_urls else None,
    }


def update_out(event: ComplaintEvent) -> dict[str, Any]:
    """One `request_update` of the FixMyStreet extension: a public status change, without staff free text."""
    complaint = event.complaint
    zone = complaint.jurisdiction.zone
    status = Status(event.to_status)
    return {
        "update_id": str(event.pk),
        "service_request_id": complaint.tracking_code,
        "status": extended_status(status, close_reason=complaint.close_reason if status == Status.CLOSED else ""),
        "updated_datetime": w3c(event.at, zone),
        "description": str(PUBLIC_STATUS_LABELS[status]),
        "media_url": None,
        "external_status_code": status.value,
    }
