"""Session limits: staff are signed out after inactivity, everyone after a maximum time."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sigap.accounts.principal import principal_for
from sigap.staff.signins import LAST_SEEN, SIGNED_IN_AT

# How stale "last seen" may get before a request writes it. Writing it on every request would make
# every staff page wait for a session UPDATE and its disk flush; against idle limits of minutes,
# a minute's precision is enough. Each write also slides the session's expiry.
LAST_SEEN_EVERY_SECONDS = 60


class SessionLimitsMiddleware:
    """End a session idle for SIGAP_STAFF_IDLE_MINUTES (staff) or older than SIGAP_SESSION_MAX_HOURS.

    SESSION_COOKIE_AGE already ends any session after long inactivity; staff
    sessions reach identities and cases, so they get a shorter idle limit, and
    no session lives longer than the absolute maximum however active it is.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # No session key, no signed-in user: reading `request.user` would only load an empty session
        # and the second-factor state for nothing (API clients with a key send no session cookie).
        if request.session.session_key is not None and request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SIGNED_IN_AT, now)
            last_seen = request.session.get(LAST_SEEN, now)
            too_old = now - started > settings.SIGAP_SESSION_MAX_HOURS * 3600
            idle = now - last_seen > settings.SIGAP_STAFF_IDLE_MINUTES * 60
            if too_old or (idle and principal_for(request.user).is_staff_member):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_EVERY_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
