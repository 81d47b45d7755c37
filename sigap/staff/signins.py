"""Recording sign-ins, and ending the sessions they opened."""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sigap.accounts.models import User
from sigap.staff.models import SignIn
from sigap.web.addresses import client_ip

# Session keys: when the password was accepted, and when the user was last seen.
SIGNED_IN_AT = "sigap_signed_in_at"
LAST_SEEN = "sigap_last_seen"


def signin_record(
    *,
    request: HttpRequest | None,
    outcome: SignIn.Outcome,
    user: User | None = None,
    username: str = "",
) -> SignIn:
    """Append one sign-in step to the record (never raises for odd input)."""
    session = getattr(request, "session", None)
    return SignIn.objects.create(
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        outcome=outcome,
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        session_key=(session.session_key or "") if session is not None else "",
    )


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()
        request.session[LAST_SEEN] = time.time()
    signin_record(request=request, outcome=SignIn.Outcome.PASSWORD_OK, user=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    signin_record(
        request=request,
        outcome=SignIn.Outcome.LOCKED_OUT if locked else SignIn.Outcome.PASSWORD_FAILED,
        user=User.objects.filter(username=username).first() if username else None,
        username=username,
    )


def sessions_end(user: User) -> int:
    """End every session the user's recorded sign-ins opened; return how many were ended.

    Works with any session engine, since it goes through SessionStore.
    """
    engine = import_module(settings.SESSION_ENGINE)
    keys = set(SignIn.objects.filter(user=user).exclude(session_key="").values_list("session_key", flat=True))
    ended = 0
    for key in keys:
        store = engine.SessionStore(session_key=key)
        if store.exists(key):
            store.delete(key)
            ended += 1
    return ended
