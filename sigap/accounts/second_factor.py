"""Whether a session has passed the second factor: the one check every staff door asks.

Staff pages (`accounts.decorators.staff_required`), the API's staff session, the staff account
pages and the staff menu all ask this function, so they cannot disagree about a half-finished
sign-in.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from sigap.accounts.models import User
from sigap.accounts.principal import principal_for


def needs_two_factor(user: User | AnonymousUser) -> bool:
    """Staff (any role) and system administrators must pass a second factor."""
    return user.is_authenticated and principal_for(user).is_staff_member


def second_factor_passed(request: HttpRequest) -> bool:
    """Whether this session has passed the second factor (django-otp's OTPMiddleware sets `is_verified`)."""
    check = getattr(request.user, "is_verified", None)
    # Without the middleware nothing is known about the second factor: refuse rather than assume.
    return bool(check()) if callable(check) else False
