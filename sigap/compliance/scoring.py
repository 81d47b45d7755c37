"""The compliance score as the Ombudsman's method computes it, from data only.

A scheme has dimensions with weights (per cent of the total); each dimension
has indicators with relative weights; each indicator is answered with a value
from 0 to 100 (fulfilled = 100, partly = 50, not = 0). A dimension scores the
weighted mean of its indicators; the total is Σ dimension weight × dimension
score / 100. Bands are lower bounds; the highest one reached gives the grade,
predicate and zone. Exact fractions throughout, rounded half up at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    weight: Decimal


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    weight: Decimal  # per cent of the total
    indicators: Sequence[IndicatorSpec]


@dataclass(frozen=True)
class BandSpec:
    lower_bound: Decimal
    grade: str
    predicate: str
    zone: str
    verified: bool = True  # False: the cut-off is Sigap's seed, not read in a source


@dataclass(frozen=True)
class Score:
    total: Fraction
    dimensions: dict[str, Fraction]
    band: BandSpec | None

    @property
    def rounded(self) -> Decimal:
        return to_decimal(self.total)


@dataclass(frozen=True)
class Gain:
    """What answering one indicator in full would add to the total."""

    indicator: str
    dimension: str
    points: Fraction

    @property
    def rounded(self) -> Decimal:
        return to_decimal(self.points)


def to_decimal(value: Fraction, places: str = "0.01") -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def band_for(total: Decimal, bands: Sequence[BandSpec]) -> BandSpec | None:
    for band in sorted(bands, key=lambda b: b.lower_bound, reverse=True):
        if total >= band.lower_bound:
            return band
    return None


def _share(dimension: DimensionSpec, indicator: IndicatorSpec) -> Fraction:
    """How many points of the total one indicator carries (at 100)."""
    weights = sum((Fraction(i.weight) for i in dimension.indicators), Fraction(0))
    if weights == 0:
        return Fraction(0)
    return Fraction(dimension.weight) * Fraction(indicator.weight) / weights


def score(dimensions: Sequence[DimensionSpec], answers: Mapping[str, int], bands: Sequence[BandSpec]) -> Score:
    """Score `answers` ({indicator code: 0–100}; missing counts as 0)."""
    total = Fraction(0)
    per_dimension = {}
    for dimension in dimensions:
        points = sum(
            (_share(dimension, i) * Fraction(answers.get(i.code, 0)) / HUNDRED for i in dimension.indicators),
            Fraction(0),
        )
        per_dimension[dimension.code] = (
            points * HUNDRED / Fraction(dimension.weight) if dimension.weight else Fraction(0)
        )
        total += points
    return Score(total=total, dimensions=per_dimension, band=band_for(to_decimal(total), bands))


def gains(dimensions: Sequence[DimensionSpec], answers: Mapping[str, int]) -> list[Gain]:
    """The indicators not yet in full, most points first: the list of what to fix."""
    result = [
        Gain(i.code, d.code, _share(d, i) * (HUNDRED - Fraction(answers.get(i.code, 0))) / HUNDRED)
        for d in dimensions
        for i in d.indicators
        if answers.get(i.code, 0) < 100
    ]
    return sorted(result, key=lambda g: (-g.points, g.indicator))


def weighted_mean(scores: Sequence[tuple[Fraction, Decimal]]) -> Fraction | None:
    """Combine unit scores with venue weights: Σ score × weight / Σ weight."""
    weights = sum((Fraction(w) for _, w in scores), Fraction(0))
    if not scores or weights == 0:
        return None
    return sum((s * Fraction(w) for s, w in scores), Fraction(0)) / weights
