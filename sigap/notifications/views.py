"""Staff page: deliveries that failed, for the complaint administrators of the jurisdiction."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.notifications.models import State
from sigap.notifications.selectors import deliveries_visible_to, problem_deliveries, unsent_messages
from sigap.notifications.services import notification_retry


@staff_required
def outbox(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not principal.admin_jurisdictions:
        raise PermissionDenied
    page = Paginator(problem_deliveries(principal), 50).get_page(request.GET.get("page"))
    totals = dict(
        deliveries_visible_to(principal)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("state", "n")
    )
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "totals": [(state, totals.get(state.value, 0)) for state in State],
            "unsent": unsent_messages(principal),
        },
    )


@staff_required
@require_POST
def retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    notification = problem_deliveries(principal).filter(pk=pk).first()
    if notification is None:
        raise Http404
    notification_retry(notification=notification, actor=request.user)
    messages.success(request, _("The message will be sent again."))
    return redirect("notifications:outbox")
