"""Staff page: what came in through the channels, problems first."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.audit.services import audit_record
from sigap.channels.models import InboundMessage
from sigap.channels.selectors import inbound_visible_to


@staff_required
def inbound_list(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not principal.admin_jurisdictions:
        raise PermissionDenied
    failed_first = Case(
        When(state=InboundMessage.State.FAILED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    messages = (
        inbound_visible_to(principal)
        .select_related("complaint")
        .defer("raw")
        .order_by(failed_first, "-received_at", "-id")
    )
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    return render(request, "channels/inbound_list.html", {"page": page})


@staff_required
def inbound_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    if not principal.admin_jurisdictions:
        raise PermissionDenied
    message = get_object_or_404(inbound_visible_to(principal), pk=pk)
    # A raw message carries the sender's identity: every look is on record.
    audit_record(
        actor=request.user, action="inbound.view", obj=message, jurisdiction_id=message.jurisdiction_id, request=request
    )
    response = render(request, "channels/inbound_detail.html", {"message": message})
    response["Cache-Control"] = "no-store"
    return response
