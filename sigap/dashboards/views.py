"""Dashboards for staff (figures per role) and the public statistics page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.complaints import presenters
from sigap.complaints.models import Channel
from sigap.dashboards import selectors
from sigap.dashboards.forms import PeriodForm
from sigap.dashboards.metrics import Scope, figures, figures_by, labelled, month_series, stacked_by_month
from sigap.dashboards.models import RollupState
from sigap.dashboards.services import figures_ensure
from sigap.organisations.models import Category, Jurisdiction, Opd


def _chart_labels() -> dict[str, str]:
    """Texts the charts draw, translated here because dashboard.js has no catalogue."""
    return {
        "received": _("Received"),
        "answered": _("Answered"),
        "verification": _("Verified on time (%)"),
        "first_response": _("First response on time (%)"),
        "completion": _("Completed on time (%)"),
        "workdays": _("Working days to answer"),
        "rating": _("Average rating"),
        "reopen": _("Reopened (%)"),
        "open_case": _("Open the case"),
        "cases": _("complaints"),
        "no_data": _("No data yet for this period."),
    }


def _panels(scope: Scope, start: Any, end: Any, *, over_time: bool = True) -> dict[str, Any]:
    """Compute every chart of a dashboard: a fixed number of queries whatever the data."""
    ids = scope.jurisdiction_ids
    opd_labels = {
        pk: short or name
        for pk, short, name in Opd.objects.filter(jurisdiction_id__in=ids).values_list("pk", "short_name", "name")
    }
    categories = dict(Category.objects.filter(jurisdiction_id__in=ids).values_list("pk", "name"))
    channels = {value: str(label) for value, label in Channel.choices}
    unassigned = _("Not yet with an OPD")
    sets = figures_by(scope=scope, start=start, end=end, groupings=[None, "month", "channel", "category", "opd"])
    panels: dict[str, Any] = {}
    if over_time:
        by_month_channel = figures(scope=scope, start=start, end=end, group_by=("month", "channel"))
        by_month_opd = figures(scope=scope, start=start, end=end, group_by=("month", "opd"))
        panels["by_month_channel"] = stacked_by_month(by_month_channel, channels, missing="—")
        panels["by_month_opd"] = stacked_by_month(by_month_opd, opd_labels, missing=unassigned)
    return {
        **panels,
        "total": sets[None][0],
        "by_month": month_series(sets["month"]),
        "by_channel": labelled(sets["channel"], channels, missing="—"),
        "by_category": labelled(sets["category"], categories, missing=_("Uncategorised")),
        "by_opd": labelled(sets["opd"], opd_labels, missing=unassigned),
    }


@staff_required
@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    form = PeriodForm(request.GET or None, principal=principal)
    months, jurisdiction_id = form.choice()
    scope = selectors.dashboard_scope(principal, jurisdiction_id=jurisdiction_id)
    if scope is None:
        raise Http404
    start, end = selectors.period(months)
    panels = _panels(scope, start, end)
    refreshed = RollupState.objects.filter(jurisdiction_id__in=scope.jurisdiction_ids).order_by("refreshed_at").first()
    if refreshed is None:
        figures_ensure(jurisdiction_ids=scope.jurisdiction_ids)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "start": start,
            "end": end,
            "refreshed": refreshed.refreshed_at if refreshed else None,
            "charts": {k: v for k, v in panels.items() if k != "total"},
            **panels,
            "map_query": request.GET.urlencode(),
            "chart_labels": _chart_labels(),
            "map_center": presenters.map_centre(Jurisdiction.objects.filter(pk__in=scope.jurisdiction_ids)),
        },
    )


@staff_required
@require_GET
def dashboard_map(request: AuthenticatedRequest) -> JsonResponse:
    principal = principal_for(request.user)
    form = PeriodForm(request.GET or None, principal=principal)
    months, jurisdiction_id = form.choice()
    scope = selectors.dashboard_scope(principal, jurisdiction_id=jurisdiction_id)
    if scope is None:
        raise Http404
    start, _ = selectors.period(months)
    points = selectors.staff_map_points(principal=principal, scope=scope, start=start)
    response = JsonResponse({"points": points, "limit": selectors.MAP_POINTS})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def public_statistics(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    jurisdictions = selectors.public_jurisdictions()
    if slug is None and jurisdictions:
        jurisdiction = jurisdictions[0]
    else:
        jurisdiction = get_object_or_404(Jurisdiction, slug=slug, is_active=True, kind__in=_public_kinds())
    months = _public_months(request)
    start, end = selectors.period(months)
    scope = Scope(jurisdiction_ids=frozenset({jurisdiction.pk}))
    figures_ensure(jurisdiction_ids=[jurisdiction.pk])
    panels = _panels(scope, start, end, over_time=False)
    return render(
        request,
        "dashboards/public.html",
        {
            "jurisdiction": jurisdiction,
            "jurisdictions": jurisdictions,
            "months": months,
            "periods": selectors.PERIODS,
            "start": start,
            "end": end,
            "charts": {"by_month": panels["by_month"], "by_opd": panels["by_opd"]},
            "total": panels["total"],
            "by_opd": panels["by_opd"],
            "chart_labels": _chart_labels(),
            "map_center": presenters.map_centre([jurisdiction]),
            # Every figure links to the public reports behind it (the public list's own filters).
            "reports_query": urlencode(
                {"jurisdiction": jurisdiction.slug, "since": start.isoformat(), "until": end.isoformat()}
            ),
        },
    )


@require_GET
def public_map(request: HttpRequest, slug: str) -> JsonResponse:
    jurisdiction = get_object_or_404(Jurisdiction, slug=slug, is_active=True, kind__in=_public_kinds())
    start, _ = selectors.period(_public_months(request))
    return JsonResponse({"points": selectors.public_map_points(jurisdiction=jurisdiction, start=start)})


def _public_kinds() -> list[str]:
    return [k for k in Jurisdiction.Kind.values if k != Jurisdiction.Kind.OMBUDSMAN]


def _public_months(request: HttpRequest) -> int:
    try:
        months = int(request.GET.get("bulan", "12"))
    except ValueError:
        return 12
    return months if months in selectors.PERIODS else 12
