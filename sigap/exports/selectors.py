"""Exports a user may see: only their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import User
from sigap.exports.models import Export


def exports_of(user: User) -> QuerySet[Export]:
    return Export.objects.filter(requested_by=user).order_by("-created_at")


def export_get_for_user(*, user: User, export_id: str) -> Export:
    """Return the user's own export; 404 for anyone else's (files are private to who asked)."""
    try:
        return exports_of(user).get(pk=export_id)
    except (Export.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
