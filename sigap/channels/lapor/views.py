"""Staff pages: import a batch of forwarded reports; export their status back."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.audit.services import audit_record
from sigap.channels.lapor import adapter, services
from sigap.channels.lapor.forms import BatchImportForm
from sigap.complaints.selectors import complaints_visible_to
from sigap.organisations.models import Jurisdiction


def _admin_jurisdictions(request: AuthenticatedRequest):  # type: ignore[no-untyped-def]
    principal = principal_for(request.user)
    if not principal.admin_jurisdictions:
        raise PermissionDenied
    return principal, Jurisdiction.objects.filter(pk__in=principal.admin_jurisdictions)


@staff_required
def batch_import(request: AuthenticatedRequest) -> HttpResponse:
    _principal, jurisdictions = _admin_jurisdictions(request)
    form = BatchImportForm(request.POST or None, request.FILES or None, jurisdictions=jurisdictions)
    message = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            message = services.batch_import(
                jurisdiction=form.cleaned_data["jurisdiction"],
                source=form.cleaned_data["source"],
                content=upload.read(),
                filename=upload.name,
                actor=request.user,
            )
            if message.state == "failed":
                status = 422
        else:
            status = 400
    return render(
        request,
        "channels/lapor_import.html",
        {"form": form, "message": message, "fields": adapter.FIELDS, "required": adapter.REQUIRED},
        status=status,
    )


@staff_required
def export(request: AuthenticatedRequest, source: str, fmt: str) -> HttpResponse:
    if source not in services.SOURCES or fmt not in ("json", "csv"):
        raise Http404
    principal, jurisdictions = _admin_jurisdictions(request)
    cases = complaints_visible_to(principal).filter(jurisdiction__in=jurisdictions, external_system=source)
    since = request.GET.get("since", "")
    if since:
        try:
            cases = cases.filter(updated_at__date__gte=date.fromisoformat(since))
        except ValueError:
            return HttpResponse("since must be a date (YYYY-MM-DD)", status=400, content_type="text/plain")
    rows = services.export_rows(cases)
    audit_record(actor=request.user, action=f"{source}.export", summary=f"{len(rows)} reports", request=request)
    response = HttpResponse(
        adapter.write(rows, fmt), content_type="application/json" if fmt == "json" else "text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sigap-{source}-status.{fmt}"'
    return response
