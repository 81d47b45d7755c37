"""Error pages in the visitor's language, and 503 rather than 500 while the database is unreachable.

A database that is restarting or out of connections is a passing outage: clients that retry
(the APIs' Idempotency-Key makes that safe) are told so with 503 and Retry-After.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10
MACHINE_PREFIXES = ("/api/", "/open311/")


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
    if request.path.startswith("/open311/"):
        # Open311 clients read errors as a list of {code, description} in the requested format.
        from sigap.open311.formats import render_errors

        fmt = "json" if request.path.endswith(".json") else "xml"
        response: HttpResponse = render_errors(fmt, status, [(status, message)])
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
