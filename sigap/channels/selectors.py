"""Which inbound messages a staff member may read: complaint administrators, their jurisdictions'."""

from __future__ import annotations

from django.db.models import QuerySet

from sigap.accounts.principal import Principal
from sigap.channels.models import InboundMessage


def inbound_visible_to(principal: Principal) -> QuerySet[InboundMessage]:
    # Raw messages carry the sender's identity: only the administrators see them (docs/roles.md).
    return InboundMessage.objects.filter(jurisdiction_id__in=principal.admin_jurisdictions)
