"""Requests to institutions: the focal point's list, the request page, answering, documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.accounts.zones import principal_zone
from sigap.oversight.dashboards import early_warnings_for, thresholds_shown, warning_scope
from sigap.oversight.forms import AnswerForm, ReceiptForm
from sigap.oversight.models import RequestDocument
from sigap.oversight.receipts import ReceiptVia
from sigap.oversight.selectors import (
    answering_role,
    inbox_for_institution,
    may_answer,
    request_get_for_user,
    requesting_role,
)
from sigap.oversight.services import RequestError, document_opened_record, request_answer, request_record_receipt
from sigap.web.forms import error_text


@staff_required
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    """Requests addressed to the user's institution (focal points and OPD heads)."""
    principal = principal_for(request.user)
    rows = list(inbox_for_institution(principal)[:200])
    with timezone.override(principal_zone(principal)):
        return render(request, "oversight/request_list.html", {"rows": rows, "now": timezone.now()})


@staff_required
def request_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    item = request_get_for_user(principal=principal, pk=pk)
    role = answering_role(principal, item)
    # The read receipt: UU 37/2008 Pasal 33(1) counts from the day the institution received the request.
    if (
        request.method == "GET"
        and role is not None
        and item.awaiting_receipt
        and request_record_receipt(request=item, via=ReceiptVia.SIGAP, actor=request.user, acting_as=role)
    ):
        item = request_get_for_user(principal=principal, pk=pk)
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_answer(principal, item):
            raise PermissionDenied
        if form.is_valid():
            try:
                request_answer(
                    request=item,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["documents"],
                    actor=request.user,
                    acting_as=answering_role(principal, item) or "",
                )
            except (RequestError, ValidationError) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Your answer was sent."))
                return redirect("oversight:request", pk=item.pk)
        else:
            messages.error(request, error_text(form))
    answers = item.answers.select_related("answered_by").prefetch_related("documents")
    with timezone.override(item.jurisdiction.zone):
        return render(
            request,
            "oversight/request_detail.html",
            {
                "item": item,
                "answers": answers,
                "events": item.events.select_related("actor"),
                "form": form if may_answer(principal, item) else None,
                "is_requester": requesting_role(principal, item) is not None,
                "receipt_form": ReceiptForm() if requesting_role(principal, item) and item.is_waiting else None,
                "now": timezone.now(),
            },
            status=400 if request.method == "POST" else 200,
        )


@staff_required
@require_POST
def request_receipt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The requester types the date on the institution's signed receipt of the letter."""
    principal = principal_for(request.user)
    item = request_get_for_user(principal=principal, pk=pk)
    role = requesting_role(principal, item)
    if role is None:
        raise PermissionDenied
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("oversight:request", pk=item.pk)
    try:
        request_record_receipt(
            request=item, via=ReceiptVia.LETTER, received_on=form.cleaned_data["received_on"],
            actor=request.user, acting_as=role,
        )  # fmt: skip
    except (RequestError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The receipt is recorded; the answer clock counts from it."))
    return redirect("oversight:request", pk=item.pk)


@staff_required
def request_document(request: AuthenticatedRequest, pk: int, doc: int) -> FileResponse:
    principal = principal_for(request.user)
    item = request_get_for_user(principal=principal, pk=pk)
    document = get_object_or_404(
        RequestDocument.objects.select_related("answer__request"), pk=doc, answer__request=item
    )
    role = requesting_role(principal, item) or answering_role(principal, item)
    if role is None:
        raise PermissionDenied
    document_opened_record(document=document, actor=request.user, acting_as=role)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=not document.content_type.startswith("image/"),
        filename=document.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@staff_required
def early_warnings(request: AuthenticatedRequest) -> HttpResponse:
    """The flags for what the user oversees: their OPD (head), jurisdiction (Inspektorat) or perwakilan (Ombudsman)."""
    principal = principal_for(request.user)
    scope = warning_scope(principal)
    if scope is None:
        raise PermissionDenied
    flags = early_warnings_for(principal)
    return render(request, "oversight/warnings.html", {"flags": flags, "thresholds": thresholds_shown(principal)})
