"""Who maintains which standards, and the published ones for the public."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sigap.accounts.principal import Principal
from sigap.organisations.models import Jurisdiction, Service


def services_readable_by(principal: Principal) -> QuerySet[Service]:
    whole = principal.admin_jurisdictions | principal.oversight_jurisdictions
    return Service.objects.filter(
        Q(unit__opd__jurisdiction_id__in=whole) | Q(unit__opd_id__in=principal.reading_opds), is_active=True
    ).select_related("unit", "unit__opd", "standard")


def may_maintain(principal: Principal, service: Service) -> bool:
    """The unit's own staff (OPD officers and heads) maintain its standards."""
    return service.unit.opd_id in principal.handling_opds


def published_services() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True, standard__is_published=True)
        .exclude(unit__opd__jurisdiction__kind=Jurisdiction.Kind.OMBUDSMAN)
        .select_related("unit", "unit__opd", "unit__opd__jurisdiction", "standard")
        .order_by("unit__opd__jurisdiction__name", "unit__name", "name")
    )
