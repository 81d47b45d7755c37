"""Staff page: the latest deadline sweeps, what each did and what failed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.escalation.selectors import sweep_runs, sweep_runs_described


@require_GET
@staff_required
def sweeps(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    # The complaint administrators watch the sweep that escalates their cases (docs/roles.md).
    if not principal.admin_jurisdictions:
        raise PermissionDenied
    page = Paginator(sweep_runs(), 50).get_page(request.GET.get("page"))
    rows = sweep_runs_described(runs=page.object_list, principal=principal)
    return render(request, "escalation/sweeps.html", {"page": page, "rows": rows})
