"""Export pages: ask for an export, watch its progress, download the file."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.backoffice.forms import InboxFilterForm
from sigap.exports.forms import ListExportForm, ReportForm
from sigap.exports.models import Export
from sigap.exports.selectors import export_get_for_user, exports_of
from sigap.exports.services import export_download_record, export_request
from sigap.web.forms import error_text


@staff_required
@require_GET
def export_list(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    return render(
        request,
        "exports/list.html",
        {"exports": exports_of(request.user)[:50], "report_form": ReportForm(principal=principal)},
    )


@staff_required
@require_POST
def export_inbox(request: AuthenticatedRequest) -> HttpResponse:
    """Export the inbox as filtered (the filters come with the form, as on the inbox page)."""
    principal = principal_for(request.user)
    form = ListExportForm(request.POST)
    filters = InboxFilterForm(request.POST, principal=principal)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("backoffice:inbox")
    export = export_request(
        user=request.user,
        kind=form.cleaned_data["format"],
        params=asdict(filters.filters()),
        include_identities=form.cleaned_data["include_identities"],
        request=request,
    )
    return redirect("exports:detail", export_id=export.pk)


@staff_required
@require_POST
def export_report(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = ReportForm(request.POST, principal=principal)
    if not form.is_valid():
        return render(
            request, "exports/list.html", {"exports": exports_of(request.user)[:50], "report_form": form}, status=400
        )
    try:
        export = export_request(
            user=request.user, kind=form.cleaned_data["kind"], params=form.params(), request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exports:list")
    return redirect("exports:detail", export_id=export.pk)


@staff_required
@require_GET
def export_detail(request: AuthenticatedRequest, export_id: str) -> HttpResponse:
    export = export_get_for_user(user=request.user, export_id=export_id)
    template = "exports/_progress.html" if request.headers.get("HX-Request") else "exports/detail.html"
    return render(request, template, {"export": export})


@staff_required
@require_GET
def export_download(request: AuthenticatedRequest, export_id: str) -> FileResponse:
    export = export_get_for_user(user=request.user, export_id=export_id)
    if export.state != Export.State.DONE or not export.file:
        raise Http404
    export_download_record(export=export, user=request.user, request=request)
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=export.file_name)
    response["Cache-Control"] = "private, no-store"
    return response
