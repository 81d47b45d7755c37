"""The daily digest: each staff member's open, overdue and new cases, one e-mail a day."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from sigap.accounts.models import RoleAssignment, User
from sigap.accounts.principal import principal_for
from sigap.complaints.selectors import complaints_visible_to
from sigap.complaints.workflow import OPEN
from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.services import dedupe_key, enqueue, notifications_create

# The digest lists at most this many overdue cases; the counts cover all of them.
LISTED = 20


def digest_for(user: User, now: datetime) -> Notification | None:
    """Return the user's digest for today, or None if they can see no open case."""
    visible = complaints_visible_to(principal_for(user))
    counts = visible.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN)),
        overdue=Count("pk", filter=Q(status__in=OPEN, due_at__lt=now)),
        new=Count("pk", filter=Q(created_at__gte=now - timedelta(days=1))),
    )
    if not counts["open"]:
        return None
    overdue = list(
        visible.filter(status__in=OPEN, due_at__lt=now).order_by("due_at").values_list("pk", flat=True)[:LISTED]
    )
    day = timezone.localdate(now)
    return Notification(
        dedupe_key=dedupe_key("digest", day.isoformat(), user.pk),
        kind=Kind.DIGEST,
        channel=Channel.EMAIL,
        recipient=user.email,
        recipient_user=user,
        language=user.preferred_language or "id",
        context={**counts, "cases": overdue, "day": day.isoformat()},
    )


def digests_create(*, now: datetime | None = None) -> int:
    """Queue today's digest for every active staff member with an e-mail address (once per day)."""
    now = now or timezone.now()
    user_ids = RoleAssignment.objects.filter(is_active=True).values("user_id")
    rows = []
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk"):
        row = digest_for(user, now)
        if row is not None:
            rows.append(row)
    ids = notifications_create(rows, now=now)
    enqueue(ids)
    return len(ids)
