"""Reference data anyone may read: jurisdictions, OPD, services, categories."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Reply

from sigap.api.errors import ApiError
from sigap.api.lookups import jurisdiction_by_ref, public_jurisdictions
from sigap.api.schemas import CategoryOut, ErrorOut, JurisdictionOut, OpdOut, ServiceOut
from sigap.organisations.models import Category, Jurisdiction, Opd, Service

router = Router(tags=["reference data"])


class JurisdictionQuery(Schema):
    jurisdiction: str = Field(..., max_length=120, description="Slug or web domain of the jurisdiction.")


def _jurisdiction(ref: str) -> Jurisdiction:
    from django.utils.translation import gettext as _

    found = jurisdiction_by_ref(ref)
    if found is None:
        raise ApiError(404, "not_found", _("Unknown jurisdiction."))
    return found


@router.get("/jurisdictions", response={200: list[JurisdictionOut]}, url_name="jurisdiction_list")
def jurisdiction_list(request: HttpRequest) -> Any:
    return Reply(
        200,
        [
            {"slug": j.slug, "name": j.name, "kind": j.kind, "domain": j.domain, "timezone": j.timezone}
            for j in public_jurisdictions().order_by("name")
        ],
    )


@router.get("/opds", response={200: list[OpdOut], 404: ErrorOut, 422: ErrorOut}, url_name="opd_list")
def opd_list(request: HttpRequest, query: Query[JurisdictionQuery]) -> Any:
    jurisdiction = _jurisdiction(query.jurisdiction)
    opds = Opd.objects.filter(jurisdiction=jurisdiction, is_active=True).order_by("name")
    return Reply(200, [{"code": o.code, "name": o.name, "short_name": o.short_name, "kind": o.kind} for o in opds])


@router.get("/services", response={200: list[ServiceOut], 404: ErrorOut, 422: ErrorOut}, url_name="service_list")
def service_list(request: HttpRequest, query: Query[JurisdictionQuery]) -> Any:
    jurisdiction = _jurisdiction(query.jurisdiction)
    services = (
        Service.objects.filter(unit__opd__jurisdiction=jurisdiction, is_active=True)
        .select_related("unit__opd")
        .order_by("name", "id")
    )
    return Reply(
        200,
        [
            {"code": s.code, "name": s.name, "description": s.description, "unit": s.unit.name, "opd": s.unit.opd.code}
            for s in services
        ],
    )


@router.get("/categories", response={200: list[CategoryOut], 404: ErrorOut, 422: ErrorOut}, url_name="category_list")
def category_list(request: HttpRequest, query: Query[JurisdictionQuery]) -> Any:
    """Categories in the language of Accept-Language where an English name exists."""
    from django.utils.translation import get_language

    jurisdiction = _jurisdiction(query.jurisdiction)
    language = get_language() or "id"
    categories = Category.objects.filter(jurisdiction=jurisdiction, is_active=True).select_related(
        "default_opd", "service"
    )
    return Reply(
        200,
        [
            {
                "code": c.code,
                "name": c.display_name(language),
                "group": c.group,
                "description": c.description,
                "default_opd": c.default_opd.code if c.default_opd else None,
                "service": c.service.code if c.service else None,
                "lapor_category": c.lapor_category,
                "lapor_subcategory": c.lapor_subcategory,
                "keywords": c.keywords,
            }
            for c in categories
        ],
    )
