"""IKM per unit, service or OPD and period, with the jurisdiction's method (or the default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from sigap.accounts.principal import Principal
from sigap.organisations.models import Jurisdiction, ServiceUnit
from sigap.skm import ikm
from sigap.skm.models import ELEMENTS, IkmMethod, SurveyResponse


@dataclass(frozen=True)
class Method:
    weight: Fraction
    weight_text: str
    conversion: Fraction
    bands: list[ikm.Band]


def method_for(jurisdiction_id: int | None) -> Method:
    """The jurisdiction's own IKM method, else the default."""
    rows = list(
        IkmMethod.objects.filter(Q(jurisdiction__isnull=True) | Q(jurisdiction_id=jurisdiction_id)).prefetch_related(
            "bands"
        )
    )
    if not rows:
        raise LookupError("no IKM method configured")
    row = max(rows, key=lambda r: r.jurisdiction_id is not None)
    return Method(
        weight=row.weight_fraction,
        weight_text=row.weight,
        conversion=Fraction(row.conversion),
        bands=[ikm.Band(b.grade, b.lower_bound, b.label) for b in row.bands.all()],
    )


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, 1 + 3 * (self.quarter - 1), 1) if self.quarter else date(self.year, 1, 1)

    @property
    def end(self) -> date:
        """First day after the period."""
        if self.quarter and self.quarter < 4:
            return date(self.year, 1 + 3 * self.quarter, 1)
        return date(self.year + 1, 1, 1)

    def bounds(self, jurisdiction: Jurisdiction) -> tuple[datetime, datetime]:
        zone = jurisdiction.zone
        return datetime.combine(self.start, time(), tzinfo=zone), datetime.combine(self.end, time(), tzinfo=zone)

    def __str__(self) -> str:
        return f"{self.year} T{self.quarter}" if self.quarter else str(self.year)


def _sums() -> dict[str, Any]:
    return {f"s_{e}": Sum(e) for e in ELEMENTS}


def ikm_grouped(responses: QuerySet[SurveyResponse], group_by: str, method: Method) -> dict[int | None, ikm.IkmResult]:
    """IKM per value of `group_by` ("unit", "service", "opd") in one query."""
    rows = responses.order_by().values(group_by).annotate(n=Count("id"), **_sums())
    results: dict[int | None, ikm.IkmResult] = {}
    for row in rows:
        result = ikm.compute(
            element_sums={e: row[f"s_{e}"] for e in ELEMENTS},
            respondents=row["n"],
            weight=method.weight,
            conversion=method.conversion,
            bands=method.bands,
        )
        if result is not None:
            results[row[group_by]] = result
    return results


def ikm_total(responses: QuerySet[SurveyResponse], method: Method) -> ikm.IkmResult | None:
    row = responses.order_by().aggregate(n=Count("id"), **_sums())
    return ikm.compute(
        element_sums={e: row[f"s_{e}"] or 0 for e in ELEMENTS},
        respondents=row["n"],
        weight=method.weight,
        conversion=method.conversion,
        bands=method.bands,
    )


def units_visible_to(principal: Principal) -> QuerySet[ServiceUnit]:
    """Units whose survey results the user may read: their OPD's, or every unit of a jurisdiction they oversee."""
    whole = principal.admin_jurisdictions | principal.oversight_jurisdictions
    return ServiceUnit.objects.filter(
        Q(opd__jurisdiction_id__in=whole) | Q(opd_id__in=principal.reading_opds), is_active=True
    ).select_related("opd", "opd__jurisdiction")


def responses_in(jurisdiction: Jurisdiction, period: Period) -> QuerySet[SurveyResponse]:
    start, end = period.bounds(jurisdiction)
    return SurveyResponse.objects.filter(jurisdiction=jurisdiction, submitted_at__gte=start, submitted_at__lt=end)
