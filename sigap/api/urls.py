"""Mount the REST API; every error below /api/v1/ keeps the API's JSON shape."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sigap.api.api import api
from sigap.api.errors import error_response


def _json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Give Django's own 404/405 answers (e.g. a method the path does not take) the API's error shape."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            replaced = error_response(405, "method_not_allowed", _("This method is not allowed here."))
            replaced["Allow"] = allowed
            return replaced
        return response

    return wrapped


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", _("Not found."))


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _app, _namespace = api.urls
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(pattern.pattern, _json_errors(pattern.callback), pattern.default_args, pattern.name)
        wrapped.append(pattern)
    return [*wrapped, re_path(r"^(?P<rest>.*)$", not_found)]


app_name = "api-v1"
urlpatterns = _patterns()
