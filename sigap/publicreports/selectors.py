"""Reads of public reports: only what is published, paged by keyset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Attachment, ComplaintEvent
from sigap.complaints.workflow import Action, Status
from sigap.publicreports.labels import REPORT_STATUS_LABELS
from sigap.publicreports.masking import mask
from sigap.publicreports.models import PublicReport
from sigap.publicreports.services import reporter_names
from sigap.web import keyset

PAGE_SIZE = 20
MAP_POINTS = 5000


@dataclass(frozen=True)
class Filters:
    jurisdiction_id: int | None = None
    category_id: int | None = None
    opd_id: int | None = None
    kecamatan_id: int | None = None
    kelurahan_id: int | None = None
    status: str = ""
    since: datetime | None = None
    until: datetime | None = None


def published_reports(filters: Filters) -> QuerySet[PublicReport]:
    qs = PublicReport.objects.filter(is_published=True)
    for field in ("jurisdiction_id", "category_id", "opd_id", "kecamatan_id", "kelurahan_id"):
        value = getattr(filters, field)
        if value is not None:
            qs = qs.filter(**{field: value})
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.since:
        qs = qs.filter(filed_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(filed_at__lt=filters.until)
    return qs


def cursor_of(report: PublicReport) -> str:
    return keyset.encode(report.filed_at, report.pk)


def report_page(filters: Filters, *, after: str = "") -> tuple[list[PublicReport], str]:
    """One page of published reports, newest first, and the cursor of the next page ("" at the end).

    Keyset pagination (sigap.web.keyset): a cursor that is not ours starts at the first page.
    """
    qs = published_reports(filters).select_related("category", "opd", "kelurahan", "jurisdiction", "complaint")
    return keyset.page(
        qs, after=keyset.decode(after) if after else None, size=PAGE_SIZE, time_field="filed_at",
        pk_field="complaint_id",
    )  # fmt: skip


def map_query(filters: Filters, *, box: tuple[float, float, float, float] | None = None) -> QuerySet[Any]:
    """The newest published reports with a place (inside `box` = south, west, north, east), as map rows.

    Every column it reads is in a covering index on PostgreSQL (publicreports migration 0003).
    """
    qs = published_reports(filters).filter(lat__isnull=False, lng__isnull=False)
    if box is not None:
        south, west, north, east = box
        qs = qs.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
    rows = qs.order_by("-filed_at", "-complaint_id").values_list("tracking_code", "lat", "lng", "title", "status")
    return rows[:MAP_POINTS]


def map_points(filters: Filters, *, box: tuple[float, float, float, float] | None = None) -> list[dict[str, Any]]:
    # Up to MAP_POINTS rows a request: the labels are looked up once, not once a point.
    labels = {str(status): str(label) for status, label in REPORT_STATUS_LABELS.items()}
    return [
        {"code": code, "lat": round(lat, 5), "lng": round(lng, 5), "title": title, "status": labels[status]}
        for code, lat, lng, title, status in map_query(filters, box=box)
    ]


def public_report_get(code: str) -> PublicReport:
    """A published report by tracking code; 404 for anything else (never say it exists)."""
    normalised = normalise_code(code)
    if normalised is None:
        raise Http404
    report = (
        PublicReport.objects.select_related("complaint", "category", "opd", "kelurahan", "kecamatan", "jurisdiction")
        .filter(complaint__tracking_code=normalised, is_published=True)
        .first()
    )
    if report is None:
        raise Http404
    return report


@dataclass(frozen=True)
class PublicStep:
    at: datetime
    status: str
    text: str  # the OPD's answer, masked; "" for other steps


def public_timeline(report: PublicReport) -> list[PublicStep]:
    """Status changes the reporter saw, with the OPD's answers (masked); no messages, no notes."""
    complaint = report.complaint
    names = reporter_names(complaint)
    events = ComplaintEvent.objects.filter(
        complaint=complaint, is_public=True, kind=ComplaintEvent.Kind.TRANSITION
    ).exclude(to_status="")
    steps = []
    for event in events.order_by("at", "id"):
        text = mask(event.body, names=names) if event.action == Action.ANSWER else ""
        steps.append(PublicStep(event.at, str(REPORT_STATUS_LABELS[Status(event.to_status)]), text))
    return steps


def public_photos(report: PublicReport) -> QuerySet[Attachment]:
    if not report.photos_public or not report.photo_ids:
        return Attachment.objects.none()
    return Attachment.objects.filter(
        complaint_id=report.pk, pk__in=report.photo_ids, is_internal=False, content_type__startswith="image/"
    )
