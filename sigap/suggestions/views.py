"""Duplicate handling for staff, and the portal's "already reported?" look-up and follow page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Complaint
from sigap.complaints.selectors import acting_role, actor_capacities, complaint_get_for_user, timeline
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Actor, Status
from sigap.organisations.models import Category, Jurisdiction
from sigap.suggestions.duplicates import similar_public_cases
from sigap.suggestions.forms import AutoDispatchForm
from sigap.suggestions.selectors import auto_dispatch_overview
from sigap.suggestions.services import (
    auto_dispatch_settings_update,
    auto_dispatch_undo,
    duplicate_link,
    duplicate_merge,
)
from sigap.web.ratelimit import client_address, hit

FOLLOWED = "followed_codes"
SIMILAR_LOOKUPS_PER_HOUR = 120


@staff_required
@require_POST
def case_link(request: AuthenticatedRequest, code: str, other: str) -> HttpResponse:
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    original = complaint_get_for_user(principal=principal, code=other)
    if not actor_capacities(principal, case):
        raise PermissionDenied
    try:
        duplicate_link(complaint=case, original=original, actor=request.user, acting_as=acting_role(principal, case))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The two complaints are linked."))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
@require_POST
def case_merge(request: AuthenticatedRequest, code: str, other: str) -> HttpResponse:
    """Archive the case at `code` as a duplicate of `other`."""
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    original = complaint_get_for_user(principal=principal, code=other)
    if Actor.ADMIN not in actor_capacities(principal, case):
        raise PermissionDenied
    try:
        duplicate_merge(duplicate=case, original=original, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("backoffice:case", code=case.tracking_code)
    messages.success(request, _("Merged: this complaint continues as %(code)s.") % {"code": original.tracking_code})
    return redirect("backoffice:case", code=original.tracking_code)


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """List open public cases like the one being written (htmx fragment for the portal form)."""
    verdict = hit("similar", client_address(request), limit=SIMILAR_LOOKUPS_PER_HOUR, window=3600)
    if not verdict.allowed:
        return HttpResponse(status=429)
    title = request.GET.get("title", "")[:200]
    description = request.GET.get("description", "")[:4000]
    jurisdiction = Jurisdiction.objects.filter(pk=request.GET.get("jurisdiction") or 0, is_active=True).first()
    candidates = []
    if jurisdiction is not None and len(f"{title} {description}".strip()) >= 10:
        category = Category.objects.filter(pk=request.GET.get("category") or 0, jurisdiction=jurisdiction).first()
        candidates = similar_public_cases(
            jurisdiction_id=jurisdiction.pk,
            title=title,
            description=description,
            lat=_float(request.GET.get("lat")),
            lng=_float(request.GET.get("lng")),
            category_id=category.pk if category else None,
            now=timezone.now(),
        )
    return render(request, "suggestions/_similar.html", {"candidates": candidates, "labels": PUBLIC_STATUS_LABELS})


def _public_case(code: str) -> Complaint:
    normalised = normalise_code(code)
    if normalised is None:
        raise Http404
    case = get_object_or_404(
        Complaint.objects.select_related("category", "opd", "jurisdiction"), tracking_code=normalised
    )
    # Confidential cases stay out of every public output (SP4N-LAPOR! *rahasia*).
    if case.is_confidential or case.status == Status.ARCHIVED:
        raise Http404
    return case


@require_GET
def follow(request: HttpRequest, code: str) -> HttpResponse:
    """The public status of a case: category, OPD, status and dates; no text, place or identity."""
    case = _public_case(code)
    steps = timeline(complaint=case, public_only=True).exclude(to_status="").values_list("at", "to_status")
    history = [(at, PUBLIC_STATUS_LABELS.get(Status(status), status)) for at, status in steps]
    return render(
        request,
        "suggestions/follow.html",
        {
            "case": case,
            "status_label": PUBLIC_STATUS_LABELS[Status(case.status)],
            "history": history,
            "following": case.tracking_code in request.session.get(FOLLOWED, []),
        },
    )


@require_POST
def follow_add(request: HttpRequest, code: str) -> HttpResponse:
    case = _public_case(code)
    codes = request.session.get(FOLLOWED, [])
    if case.tracking_code not in codes:
        request.session[FOLLOWED] = [*codes[-19:], case.tracking_code]
    messages.success(request, _("You follow this complaint; bookmark this page to come back to it."))
    return redirect("suggestions:follow", code=case.tracking_code)


@staff_required
@require_POST
def auto_dispatch_undo_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The administrator takes an automatically dispatched case back, within the verification deadline."""
    principal = principal_for(request.user)
    case = complaint_get_for_user(principal=principal, code=code)
    if Actor.ADMIN not in actor_capacities(principal, case):
        raise PermissionDenied
    try:
        auto_dispatch_undo(complaint=case, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The automatic dispatch is undone; dispatch the complaint by hand."))
    return redirect("backoffice:case", code=case.tracking_code)


@staff_required
def auto_dispatch_settings(request: AuthenticatedRequest) -> HttpResponse:
    """Each jurisdiction the user administers: auto-dispatch on or off, the wanted precision,
    and what that precision means on its own held-out history (threshold, share routed)."""
    principal = principal_for(request.user)
    jurisdictions = list(Jurisdiction.objects.filter(pk__in=principal.admin_jurisdictions).order_by("name"))
    if not jurisdictions:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        # Only a jurisdiction this user administers; anything else is a bad request, changing nothing.
        jurisdiction = next((j for j in jurisdictions if str(j.pk) == request.POST.get("jurisdiction")), None)
        form = AutoDispatchForm(request.POST)
        if jurisdiction is None or not form.is_valid():
            status = 400
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            messages.error(request, " ".join(errors) or _("Choose one of your jurisdictions."))
        else:
            try:
                auto_dispatch_settings_update(
                    jurisdiction=jurisdiction,
                    enabled=form.cleaned_data["enabled"],
                    precision=form.cleaned_data["precision"] / 100,
                    actor=request.user,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Saved."))
                return redirect("suggestions:auto_dispatch_settings")
    rows = [auto_dispatch_overview(jurisdiction=j) for j in jurisdictions]
    return render(request, "suggestions/auto_dispatch.html", {"rows": rows}, status=status)
