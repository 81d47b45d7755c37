"""Which early warnings each overseeing role sees."""

from __future__ import annotations

from dataclasses import dataclass

from sigap.accounts.models import Role
from sigap.accounts.principal import Principal
from sigap.oversight.early_warning import Flag, early_warnings
from sigap.oversight.models import WarningThreshold


@dataclass(frozen=True)
class Scope:
    jurisdiction_ids: frozenset[int]
    opd_ids: frozenset[int] | None  # None: every OPD of the jurisdictions


def warning_scope(principal: Principal) -> Scope | None:
    """Inspektorat, regional leader and complaint administrator: their jurisdiction; Ombudsman: the
    jurisdictions overseen; OPD head: their own OPD. Others see no early warnings."""
    whole = (
        principal.jurisdictions_with(Role.INSPEKTORAT, Role.LEADER, Role.COMPLAINT_ADMIN)
        | principal.ombudsman_jurisdictions
    )
    if whole:
        return Scope(jurisdiction_ids=whole, opd_ids=None)
    heads = principal.opds_with(Role.OPD_HEAD)
    if heads:
        from sigap.organisations.models import Opd

        jids = frozenset(Opd.objects.filter(pk__in=heads).values_list("jurisdiction_id", flat=True))
        return Scope(jurisdiction_ids=jids, opd_ids=heads)
    return None


def early_warnings_for(principal: Principal) -> list[Flag]:
    scope = warning_scope(principal)
    if scope is None:
        return []
    return early_warnings(jurisdiction_ids=scope.jurisdiction_ids, opd_ids=scope.opd_ids)


def thresholds_shown(principal: Principal) -> list[WarningThreshold]:
    return list(WarningThreshold.objects.filter(jurisdiction__isnull=True).order_by("metric"))
