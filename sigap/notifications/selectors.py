"""Which deliveries a staff member may see: complaint administrators, their jurisdictions' rows."""

from __future__ import annotations

from django.db.models import QuerySet

from sigap.accounts.principal import Principal
from sigap.notifications.models import Notification, State

PROBLEM_STATES = (State.RETRYING, State.FAILED)


def deliveries_visible_to(principal: Principal) -> QuerySet[Notification]:
    return Notification.objects.filter(jurisdiction_id__in=principal.admin_jurisdictions)


def problem_deliveries(principal: Principal) -> QuerySet[Notification]:
    """Failed and retrying deliveries, newest first, ready to list."""
    return (
        deliveries_visible_to(principal)
        .filter(state__in=PROBLEM_STATES)
        .select_related("complaint", "jurisdiction")
        .order_by("-updated_at", "-id")
    )
