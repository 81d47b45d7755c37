"""Compliance self-assessment pages: overview per year, one unit's assessment, evidence."""

from __future__ import annotations

from typing import Any

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
from sigap.complaints.forms import MultipleFileField
from sigap.compliance import scoring
from sigap.compliance.models import Assessment, Evidence, Indicator, IndicatorAnswer
from sigap.compliance.selectors import (
    answers_of,
    assessment_score,
    jurisdiction_opinion,
    may_edit,
    scheme_for_year,
    scheme_spec,
    units_readable_by,
    venue_weights,
)
from sigap.compliance.services import (
    AssessmentLocked,
    assessment_answer,
    assessment_start,
    assessment_submit,
    evidence_add,
)
from sigap.organisations.models import ServiceUnit
from sigap.web.forms import StyledForm, error_text


class EvidenceForm(StyledForm):
    # Named "evidence", not "files": Form.files is Django's own attribute.
    evidence = MultipleFileField(label=_("Evidence (PDF or photos)"))


def _year(request: AuthenticatedRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def venue_label(venue: str) -> str:
    """The venue's name in the reader's language ("own_office" is a code, not a word)."""
    return str(ServiceUnit.Venue(venue).label) if venue in ServiceUnit.Venue.values else venue


@staff_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    principal = principal_for(request.user)
    year = _year(request)
    units = list(units_readable_by(principal).order_by("opd__jurisdiction__name", "opd__name", "name"))
    scheme = scheme_for_year(year)
    spec = scheme_spec(scheme) if scheme else None
    assessments = {
        a.unit_id: a
        for a in Assessment.objects.filter(unit__in=units, year=year)
        .select_related("unit", "scheme")
        .prefetch_related("answers")
    }
    rows = []
    by_jurisdiction: dict[int, list[Assessment]] = {}
    for unit in units:
        assessment = assessments.get(unit.pk)
        score = assessment_score(assessment, spec) if assessment and spec else None
        rows.append((unit, assessment, score, may_edit(principal, unit)))
        if assessment:
            by_jurisdiction.setdefault(unit.opd.jurisdiction_id, []).append(assessment)
    jurisdictions = {u.opd.jurisdiction_id: u.opd.jurisdiction for u in units}
    totals = [
        (jurisdictions[jid], jurisdiction_opinion(jurisdictions[jid], year, items, spec))
        for jid, items in by_jurisdiction.items()
        if spec
    ]
    scored = [(u, s) for u, _a, s, _e in rows if s is not None]
    chart = {
        "type": "bar",
        "horizontal": True,
        "max": 100,
        "labels": [u.name for u, _s in scored],
        "datasets": [{"label": _("Score"), "data": [float(s.rounded) for _u, s in scored]}],
    }
    return render(
        request,
        "compliance/home.html",
        {
            "year": year,
            "scheme": scheme,
            "rows": rows,
            "totals": totals,
            "chart": chart,
            "weights": [(venue_label(venue), weight) for venue, weight in venue_weights().items()],
            "years": range(timezone.localdate().year, 2019, -1),
        },
    )


def _assessment_context(request: AuthenticatedRequest, unit_pk: int, year: int) -> dict[str, Any]:
    principal = principal_for(request.user)
    unit = get_object_or_404(units_readable_by(principal), pk=unit_pk)
    assessment = (
        Assessment.objects.filter(unit=unit, year=year).select_related("scheme").prefetch_related("answers").first()
    )
    return {
        "principal": principal,
        "unit": unit,
        "year": year,
        "assessment": assessment,
        "editable": may_edit(principal, unit),
    }


@staff_required
def assessment(request: AuthenticatedRequest, unit: int, year: int) -> HttpResponse:
    context = _assessment_context(request, unit, year)
    item: Assessment | None = context["assessment"]
    if request.method == "POST":
        if not context["editable"]:
            raise PermissionDenied
        if item is None:
            try:
                assessment_start(unit=context["unit"], year=year, actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("compliance:assessment", unit=unit, year=year)
        values, notes = {}, {}
        for key in request.POST:
            raw = request.POST.get(key, "")
            if key.startswith("v_") and key[2:].isdigit():
                if not raw.isdigit():
                    messages.error(request, _("Answer each indicator with fulfilled, partly or not fulfilled."))
                    return redirect("compliance:assessment", unit=unit, year=year)
                values[int(key[2:])] = int(raw)
                notes[int(key[2:])] = request.POST.get(f"n_{key[2:]}", "")
        try:
            assessment_answer(assessment=item, values=values, notes=notes, actor=request.user)
        except (AssessmentLocked, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The answers were saved."))
        return redirect("compliance:assessment", unit=unit, year=year)
    if item is not None:
        spec = scheme_spec(item.scheme)
        answers = {a.indicator_id: a for a in item.answers.all()}
        score = assessment_score(item, spec)
        evidence: dict[int, list[Evidence]] = {}
        for e in item.evidence.all():
            evidence.setdefault(e.indicator_id, []).append(e)
        fixes = [(spec.indicators[int(g.indicator)], g) for g in scoring.gains(spec.specs, answers_of(item))][:10]
        dims = [(d, scoring.to_decimal(score.dimensions[d.code])) for d in spec.dimensions]
        context.update(
            spec=spec,
            score=score,
            rows=[
                (d, [(i, answers.get(i.pk), evidence.get(i.pk, [])) for i in d.indicators.all()])
                for d in spec.dimensions
            ],
            dims=dims,
            fixes=fixes,
            choices=IndicatorAnswer.Value.choices,
            evidence_form=EvidenceForm(),
            dims_chart={
                "type": "bar",
                "horizontal": True,
                "max": 100,
                "labels": [d.name for d, _s in dims],
                "datasets": [{"label": _("Score per dimension"), "data": [float(s) for _d, s in dims]}],
            },
        )
    history = list(
        Assessment.objects.filter(unit=context["unit"])
        .select_related("scheme")
        .prefetch_related("answers")
        .order_by("year")
    )
    history_scores = [(a, assessment_score(a)) for a in history]
    context["history"] = history_scores
    context["history_chart"] = {
        "type": "line",
        "max": 100,
        "labels": [str(a.year) for a, _s in history_scores],
        "datasets": [{"label": _("Score"), "data": [float(s.rounded) for _a, s in history_scores]}],
    }
    return render(request, "compliance/assessment.html", context)


@staff_required
@require_POST
def evidence_upload(request: AuthenticatedRequest, unit: int, year: int) -> HttpResponse:
    context = _assessment_context(request, unit, year)
    if not context["editable"] or context["assessment"] is None:
        raise PermissionDenied
    item: Assessment = context["assessment"]
    indicator = get_object_or_404(Indicator, pk=request.POST.get("indicator", "0"), dimension__scheme=item.scheme)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, error_text(form))
    else:
        try:
            evidence_add(assessment=item, indicator=indicator, files=form.cleaned_data["evidence"], actor=request.user)
            messages.success(request, _("The evidence was uploaded."))
        except (AssessmentLocked, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("compliance:assessment", unit=unit, year=year)


@staff_required
@require_POST
def submit(request: AuthenticatedRequest, unit: int, year: int) -> HttpResponse:
    context = _assessment_context(request, unit, year)
    if not context["editable"] or context["assessment"] is None:
        raise PermissionDenied
    try:
        assessment_submit(assessment=context["assessment"], actor=request.user)
        messages.success(request, _("The self-assessment was submitted."))
    except AssessmentLocked as exc:
        messages.error(request, str(exc))
    return redirect("compliance:assessment", unit=unit, year=year)


@staff_required
def evidence_file(request: AuthenticatedRequest, unit: int, year: int, pk: int) -> FileResponse:
    context = _assessment_context(request, unit, year)
    evidence = get_object_or_404(Evidence, pk=pk, assessment=context["assessment"])
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=not evidence.content_type.startswith("image/"),
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
