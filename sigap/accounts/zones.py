"""The time zone a staff member's pages are shown in."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings

from sigap.accounts.principal import Principal
from sigap.organisations.models import Jurisdiction


def principal_zone(principal: Principal) -> ZoneInfo:
    """The time zone a staff member's pages are shown in: their (first) jurisdiction's."""
    ids = sorted(jid for _, jid, _ in principal.grants) + sorted(principal.ombudsman_jurisdictions)
    for jurisdiction_id in ids:
        zone = (
            Jurisdiction.objects.filter(pk=jurisdiction_id)
            .exclude(kind=Jurisdiction.Kind.OMBUDSMAN)
            .values_list("timezone", flat=True)
        )
        for name in zone:
            return ZoneInfo(name)
    return ZoneInfo(settings.TIME_ZONE)
