"""Request types for views behind the staff decorator."""

from __future__ import annotations

from django.http import HttpRequest

from sigap.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request from a signed-in user (guaranteed by `login_required` or `staff_required`)."""

    user: User
