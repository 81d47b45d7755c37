"""Reading reports from a PostgreSQL streaming replica (`DATABASE_REPLICA_URL`).

Only GET requests to the reporting views (dashboards, public statistics, exports, Open311 and REST
lists) read from the replica; everything else, and every write, uses the primary. Three things keep
a reader from seeing something wrong or nothing at all:
- read-your-writes: after a staff member (or API key) changes something, their reads go to the
  primary for `SIGAP_REPLICA_PIN_SECONDS`, longer than the replica's usual lag;
- accounts, sessions, keys and counters are always read from the primary (a key or a session made a
  moment ago may not have reached the replica yet);
- a replica that does not answer is skipped for `SIGAP_REPLICA_RETRY_SECONDS`, and a request whose
  replica connection fails midway is answered again from the primary.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
# Read from the replica: GET requests to these views (namespace, or namespace:name).
REPORTING_VIEWS = frozenset(
    {
        "dashboards",
        "exports:list",
        "exports:inbox",
        "exports:detail",
        "open311:services",
        "open311:service",
        "open311:requests",
        "open311:request",
        "open311:updates",
        "api-v1:complaint_list",
        "api-v1:complaint_create",  # GET /complaints (the list) resolves to the path's first name
        "api-v1:jurisdiction_list",
        "api-v1:opd_list",
        "api-v1:service_list",
        "api-v1:category_list",
    }
)
# Always read from the primary: who is asking and what they may do must never lag.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "contenttypes", "accounts", "staff", "otp_totp", "otp_static", "axes", "apikeys", "web"}
)

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("sigap_reading_replica", default=False)
# Per process: until when the replica is considered down (monotonic clock).
_down_until = 0.0


class ReplicaRouter:
    """Reads go to the replica only inside a reporting request that the middleware let through."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _reading_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"


def _actor(request: HttpRequest) -> str | None:
    """Who made the request: the signed-in user, or the API key presented (hashed)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    raw = request.headers.get("Authorization", "") or request.headers.get("X-API-Key", "")
    if raw:
        return "key:" + hashlib.sha256(raw.encode()).hexdigest()[:32]
    return None


def _pin_key(actor: str) -> str:
    return f"replica-pin:{actor}"


def reading_replica() -> bool:
    """Whether this request's reads (other than PRIMARY_ONLY_APPS) go to the replica."""
    return _reading_replica.get()


def replica_usable() -> bool:
    """Whether the replica answers now (a cheap query); a failure benches it for a while."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        _replica_failed()
        return False
    return True


def _replica_failed() -> None:
    global _down_until
    _down_until = time.monotonic() + settings.SIGAP_REPLICA_RETRY_SECONDS
    logger.warning("read replica unavailable; reading from the primary for %ss", settings.SIGAP_REPLICA_RETRY_SECONDS)
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


class ReplicaReadsMiddleware:
    """Decides per request whether reads go to the replica; pins writers to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reading_replica.set(False)
        try:
            response = self.get_response(request)
            if getattr(request, "_sigap_replica", False) and response.status_code >= 500 and not replica_usable():
                # The replica went away during the request: answer it again from the primary (a GET).
                request._sigap_replica = False  # type: ignore[attr-defined]
                _reading_replica.set(False)
                response = self.get_response(request)
        finally:
            _reading_replica.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and response.status_code < 400:
            actor = _actor(request)
            if actor is not None:
                cache.set(_pin_key(actor), 1, timeout=settings.SIGAP_REPLICA_PIN_SECONDS)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or match is None:
            return
        if match.namespace not in REPORTING_VIEWS and match.view_name not in REPORTING_VIEWS:
            return
        # Who is asking is settled from the primary before any read is sent to the replica.
        actor = _actor(request)
        if actor is not None and cache.get(_pin_key(actor)):
            return
        if not replica_usable():
            return
        _reading_replica.set(True)
        request._sigap_replica = True  # type: ignore[attr-defined]
