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
