"""The IKM (Indeks Kepuasan Masyarakat) arithmetic of PermenPANRB 14/2017, exact.

Each element's mean over the respondents, times the element weight (1/9 by
default: nine equally weighted elements), summed, then converted to the 25–100
scale (×25). Fractions keep every step exact; only the final figure is rounded
(half up, two decimals), as reports print it. The weight is data because
practice differs (exact 1/9, or the rounded 0.111 many offices use) and the
result differs with it (docs/legal-sources.md §6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Band:
    grade: str
    lower_bound: Decimal
    label: str


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    element_means: dict[str, Fraction]
    weighted: Fraction  # Σ mean × weight, on the 1–4 scale (the "NRR tertimbang")
    converted: Fraction  # × conversion, on the 25–100 scale
    grade: str
    label: str

    @property
    def score(self) -> Decimal:
        """The converted IKM rounded half up to two decimals."""
        return round_half_up(self.converted)

    def mean(self, element: str) -> Decimal:
        return round_half_up(self.element_means[element], places=Decimal("0.0001"))


def round_half_up(value: Fraction, places: Decimal = TWO_PLACES) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(places, rounding=ROUND_HALF_UP)


def parse_weight(text: str) -> Fraction:
    """Read a weight written as a fraction ("1/9") or a decimal ("0.111"); must be in (0, 1]."""
    try:
        weight = Fraction(text.strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"not a weight: {text!r}") from exc
    if not 0 < weight <= 1:
        raise ValueError(f"a weight must be above 0 and at most 1: {text!r}")
    return weight


def classify(score: Decimal, bands: Sequence[Band]) -> Band | None:
    """Return the band with the highest lower bound not above `score` (lower bounds only: no gaps)."""
    for band in sorted(bands, key=lambda b: b.lower_bound, reverse=True):
        if score >= band.lower_bound:
            return band
    return None


def compute(
    *,
    element_sums: Mapping[str, int],
    respondents: int,
    weight: Fraction,
    conversion: Fraction,
    bands: Sequence[Band],
) -> IkmResult | None:
    """Return the IKM of `respondents` answers whose per-element totals are `element_sums`; None without answers."""
    if respondents <= 0:
        return None
    means = {element: Fraction(total, respondents) for element, total in element_sums.items()}
    weighted = sum((mean * weight for mean in means.values()), Fraction(0))
    converted = weighted * conversion
    band = classify(round_half_up(converted), bands)
    return IkmResult(
        respondents=respondents,
        element_means=means,
        weighted=weighted,
        converted=converted,
        grade=band.grade if band else "",
        label=band.label if band else "",
    )
