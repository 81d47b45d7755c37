"""Error pages in the visitor's language, and 503 rather than 500 while the database is unreachable.

A database that is restarting or out of connections is a passing outage: clients that retry
(the APIs' Idempotency-Key makes that safe) are told so with 503 and Retry-After.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10
MACHINE_PREFIXES = ("/api/", "/open311/")

# A protocol whose clients read errors in a shape of its own registers how to write one for its path
# prefix (Open311 does, in its AppConfig.ready), so the error pages need not know every protocol.
ServerErrorWriter = Callable[[HttpRequest, int, str], HttpResponse]
_SERVER_ERROR_WRITERS: dict[str, ServerErrorWriter] = {}


def server_error_writer_register(prefix: str, writer: ServerErrorWriter) -> None:
    """Write 500 and 503 answers to requests under `prefix` with `writer(request, status, message)`."""
    _SERVER_ERROR_WRITERS[prefix] = writer


def unavailable_message() -> str:
    return _("Sigap is briefly unavailable. Nothing you sent has been lost; please try again in a moment.")


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(MACHINE_PREFIXES)


def _page(request: HttpRequest, status: int, code: str, title: str, message: str) -> HttpResponse:
    if _wants_json(request):
        # The REST API's error shape and codes (sigap/api/errors.py).
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    return render(request, "errors/page.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, "bad_request", _("Bad request"), _("The request could not be understood."))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, "forbidden", _("Access denied"), _("You may not open this page."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request, 404, "not_found", _("Page not found"), _("The page you are looking for does not exist or has moved.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Render without the database (it may be what failed): a standalone template, no context processors."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if unavailable:
        message = unavailable_message()
    else:
        message = _("Something went wrong on our side. The error has been recorded; please try again later.")
    writer = next((w for prefix, w in _SERVER_ERROR_WRITERS.items() if request.path.startswith(prefix)), None)
    if writer is not None:
        response: HttpResponse = writer(request, status, message)
    elif _wants_json(request):
        response = JsonResponse(
            {"code": "unavailable" if unavailable else "server_error", "message": message, "fields": {}},
            status=status,
        )
    else:
        html = render_to_string("errors/server.html", {"message": message, "status": status})
        response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
