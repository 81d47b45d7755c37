"""One error shape for the whole REST API: {"code", "message", "fields"}.

`message` is in the caller's language (Accept-Language, Indonesian by default);
`fields` maps a field path ("reporter.name") to its problems.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from sigap.api.idempotency import IdempotencyConflict
from sigap.complaints.services import TransitionError
from sigap.web.errors import RETRY_AFTER_SECONDS, unavailable_message

logger = logging.getLogger(__name__)

# Where ninja says a value came from; the caller only needs the field's own path.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "filters", "data"}


class ApiError(Exception):
    """An error the API answers with as is."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.headers = headers or {}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or {}}


def error_response(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None, **headers: str
) -> JsonResponse:
    response = JsonResponse(error_body(code, message, fields), status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _field_message(error: dict[str, Any]) -> str:
    """Translate pydantic's common complaints; fall back to its own English text."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_short", "too_short"):
        return _("Too short (at least %(n)s).") % {"n": ctx.get("min_length", "?")}
    if kind in ("string_too_long", "too_long"):
        return _("Too long (at most %(n)s).") % {"n": ctx.get("max_length", "?")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Must be at least %(n)s.") % {"n": ctx.get("ge", ctx.get("gt", "?"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Must be at most %(n)s.") % {"n": ctx.get("le", ctx.get("lt", "?"))}
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("Enter a number.")
    if kind.startswith(("datetime_", "date_")):
        return _("Enter a date in ISO 8601 format.")
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    if kind == "nul_character":
        return _("Text may not contain the NUL character.")
    if kind == "extra_forbidden":
        return _("This field is not part of the request.")
    if kind.startswith("string_") or kind == "str_type":
        return _("Enter text.")
    return str(error.get("msg", _("Not valid.")))


def _field_path(loc: Any) -> str:
    parts = [str(p) for p in (loc or [])]
    while parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    # pydantic names the member of a union that failed ("literal['a','b']", "int"); the field is what counts.
    parts = [p for p in parts if not any(ch in p for ch in "[('") and p not in ("int", "str", "float", "bool")]
    return ".".join(parts) or "__all__"


def install_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default error bodies with Sigap's shape."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = api.create_response(request, error_body(exc.code, exc.message, exc.fields), status=exc.status)
        for name, value in exc.headers.items():
            response[name] = value
        return response

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_path(error.get("loc")), []).append(_field_message(error))
        return api.create_response(
            request, error_body("invalid", _("The request has invalid values."), fields), status=422
        )

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(
            request, error_body("invalid", _("The request has invalid values."), fields), status=422
        )

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request,
            error_body("unauthenticated", _("Sign in, or send a valid API key.")),
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="sigap"'
        return response

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return api.create_response(request, error_body("rate_limited", _("Too many requests.")), status=429)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403 and "CSRF" in exc.message:
            body = error_body("csrf_failed", _("The CSRF token is missing or wrong; reload the page."))
        elif exc.status_code == 400:
            body = error_body("bad_request", _("The request body cannot be read (send JSON)."))
        else:
            body = error_body(f"http_{exc.status_code}", exc.message)
        return api.create_response(request, body, status=exc.status_code)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", _("Not found.")), status=404)

    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You may not do this.")
        return api.create_response(request, error_body("forbidden", message), status=403)

    def on_transition(request: HttpRequest, exc: TransitionError) -> HttpResponse:
        return api.create_response(request, error_body("transition_not_allowed", str(exc)), status=409)

    def on_idempotency(request: HttpRequest, exc: IdempotencyConflict) -> HttpResponse:
        return api.create_response(
            request,
            error_body(
                "idempotency_key_reused",
                _("This Idempotency-Key was already used with a different request; use a new key."),
            ),
            status=422,
        )

    def on_unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Django raises these while parsing a malformed or oversized body: the client's fault, never a 500.
        if isinstance(exc, RequestDataTooBig):
            body = error_body("too_large", _("The request is too large."))
            return api.create_response(request, body, status=413)
        body = error_body("bad_request", _("The request body cannot be read."))
        return api.create_response(request, body, status=400)

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request, error_body("server_error", _("Something went wrong on our side; nothing was saved.")), status=500
        )

    def on_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A database restarting or out of connections: a passing outage the client may retry
        # (with its Idempotency-Key when filing).
        logger.warning("API database unavailable on %s %s: %s", request.method, request.path, exc)
        response = api.create_response(request, error_body("unavailable", unavailable_message()), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def on_unstorable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The database refused a value the client sent (a NUL character, a number out of range).
        return api.create_response(request, error_body("invalid", _("The request has invalid values.")), status=422)

    def handle(exc_class: type[Exception], handler: Callable[[HttpRequest, Any], HttpResponse]) -> None:
        api.add_exception_handler(exc_class, handler)

    handle(Exception, on_unexpected)
    handle(OperationalError, on_unavailable)
    handle(InterfaceError, on_unavailable)
    handle(DataError, on_unstorable)
    handle(ApiError, on_api_error)
    for unreadable in (MultiPartParserError, SuspiciousOperation, UnreadablePostError):
        handle(unreadable, on_unreadable)
    handle(NinjaValidationError, on_validation)
    handle(DjangoValidationError, on_django_validation)
    handle(AuthenticationError, on_auth)
    handle(Throttled, on_throttled)
    handle(HttpError, on_http_error)
    handle(Http404, on_not_found)
    handle(PermissionDenied, on_forbidden)
    handle(TransitionError, on_transition)
    handle(IdempotencyConflict, on_idempotency)
