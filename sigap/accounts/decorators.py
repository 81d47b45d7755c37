"""View decorators for staff pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from sigap.accounts.principal import principal_for
from sigap.accounts.second_factor import second_factor_passed


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Allow only signed-in users holding at least one staff role, past the second factor.

    A staff session that has not passed two-factor sign-in is sent to enrol or
    enter a code (sigap.staff.twofactor) and reaches no staff page until it has.
    """

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not principal_for(request.user).grants:
            raise PermissionDenied
        if not second_factor_passed(request):
            target = reverse("staff:second_factor") + "?" + urlencode({"next": request.get_full_path()})
            if getattr(request, "htmx", False):
                # A fragment request would swap the sign-in page into the page; send the browser there.
                return HttpResponse(status=204, headers={"HX-Redirect": target})
            return redirect(target)
        return view(request, *args, **kwargs)

    return wrapped
