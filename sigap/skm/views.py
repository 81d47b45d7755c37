"""The public survey form (per service, and after a closed complaint) and the staff results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Complaint
from sigap.complaints.reporter_access import reporter_may_follow
from sigap.organisations.models import Jurisdiction, Service
from sigap.skm.forms import PeriodForm, SurveyForm
from sigap.skm.models import Element, SurveyResponse
from sigap.skm.sampling import minimum_sample, sample_adequate, sample_table
from sigap.skm.selectors import Period, ikm_grouped, ikm_total, method_for, responses_in, units_visible_to
from sigap.skm.services import survey_submit
from sigap.web.ratelimit import client_address, hit

# One person fills a form in a minute or two; more than this from one address is a script.
SURVEYS_PER_HOUR = 30


def _rate_limited(request: HttpRequest) -> bool:
    return not hit("skm", client_address(request), limit=SURVEYS_PER_HOUR, window=3600).allowed


def service_list(request: HttpRequest) -> HttpResponse:
    services = (
        Service.objects.filter(is_active=True, unit__is_active=True)
        .exclude(unit__opd__jurisdiction__kind=Jurisdiction.Kind.OMBUDSMAN)
        .select_related("unit", "unit__opd", "unit__opd__jurisdiction")
        .order_by("unit__opd__jurisdiction__name", "unit__name", "name")
    )
    return render(request, "skm/service_list.html", {"services": services})


def _survey_page(request: HttpRequest, *, context: dict[str, Any], submit: Any, done_url: str) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.add_error(None, _("Too many surveys from your connection. Please try again later."))
            status = 429
        elif form.is_valid():
            try:
                submit(form)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                status = 400
            else:
                messages.success(request, _("Thank you. Your answers help improve the service."))
                return redirect(done_url)
        else:
            status = 400
    return render(request, "skm/survey.html", {**context, "form": form}, status=status)


def service_survey(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.select_related("unit", "unit__opd", "unit__opd__jurisdiction"),
        pk=pk,
        is_active=True,
        unit__is_active=True,
    )
    return _survey_page(
        request,
        context={"service": service, "unit": service.unit},
        submit=lambda form: survey_submit(
            service=service, answers=form.answers(), suggestion=form.cleaned_data["suggestion"]
        ),
        done_url=reverse("skm:services"),
    )


def complaint_survey(request: HttpRequest, code: str) -> HttpResponse:
    """The survey after a closed complaint, for the reporter who proved the secret (or owns the account)."""
    normalised = normalise_code(code)
    if normalised is None:
        raise Http404
    complaint = get_object_or_404(
        Complaint.objects.select_related("service__unit__opd", "opd", "jurisdiction"), tracking_code=normalised
    )
    if not reporter_may_follow(request, complaint):
        raise Http404
    if SurveyResponse.objects.filter(complaint=complaint).exists():
        messages.info(request, _("This complaint's survey has already been answered. Thank you."))
        return redirect("portal:case", code=complaint.tracking_code)
    return _survey_page(
        request,
        context={
            "complaint": complaint,
            "service": complaint.service,
            "unit": getattr(complaint.service, "unit", None),
        },
        submit=lambda form: survey_submit(
            complaint=complaint, answers=form.answers(), suggestion=form.cleaned_data["suggestion"]
        ),
        done_url=f"/lacak/{complaint.tracking_code}/",
    )


@staff_required
def results(request: AuthenticatedRequest) -> HttpResponse:
    """IKM per service unit for a period, in the jurisdictions and OPD the user may read."""
    principal = principal_for(request.user)
    units = list(units_visible_to(principal).order_by("opd__jurisdiction__name", "opd__name", "name"))
    form = PeriodForm(request.GET or None, initial={"year": timezone.localdate().year})
    period = Period(year=timezone.localdate().year)
    if form.is_bound and form.is_valid():
        period = Period(year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"])
    jurisdictions = {u.opd.jurisdiction_id: u.opd.jurisdiction for u in units}
    table = sample_table()
    rows = []
    labels: list[str] = []
    values: list[float] = []
    for jurisdiction in jurisdictions.values():
        method = method_for(jurisdiction.pk)
        visible = [u.pk for u in units if u.opd.jurisdiction_id == jurisdiction.pk]
        by_unit = ikm_grouped(responses_in(jurisdiction, period).filter(unit_id__in=visible), "unit", method)
        for unit in units:
            if unit.opd.jurisdiction_id != jurisdiction.pk:
                continue
            result = by_unit.get(unit.pk)
            # The population is yearly, so the sample is judged on a whole year only.
            adequate = (
                None
                if period.quarter
                else sample_adequate(result.respondents if result else 0, unit.yearly_population, table)
            )
            rows.append((unit, result, method, adequate))
            if result:
                labels.append(unit.name)
                values.append(float(result.score))
    chart = {
        "type": "bar",
        "horizontal": True,
        "labels": labels,
        "max": 100,
        "datasets": [{"label": "IKM", "data": values}],
    }
    return render(
        request,
        "skm/results.html",
        {"form": form, "period": period, "rows": rows, "chart": chart},
    )


@staff_required
def unit_results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    unit = get_object_or_404(units_visible_to(principal), pk=pk)
    jurisdiction = unit.opd.jurisdiction
    method = method_for(jurisdiction.pk)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    quarters = []
    for quarter in (1, 2, 3, 4):
        period = Period(year=year, quarter=quarter)
        quarters.append((period, ikm_total(responses_in(jurisdiction, period).filter(unit=unit), method)))
    whole = ikm_total(responses_in(jurisdiction, Period(year=year)).filter(unit=unit), method)
    minimum = minimum_sample(unit.yearly_population)
    elements_chart = {
        "type": "bar",
        "horizontal": True,
        "labels": [str(e.label) for e in Element],
        "min": 1,
        "max": 4,
        "datasets": [
            {"label": _("Mean (1–4)"), "data": [float(whole.mean(e.value)) if whole else None for e in Element]}
        ],
    }
    trend_chart = {
        "type": "line",
        "labels": [str(p) for p, _ in quarters],
        "max": 100,
        "datasets": [{"label": "IKM", "data": [float(r.score) if r else None for _, r in quarters]}],
    }
    suggestions = (
        SurveyResponse.objects.filter(unit=unit, submitted_at__year=year)
        .exclude(suggestion="")
        .order_by("-submitted_at")[:20]
    )
    return render(
        request,
        "skm/unit_results.html",
        {
            "unit": unit,
            "year": year,
            "whole": whole,
            "minimum": minimum,
            "adequate": None if minimum is None else (whole.respondents if whole else 0) >= minimum,
            "quarters": quarters,
            "method": method,
            "elements": [(e, whole.mean(e.value) if whole else None) for e in Element],
            "elements_chart": elements_chart,
            "trend_chart": trend_chart,
            "suggestions": suggestions,
        },
    )
