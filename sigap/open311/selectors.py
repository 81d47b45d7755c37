"""What Open311 may publish: a jurisdiction's complaints minus the confidential ones.

A confidential (*rahasia*) complaint is kept out of public outputs entirely
(SP4N-LAPOR!'s rahasia hides the report from the public; docs/legal-sources.md
item 9), and spam is never republished. Reporter identity is never selected here.
"""

from __future__ import annotations

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


# What a `request` element shows (mapping.request_out). A list answers up to 1,000 of them, so it reads
# only these columns and is given the jurisdiction it was asked for (with_jurisdiction) instead of
# joining it into every row: building whole rows cost most of the list's time.
REQUEST_COLUMNS = (
    "tracking_code", "status", "jurisdiction", "description", "address", "lat", "lng",
    "created_at", "updated_at", "closed_at", "due_at", "completion_due_at",
    "category__code", "category__name", "category__name_en", "opd__name",
    "open311_origin__address_id", "open311_origin__media_urls",
)  # fmt: skip


def public_request_list(jurisdiction: Jurisdiction) -> QuerySet[Complaint]:
    """The publishable requests as a list reads them (REQUEST_COLUMNS), newest first; see with_jurisdiction."""
    return (
        public_requests(jurisdiction)
        .select_related(None)
        .select_related("category", "opd", "open311_origin")
        .only(*REQUEST_COLUMNS)
        .order_by("-created_at", "-id")
    )


def with_jurisdiction(rows: list[Complaint], jurisdiction: Jurisdiction) -> list[Complaint]:
    """Give a list's rows the jurisdiction they were read for, straight into the relation's cache as
    select_related fills it (assigning through the descriptor costs more)."""
    field = Complaint._meta.get_field("jurisdiction")
    for row in rows:
        field.set_cached_value(row, jurisdiction)
    return rows


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
