"""Who may see whose performance.

- an OPD officer: their own figures and their OPD's totals;
- an OPD head: their OPD and each of its officers;
- the Inspektorat: every OPD of the jurisdiction and every officer.
Anyone else (including other OPD and other cities) gets 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sigap.accounts.models import Role, RoleAssignment, User
from sigap.accounts.principal import Principal
from sigap.organisations.models import Opd


def opds_for(principal: Principal) -> QuerySet[Opd]:
    return (
        Opd.objects.filter(
            Q(pk__in=principal.handling_opds) | Q(jurisdiction_id__in=principal.jurisdictions_with(Role.INSPEKTORAT))
        )
        .select_related("jurisdiction")
        .order_by("name")
    )


def opd_get(*, principal: Principal, opd_id: int) -> Opd:
    opd = opds_for(principal).filter(pk=opd_id).first()
    if opd is None:
        raise Http404
    return opd


def may_see_officers(principal: Principal, opd: Opd) -> bool:
    return principal.has_role(Role.OPD_HEAD, opd_id=opd.pk) or principal.has_role(
        Role.INSPEKTORAT, jurisdiction_id=opd.jurisdiction_id
    )


def officers_of(opd: Opd) -> QuerySet[User]:
    return (
        User.objects.filter(roles__opd=opd, roles__role__in=[Role.OPD_OFFICER, Role.OPD_HEAD])
        .distinct()
        .order_by("first_name", "username")
    )


def officer_get(*, principal: Principal, user_id: int) -> tuple[User, Opd]:
    """Return the officer and the OPD through which the user may see them; 404 otherwise."""
    rows = RoleAssignment.objects.filter(
        user_id=user_id, role__in=[Role.OPD_OFFICER, Role.OPD_HEAD], opd__isnull=False
    ).select_related("user", "opd", "opd__jurisdiction")
    for row in rows:
        assert row.opd is not None
        if user_id == principal.user_id or may_see_officers(principal, row.opd):
            return row.user, row.opd
    raise Http404
