"""The Inspektorat's monitoring view, explanation requests to an OPD, and the evaluation report."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts.decorators import staff_required
from sigap.accounts.principal import principal_for
from sigap.accounts.requests import AuthenticatedRequest
from sigap.accounts.zones import principal_zone
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Complaint
from sigap.inspektorat.selectors import (
    evaluation,
    followup_by_opd,
    may_request_explanation,
    monitoring_jurisdictions,
    most_reopened,
    opd_for_monitor,
    poorly_rated,
    slowest_open,
)
from sigap.organisations.models import Jurisdiction, Opd
from sigap.oversight.dashboards import early_warnings_for
from sigap.oversight.forms import RequestForm
from sigap.oversight.models import Requester, RequestKind
from sigap.oversight.selectors import requests_visible_to
from sigap.oversight.services import Addressee, request_send
from sigap.skm.models import SurveyResponse
from sigap.skm.selectors import Period, ikm_total, method_for
from sigap.web.forms import error_text


def _jurisdictions(request: AuthenticatedRequest) -> list[Jurisdiction]:
    jurisdictions = list(monitoring_jurisdictions(principal_for(request.user)))
    if not jurisdictions:
        raise PermissionDenied
    return jurisdictions


@staff_required
def monitoring(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    jurisdictions = _jurisdictions(request)
    rows = followup_by_opd(jurisdictions)
    explanations = requests_visible_to(principal).filter(requester=Requester.INSPEKTORAT).order_by("-sent_at")[:20]
    chart = {
        "type": "bar",
        "horizontal": True,
        "labels": [str(r.opd) for r in rows if r.open],
        "datasets": [
            {"label": _("Overdue"), "data": [r.overdue for r in rows if r.open], "color": "#b02a37"},
            {"label": _("Due soon"), "data": [r.due_soon for r in rows if r.open], "color": "#ffc107"},
            {"label": _("Open cases"), "data": [r.open for r in rows if r.open], "color": "#0b5d57"},
        ],
    }
    with timezone.override(principal_zone(principal)):
        return render(
            request,
            "inspektorat/monitoring.html",
            {
                "rows": rows,
                "slowest": slowest_open(jurisdictions),
                "reopened": most_reopened(jurisdictions),
                "poorly_rated": poorly_rated(jurisdictions),
                "flags": early_warnings_for(principal),
                "explanations": explanations,
                "chart": chart,
                "may_request": any(may_request_explanation(principal, j.pk) for j in jurisdictions),
                "now": timezone.now(),
            },
        )


def _period(request: AuthenticatedRequest) -> Period:
    year = request.GET.get("year", "")
    quarter = request.GET.get("quarter", "")
    return Period(
        year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year,
        quarter=int(quarter) if quarter in {"1", "2", "3", "4"} else None,
    )


@staff_required
def opd_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The periodic evaluation report of one OPD, as a page or (?format=csv) a download."""
    principal = principal_for(request.user)
    opd = opd_for_monitor(principal=principal, pk=pk)
    period = _period(request)
    report = evaluation(opd, period)
    start, end = period.bounds(opd.jurisdiction)
    ikm = ikm_total(
        SurveyResponse.objects.filter(opd=opd, submitted_at__gte=start, submitted_at__lt=end),
        method_for(opd.jurisdiction_id),
    )
    if request.GET.get("format") == "csv":
        return _csv(report, ikm)
    form = RequestForm(opds=Opd.objects.filter(pk=opd.pk), initial={"opd": opd.pk}, kinds=[RequestKind.EXPLANATION])
    with timezone.override(opd.jurisdiction.zone):
        return render(
            request,
            "inspektorat/opd_report.html",
            {
                "report": report,
                "opd": opd,
                "ikm": ikm,
                "form": form if may_request_explanation(principal, opd.jurisdiction_id) else None,
                "requests": requests_visible_to(principal).filter(opd=opd).order_by("-sent_at")[:20],
                "now": timezone.now(),
                "flow_chart": {
                    "type": "bar",
                    "labels": [m.month.strftime("%Y-%m") for m in report.months],
                    "datasets": [
                        {"label": _("Received"), "data": [m.received for m in report.months]},
                        {"label": _("Answered on time"), "data": [m.answered_on_time for m in report.months]},
                        {"label": _("Closed"), "data": [m.closed for m in report.months]},
                    ],
                },
                "rating_chart": {
                    "type": "bar",
                    "labels": [f"{stars}★" for stars in report.ratings],
                    "datasets": [{"label": _("Ratings"), "data": list(report.ratings.values())}],
                },
            },
        )


def _csv(report, ikm) -> HttpResponse:  # type: ignore[no-untyped-def]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"evaluasi-{report.opd.code}-{str(report.period).replace(' ', '-')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([_("OPD"), str(report.opd), _("Period"), str(report.period)])
    writer.writerow([_("Month"), _("Received"), _("Answered"), _("Answered on time"), _("Closed")])
    for m in report.months:
        writer.writerow([m.month.strftime("%Y-%m"), m.received, m.answered, m.answered_on_time, m.closed])
    writer.writerow(
        [
            _("Total"),
            report.totals["received"],
            report.totals["answered"],
            report.totals["answered_on_time"],
            report.totals["closed"],
        ]
    )
    writer.writerow([_("Reopened"), report.totals["reopened"]])
    writer.writerow([_("Open past the deadline"), report.totals["late_open"]])
    writer.writerow([_("Answered on time (%)"), "" if report.on_time_pct is None else report.on_time_pct])
    for stars, n in report.ratings.items():
        writer.writerow([_("Rating %(n)d") % {"n": stars}, n])
    for label, n in report.forms:
        writer.writerow([label, n])
    writer.writerow(["IKM", ikm.score if ikm else "", ikm.grade if ikm else ""])
    return response


@staff_required
@require_POST
def request_explanation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    opd = opd_for_monitor(principal=principal, pk=pk)
    if not may_request_explanation(principal, opd.jurisdiction_id):
        raise PermissionDenied
    form = RequestForm(request.POST, opds=Opd.objects.filter(pk=opd.pk), kinds=[RequestKind.EXPLANATION])
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("inspektorat:opd_report", pk=opd.pk)
    complaint = None
    code = normalise_code(request.POST.get("complaint_code", ""))
    if code:
        complaint = Complaint.objects.filter(tracking_code=code, opd=opd).first()
    try:
        request_send(
            requester=Requester.INSPEKTORAT,
            kind=RequestKind.EXPLANATION,
            to=Addressee(jurisdiction=opd.jurisdiction, opd=opd),
            subject=form.cleaned_data["subject"],
            questions=form.cleaned_data["questions"],
            actor=request.user,
            complaint=complaint,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request for an explanation was sent to %(opd)s.") % {"opd": opd})
    return redirect("inspektorat:opd_report", pk=opd.pk)
