"""Who sees which figures, and the case-level data behind the maps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from sigap.accounts.principal import Principal
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import complaints_visible_to
from sigap.complaints.workflow import Status
from sigap.dashboards.metrics import Scope
from sigap.organisations.models import Jurisdiction

# A map shows at most this many of the newest cases; clusters carry the rest of the picture.
MAP_POINTS = 3000
PERIODS = (1, 3, 6, 12, 24)


def dashboard_scope(principal: Principal, *, jurisdiction_id: int | None = None) -> Scope | None:
    """Return the figures this user may see: whole jurisdictions, or their OPD; None if none.

    The complaint administrator, Inspektorat, regional leader, jurisdiction focal
    point and Ombudsman officer see whole jurisdictions; OPD staff their OPD.
    """
    whole = principal.admin_jurisdictions | principal.oversight_jurisdictions
    if jurisdiction_id is not None:
        whole = whole & {jurisdiction_id}
    if whole:
        return Scope(jurisdiction_ids=frozenset(whole))
    if principal.reading_opds:
        from sigap.organisations.models import Opd

        opds = Opd.objects.filter(pk__in=principal.reading_opds)
        if jurisdiction_id is not None:
            opds = opds.filter(jurisdiction_id=jurisdiction_id)
        rows = list(opds.values_list("pk", "jurisdiction_id"))
        return Scope(jurisdiction_ids=frozenset(j for _, j in rows), opd_ids=frozenset(o for o, _ in rows), whole=False)
    return None


def _from(day: date) -> datetime:
    # A timestamp bound (not created_at__date) so the created_at index is used.
    return timezone.make_aware(datetime.combine(day, time.min))


def period(months: int, *, today: date | None = None) -> tuple[date, date]:
    """Return the first and last day of the last `months` months, this month included."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first, today


def staff_map_points(*, principal: Principal, scope: Scope, start: date) -> list[dict[str, Any]]:
    """Return the newest located cases the user may open, for the staff map."""
    qs = complaints_visible_to(principal).filter(
        jurisdiction_id__in=scope.jurisdiction_ids, lat__isnull=False, created_at__gte=_from(start)
    )
    if not scope.whole:
        qs = qs.filter(opd_id__in=scope.opd_ids)
    rows = qs.order_by("-created_at").values_list("lat", "lng", "tracking_code", "title", "status")[:MAP_POINTS]
    labels = dict(Status.choices)
    return [
        {"lat": lat, "lng": lng, "code": code, "title": title, "status": str(labels.get(status, status))}
        for lat, lng, code, title, status in rows
    ]


def public_map_points(*, jurisdiction: Jurisdiction, start: date) -> list[list[float]]:
    """Return public case locations: never confidential or archived cases, rounded to ~100 m, no text."""
    rows = (
        Complaint.objects.filter(
            jurisdiction=jurisdiction, lat__isnull=False, created_at__gte=_from(start), is_confidential=False
        )
        .exclude(status=Status.ARCHIVED)
        .order_by("-created_at")
        .values_list("lat", "lng")[:MAP_POINTS]
    )
    return [[round(lat or 0.0, 3), round(lng or 0.0, 3)] for lat, lng in rows]


def public_jurisdictions() -> list[Jurisdiction]:
    return list(Jurisdiction.objects.filter(is_active=True).exclude(kind=Jurisdiction.Kind.OMBUDSMAN).order_by("name"))
