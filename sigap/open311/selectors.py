"""What Open311 may publish: a jurisdiction's complaints minus the confidential ones.

A confidential (*rahasia*) complaint is kept out of public outputs entirely
(SP4N-LAPOR!'s rahasia hides the report from the public; docs/legal-sources.md
item 9), and spam is never republished. Reporter identity is never selected here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import QuerySet

from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import ArchiveReason, Status
from sigap.organisations.models import Jurisdiction


def public_requests(jurisdiction: Jurisdiction) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(jurisdiction=jurisdiction, is_confidential=False)
        .exclude(status=Status.ARCHIVED, archive_reason=ArchiveReason.SPAM)
        .select_related("jurisdiction", "category", "opd", "open311_origin")
    )


class RequestRow(NamedTuple):
    """What a `request` element shows (mapping.request_out), as plain values.

    A list answers up to 1,000 requests, and building each as a Complaint with its category, OPD and
    origin took most of the list's time; read as tuples (public_request_rows), the page takes about half.
    """

    tracking_code: str
    status: str
    description: str
    address: str
    lat: float | None
    lng: float | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    due_at: datetime | None
    completion_due_at: datetime | None
    category_code: str | None
    category_name: str | None
    category_name_en: str | None
    opd_name: str | None
    address_id: str | None
    media_urls: list[str] | None


# RequestRow's fields as Complaint lookups, in the same order.
REQUEST_COLUMNS = (
    "tracking_code", "status", "description", "address", "lat", "lng",
    "created_at", "updated_at", "closed_at", "due_at", "completion_due_at",
    "category__code", "category__name", "category__name_en", "opd__name",
    "open311_origin__address_id", "open311_origin__media_urls",
)  # fmt: skip
# A list's requests before they are paged: REQUEST_COLUMNS tuples.
RequestRows = QuerySet[Complaint, tuple[Any, ...]]


def public_request_rows(jurisdiction: Jurisdiction) -> RequestRows:
    """The publishable requests newest first, as REQUEST_COLUMNS tuples (filter it, then `request_rows`)."""
    return (
        public_requests(jurisdiction).select_related(None).order_by("-created_at", "-id").values_list(*REQUEST_COLUMNS)
    )


def request_rows(rows: Iterable[tuple[Any, ...]]) -> list[RequestRow]:
    return [RequestRow._make(row) for row in rows]


def request_row(complaint: Complaint) -> RequestRow:
    """One complaint as a list row, for the single-request answers."""
    category, opd = complaint.category, complaint.opd
    origin = getattr(complaint, "open311_origin", None)
    return RequestRow(
        tracking_code=complaint.tracking_code, status=complaint.status, description=complaint.description,
        address=complaint.address, lat=complaint.lat, lng=complaint.lng, created_at=complaint.created_at,
        updated_at=complaint.updated_at, closed_at=complaint.closed_at, due_at=complaint.due_at,
        completion_due_at=complaint.completion_due_at,
        category_code=category.code if category else None, category_name=category.name if category else None,
        category_name_en=category.name_en if category else None, opd_name=opd.name if opd else None,
        address_id=origin.address_id if origin else None, media_urls=origin.media_urls if origin else None,
    )  # fmt: skip


def public_request(jurisdiction: Jurisdiction, service_request_id: str) -> Complaint | None:
    code = normalise_code(service_request_id)
    if code is None:
        return None
    return public_requests(jurisdiction).filter(tracking_code=code).first()


def public_updates(jurisdiction: Jurisdiction) -> QuerySet[ComplaintEvent]:
    """Public status changes of publishable complaints, oldest first (a feed to sync from)."""
    published = public_requests(jurisdiction).values("pk")
    return (
        ComplaintEvent.objects.filter(complaint__in=published, kind=ComplaintEvent.Kind.TRANSITION, is_public=True)
        .select_related("complaint__jurisdiction")
        .order_by("at", "id")
    )
