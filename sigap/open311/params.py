"""Read Open311 arguments: empty means absent, dates need a zone, jurisdiction per tenant count."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.http import QueryDict
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from sigap.api.lookups import jurisdiction_by_ref, public_jurisdictions
from sigap.organisations.models import Jurisdiction


class Open311Error(Exception):
    """Answer with these errors and this HTTP status (400, 403, 404, 429)."""

    def __init__(self, status: int, *descriptions: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(descriptions)
        self.status = status
        self.errors: list[tuple[int | str, str]] = [(status, d) for d in descriptions]
        self.headers = headers or {}


def optional(params: QueryDict, name: str) -> str | None:
    """An optional argument that is present but empty counts as absent (GeoReport v2)."""
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def comma_list(params: QueryDict, name: str) -> list[str]:
    value = optional(params, name)
    return [part.strip() for part in value.split(",") if part.strip()] if value else []


def parse_moment(value: str, name: str, zone: ZoneInfo) -> datetime:
    """Parse a W3C/ISO 8601 datetime; a date or a time without zone is read in the jurisdiction's zone."""
    # A "+" in a query string arrives as a space when the client did not encode it.
    candidate = value.strip().replace(" ", "+") if "T" in value else value.strip()
    try:
        moment = parse_datetime(candidate)
    except ValueError:
        moment = None
    if moment is None:
        try:
            day: date | None = parse_date(candidate)
        except ValueError:
            day = None
        if day is None:
            raise Open311Error(
                400, _("%(name)s is not a date in W3C format (e.g. 2026-03-05T09:15:30+07:00).") % {"name": name}
            )
        moment = datetime.combine(day, time.min)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def page_number(params: QueryDict, name: str, default: int, maximum: int) -> int:
    value = optional(params, name)
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= maximum:
        raise Open311Error(
            400, _("%(name)s must be a whole number from 1 to %(max)d.") % {"name": name, "max": maximum}
        )
    return int(value)


def resolve_jurisdiction(params: QueryDict) -> Jurisdiction:
    """One tenant: jurisdiction_id is optional and any value is accepted. Several: required (400), known (404)."""
    tenants = list(public_jurisdictions().order_by("pk")[:2])
    if len(tenants) == 1:
        return tenants[0]
    ref = optional(params, "jurisdiction_id")
    if ref is None:
        raise Open311Error(400, _("jurisdiction_id is required: this endpoint serves several jurisdictions."))
    jurisdiction = jurisdiction_by_ref(ref)
    if jurisdiction is None:
        raise Open311Error(404, _("jurisdiction_id %(id)s is not served here.") % {"id": ref})
    return jurisdiction
