"""Reads for the compliance pages: schemes by year, scores, what to fix, who may see and edit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, QuerySet

from sigap.accounts.principal import Principal
from sigap.compliance import scoring
from sigap.compliance.models import (
    Assessment,
    Band,
    Confidence,
    Dimension,
    Indicator,
    Qualifier,
    Scheme,
    VenueWeight,
)
from sigap.compliance.opinion import FollowUp, opinion_label, product_followup
from sigap.organisations.models import Jurisdiction, ServiceUnit


def scheme_for_year(year: int) -> Scheme | None:
    return (
        Scheme.objects.filter(Q(last_year__isnull=True) | Q(last_year__gte=year), first_year__lte=year)
        .order_by("-first_year")
        .first()
    )


def units_readable_by(principal: Principal) -> QuerySet[ServiceUnit]:
    whole = principal.admin_jurisdictions | principal.oversight_jurisdictions
    return ServiceUnit.objects.filter(
        Q(opd__jurisdiction_id__in=whole) | Q(opd_id__in=principal.reading_opds), is_active=True
    ).select_related("opd", "opd__jurisdiction")


def may_edit(principal: Principal, unit: ServiceUnit) -> bool:
    """The unit's own staff fill in its self-assessment (OPD officers and heads)."""
    return unit.opd_id in principal.handling_opds


@dataclass(frozen=True)
class SchemeSpec:
    scheme: Scheme
    dimensions: list[Dimension]
    indicators: dict[int, Indicator]
    specs: list[scoring.DimensionSpec]
    bands: list[scoring.BandSpec]
    qualifiers: list[Qualifier]


def scheme_spec(scheme: Scheme) -> SchemeSpec:
    dimensions = list(scheme.dimensions.prefetch_related("indicators").order_by("order"))
    indicators = {i.pk: i for d in dimensions for i in d.indicators.all()}
    specs = [
        scoring.DimensionSpec(
            code=d.code,
            weight=d.weight,
            indicators=[scoring.IndicatorSpec(code=str(i.pk), weight=i.weight) for i in d.indicators.all()],
        )
        for d in dimensions
    ]
    bands = [
        scoring.BandSpec(b.lower_bound, b.grade, b.predicate, b.zone, verified=b.confidence != Confidence.UNVERIFIED)
        for b in Band.objects.filter(scheme=scheme)
    ]
    return SchemeSpec(scheme, dimensions, indicators, specs, bands, list(scheme.qualifiers.order_by("pk")))


def answers_of(assessment: Assessment) -> dict[str, int]:
    return {str(a.indicator_id): a.value for a in assessment.answers.all()}


def assessment_score(assessment: Assessment, spec: SchemeSpec | None = None) -> scoring.Score:
    spec = spec or scheme_spec(assessment.scheme)
    return scoring.score(spec.specs, answers_of(assessment), spec.bands)


def venue_weights() -> dict[str, Decimal]:
    return {row.venue: row.weight for row in VenueWeight.objects.all()}


@dataclass(frozen=True)
class JurisdictionResult:
    total: Fraction
    band: scoring.BandSpec | None
    units: int

    @property
    def rounded(self) -> Decimal:
        return scoring.to_decimal(self.total)


def jurisdiction_result(assessments: list[Assessment], spec: SchemeSpec) -> JurisdictionResult | None:
    """The jurisdiction's score: its units' scores weighted by where each unit serves (VenueWeight)."""
    weights = venue_weights()
    pairs = [
        (assessment_score(a, spec).total, weights.get(a.unit.venue, Decimal(1)))
        for a in assessments
        if a.scheme_id == spec.scheme.pk
    ]
    total = scoring.weighted_mean(pairs)
    if total is None:
        return None
    return JurisdictionResult(total, scoring.band_for(scoring.to_decimal(total), spec.bands), len(pairs))


@dataclass(frozen=True)
class Opinion:
    """The jurisdiction's result with the words its follow-up of the Ombudsman's products earns."""

    result: JurisdictionResult
    label: str
    followup: FollowUp | None


def jurisdiction_opinion(
    jurisdiction: Jurisdiction, year: int, assessments: list[Assessment], spec: SchemeSpec
) -> Opinion | None:
    result = jurisdiction_result(assessments, spec)
    if result is None:
        return None
    if not spec.qualifiers:
        return Opinion(result, result.band.predicate if result.band else "", None)
    followup = product_followup(jurisdiction=jurisdiction, year=year)
    return Opinion(result, opinion_label(result.band, spec.qualifiers, followup), followup)
