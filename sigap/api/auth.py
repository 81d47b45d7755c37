"""Who is calling the REST API: an API key, a staff session, or nobody.

A key acts for its jurisdiction only: a key that names a staff member gets that
member's roles *in that jurisdiction*, never more. A session is a signed-in
staff member, with Django's CSRF check on unsafe methods. Presenting a wrong
or revoked key is an error (401), never a silent fall-back to anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from sigap.accounts.models import Role, User
from sigap.accounts.principal import ANONYMOUS, Principal, principal_for
from sigap.accounts.second_factor import second_factor_passed
from sigap.api.errors import ApiError
from sigap.apikeys.guessing import TooManyWrongKeys, apikey_check
from sigap.apikeys.models import ApiKey
from sigap.apikeys.services import apikey_touch
from sigap.web.ratelimit import client_address

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Caller:
    address: str
    user: User | None = None
    api_key: ApiKey | None = None
    # A session's roles, read when it was checked; a key's are read when first needed (`principal`).
    session_principal: Principal | None = None

    @cached_property
    def principal(self) -> Principal:
        """Who the caller acts as; for a key, read only by the calls that act on cases (not by filing)."""
        if self.session_principal is not None:
            return self.session_principal
        if self.api_key is not None:
            return key_principal(self.api_key)
        return ANONYMOUS

    @property
    def is_anonymous(self) -> bool:
        return self.user is None and self.api_key is None

    @property
    def client_id(self) -> str:
        """Who owns an Idempotency-Key or a rate-limit bucket."""
        if self.api_key is not None:
            return f"key:{self.api_key.pk}"
        if self.user is not None:
            return f"user:{self.user.pk}"
        return f"addr:{self.address}"

    def allows(self, scope: str) -> bool:
        """Sessions are limited by role alone; keys also by their scopes."""
        if self.api_key is not None:
            return self.api_key.allows(scope)
        return self.user is not None


def key_principal(key: ApiKey) -> Principal:
    """The key's user's roles, cut down to the key's jurisdiction."""
    if key.user is None:
        return Principal(user_id=None)
    full = principal_for(key.user)
    grants = frozenset(g for g in full.grants if g[1] == key.jurisdiction_id)
    ombudsman = full.ombudsman_jurisdictions if any(role == Role.OMBUDSMAN for role, _j, _o in grants) else frozenset()
    return Principal(user_id=key.user.pk, grants=grants, ombudsman_jurisdictions=ombudsman)


def caller_for_key(request: HttpRequest, raw: str) -> Caller:
    address = client_address(request)
    try:
        key = apikey_check(raw, address=address)
    except TooManyWrongKeys as exc:
        raise ApiError(429, "too_many_wrong_keys", exc.message, headers={"Retry-After": str(exc.retry_after)}) from exc
    if key is None:
        raise ApiError(401, "invalid_api_key", _("The API key is not valid or has been revoked."))
    apikey_touch(key=key)
    return Caller(address=address, user=key.user, api_key=key)


class ApiKeyHeader(APIKeyHeader):
    """`X-API-Key: <key>`"""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        return caller_for_key(request, key) if key else None


class ApiKeyBearer(HttpBearer):
    """`Authorization: Bearer <key>`"""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        return caller_for_key(request, token) if token else None


class StaffSession(AuthBase):
    """A signed-in staff member's browser session (CSRF token required on unsafe methods)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"

    def __init__(self) -> None:
        self.openapi_name = settings.SESSION_COOKIE_NAME
        super().__init__()

    def __call__(self, request: HttpRequest) -> Caller | None:
        user = request.user
        if not user.is_authenticated:
            return None
        principal = principal_for(user)
        if not principal.grants or not second_factor_passed(request):
            return None  # a reporter's account, or a sign-in not finished, is no staff session
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(403, "csrf_failed", _("The CSRF token is missing or wrong; reload the page."))
        assert isinstance(user, User)
        return Caller(address=client_address(request), user=user, session_principal=principal)


def anonymous(request: HttpRequest) -> Caller:
    return Caller(address=client_address(request))


STAFF_AUTH = [ApiKeyHeader(), ApiKeyBearer(), StaffSession()]
OPEN_AUTH = [*STAFF_AUTH, anonymous]
# OpenAPI: `{}` says the operation also works without credentials (ninja adds the schemes before it).
OPEN_SECURITY: dict[str, Any] = {"security": [{}]}


def caller_of(request: HttpRequest) -> Caller:
    auth = getattr(request, "auth", None)
    assert isinstance(auth, Caller)
    return auth
