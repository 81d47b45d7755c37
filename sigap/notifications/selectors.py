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


def unsent_messages(principal: Principal, *, limit: int = 50) -> list[Notification]:
    """The latest messages kept but not sent (channel switched off), newest first, to read on the page."""
    return list(
        deliveries_visible_to(principal)
        .filter(state=State.SUPPRESSED)
        .select_related("complaint")
        .order_by("-created_at", "-id")[:limit]
    )
