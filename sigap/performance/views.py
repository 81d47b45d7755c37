"""Performance pages: per OPD and per officer, with monthly trends."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.organisations.models import Jurisdiction
from sigap.performance import metrics, selectors
from sigap.sla import deadlines

MONTHS = 6


def _window(jurisdiction: Jurisdiction) -> tuple[Any, Any, list[Any]]:
    """The last MONTHS months in the jurisdiction's zone: (since, until, month starts)."""
    today = deadlines.local_date(timezone.now(), jurisdiction)
    months = metrics.month_starts(today, MONTHS)
    since = deadlines.end_of_day(months[0], jurisdiction).replace(hour=0, minute=0, second=0)
    until = deadlines.end_of_day(today, jurisdiction) + timedelta(seconds=1)
    return since, until, months


def _chart(trend: list[tuple[Any, metrics.Figures]]) -> str:
    """The series the page's chart draws, as JSON for a data attribute (no inline script: CSP)."""
    return json.dumps(
        {
            "labels": [m.strftime("%Y-%m") for m, _ in trend],
            "answered": [f.answered for _, f in trend],
            "days_to_answer": [f.days_to_answer for _, f in trend],
            "on_time": [round(f.answer_on_time * 100) if f.answer_on_time is not None else None for _, f in trend],
        }
    )


@staff_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    opds = list(selectors.opds_for(principal))
    if not opds:
        return render(request, "performance/none.html", status=404)
    if len(opds) == 1 and not selectors.may_see_officers(principal, opds[0]):
        return redirect("performance:officer", user_id=request.user.pk)
    since, until, _ = _window(opds[0].jurisdiction)
    figures = metrics.opd_figures(opd_ids=[o.pk for o in opds], since=since, until=until)
    rows = [(o, figures.get(o.pk, metrics.Figures())) for o in opds]
    return render(request, "performance/home.html", {"rows": rows, "since": since, "months": MONTHS})


@staff_required
def opd(request: AuthenticatedRequest, opd_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    unit = selectors.opd_get(principal=principal, opd_id=opd_id)
    since, until, months = _window(unit.jurisdiction)
    totals = metrics.opd_figures(opd_ids=[unit.pk], since=since, until=until).get(unit.pk, metrics.Figures())
    officers = None
    if selectors.may_see_officers(principal, unit):
        people = list(selectors.officers_of(unit))
        per = metrics.officer_figures(user_ids=[u.pk for u in people], since=since, until=until)
        officers = [(u, per.get(u.pk, metrics.Figures())) for u in people]
    trend = metrics.trend(opd_id=unit.pk, months=months, jurisdiction=unit.jurisdiction)
    return render(
        request,
        "performance/detail.html",
        {
            "subject": unit,
            "totals": totals,
            "officers": officers,
            "chart": _chart(trend),
            "trend": trend,
            "months": MONTHS,
        },
    )


@staff_required
def officer(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    principal = principal_for(request.user)
    person, unit = selectors.officer_get(principal=principal, user_id=user_id)
    since, until, months = _window(unit.jurisdiction)
    totals = metrics.officer_figures(user_ids=[person.pk], since=since, until=until).get(person.pk, metrics.Figures())
    trend = metrics.trend(user_id=person.pk, months=months, jurisdiction=unit.jurisdiction)
    return render(
        request,
        "performance/detail.html",
        {"subject": person, "opd": unit, "totals": totals, "chart": _chart(trend), "trend": trend, "months": MONTHS},
    )
