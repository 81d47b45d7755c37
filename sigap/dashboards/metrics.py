"""The figures every dashboard, report and statistics page shows, for any grouping.

All of them read `DailyStat` (see models.py), so a page costs one small
aggregate query per chart whatever the number of complaints. Rates are
derived here, once, so every page computes them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sigap.dashboards.models import DailyStat, MonthlyStat

# What a figure can be grouped by, and the DailyStat column (or expression) behind it.
GROUPINGS: dict[str, str] = {
    "opd": "opd_id",
    "category": "category_id",
    "channel": "channel",
    "officer": "officer_id",
    "month": "month",
    "day": "day",
    "jurisdiction": "jurisdiction_id",
}
SUMMED = (
    "received", "open_cases", "verified", "verified_on_time", "responded", "responded_on_time", "answered",
    "answered_on_time", "answer_workdays", "closed", "reopened", "rated", "rating_sum", "confidential",
    "verification_late_open", "response_late_open", "answer_late_open",
)  # fmt: skip


def on_time_rate(*, on_time: int, finished: int, late_open: int) -> float | None:
    """The share of a stage done on time, in percent (one decimal): the one definition every page uses.

    A stage finished by its deadline is on time; one finished after it is late, and so is a stage of an
    open case still unfinished when its deadline has passed. Unfinished stages whose deadline is still
    ahead count nowhere yet. None when nothing counts.
    """
    share = on_time_share(on_time=on_time, finished=finished, late_open=late_open)
    return None if share is None else round(100 * share, 1)


def on_time_share(*, on_time: int, finished: int, late_open: int) -> float | None:
    """`on_time_rate` as an unrounded share (0–1), for figures that keep the fraction."""
    counted = finished + late_open
    return on_time / counted if counted else None


@dataclass(frozen=True)
class Scope:
    """Which figures a reader may see: whole jurisdictions, or some OPD within them."""

    jurisdiction_ids: frozenset[int]
    opd_ids: frozenset[int] = frozenset()
    whole: bool = True  # False: only the rows of opd_ids

    def q(self) -> Q:
        if self.whole:
            return Q(jurisdiction_id__in=self.jurisdiction_ids)
        return Q(opd_id__in=self.opd_ids)


@dataclass(frozen=True)
class Figures:
    key: Any
    received: int
    open_cases: int
    verified: int
    verified_on_time: int
    responded: int
    responded_on_time: int
    answered: int
    answered_on_time: int
    answer_workdays: int
    closed: int
    reopened: int
    rated: int
    rating_sum: int
    confidential: int
    verification_late_open: int = 0
    response_late_open: int = 0
    answer_late_open: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def verification_on_time_rate(self) -> float | None:
        return on_time_rate(
            on_time=self.verified_on_time, finished=self.verified, late_open=self.verification_late_open
        )

    @property
    def first_response_on_time_rate(self) -> float | None:
        return on_time_rate(on_time=self.responded_on_time, finished=self.responded, late_open=self.response_late_open)

    @property
    def completion_on_time_rate(self) -> float | None:
        return on_time_rate(on_time=self.answered_on_time, finished=self.answered, late_open=self.answer_late_open)

    @property
    def average_workdays_to_answer(self) -> float | None:
        return round(self.answer_workdays / self.answered, 1) if self.answered else None

    @property
    def reopen_rate(self) -> float | None:
        return self._rate(self.reopened, self.answered)

    @property
    def average_rating(self) -> float | None:
        return round(self.rating_sum / self.rated, 2) if self.rated else None

    @property
    def answered_rate(self) -> float | None:
        return self._rate(self.answered, self.received)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "received": self.received,
            "answered": self.answered,
            "open": self.open_cases,
            "verification_on_time": self.verification_on_time_rate,
            "first_response_on_time": self.first_response_on_time_rate,
            "completion_on_time": self.completion_on_time_rate,
            "workdays_to_answer": self.average_workdays_to_answer,
            "reopen_rate": self.reopen_rate,
            "rating": self.average_rating,
        }


def _whole_months(start: date, end: date, group_by: str | None) -> bool:
    """Whether the period is made of whole months (the last may run to today)."""
    if group_by == "day" or start.day != 1:
        return False
    following = (end.replace(day=28) + timedelta(days=4)).replace(day=1)
    return end + timedelta(days=1) == following or end >= timezone.localdate()


def _base(
    scope: Scope, start: date, end: date, filters: dict[str, Any] | None, *, group_by: str | None = None
) -> QuerySet[Any]:
    qs: QuerySet[Any]
    if _whole_months(start, end, group_by):
        # A month's rows are about a thirtieth of its days' rows: dashboards read these.
        qs = MonthlyStat.objects.filter(scope.q(), month__gte=start, month__lte=end.replace(day=1))
    else:
        qs = DailyStat.objects.filter(scope.q(), day__gte=start, day__lte=end)
    if filters:
        qs = qs.filter(**{GROUPINGS.get(k, k): v for k, v in filters.items()})
    return qs


def figures(
    *,
    scope: Scope,
    start: date,
    end: date,
    group_by: str | tuple[str, ...] | None = None,
    filters: dict[str, Any] | None = None,
) -> list[Figures]:
    """Return the figures for the period, one row per group (or one row in all), in one query.

    `group_by` is a key of GROUPINGS, or a tuple of keys (e.g. ("month", "channel"),
    whose rows then have tuple keys); `filters` narrows further by the same keys
    (e.g. {"opd": 3}). Months come back as the first day of the month.
    """
    keys = group_by if isinstance(group_by, tuple) else (group_by,) if group_by else ()
    qs = _base(scope, start, end, filters, group_by="day" if "day" in keys else None)
    sums = {name: Sum(name) for name in SUMMED}
    if not keys:
        row = qs.aggregate(**sums)
        return [Figures(key=None, **{k: row[k] or 0 for k in SUMMED})]
    unknown = [k for k in keys if k not in GROUPINGS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown!r}")
    columns = [GROUPINGS[k] for k in keys]
    if "month" in keys and qs.model is DailyStat:
        qs = qs.annotate(month=TruncMonth("day"))
    rows = qs.values(*columns).annotate(**sums).order_by(*columns)
    return [
        Figures(
            key=tuple(row[c] for c in columns) if isinstance(group_by, tuple) else row[columns[0]],
            **{k: row[k] or 0 for k in SUMMED},
        )
        for row in rows
    ]


def labelled(rows: Sequence[Figures], labels: dict[Any, str], *, missing: str) -> list[dict[str, Any]]:
    """Turn grouped figures into chart rows with a readable label, largest volume first."""
    out = [{**r.as_dict(), "label": labels.get(r.key, missing)} for r in rows]
    return sorted(out, key=lambda d: -int(d["received"]))


def month_series(rows: Iterable[Figures]) -> list[dict[str, Any]]:
    return [{**r.as_dict(), "label": r.key.strftime("%Y-%m")} for r in rows if r.key is not None]


def stacked_by_month(rows: Iterable[Figures], labels: dict[Any, str], *, missing: str) -> dict[str, Any]:
    """Turn ("month", X) figures into a chart's months and one series of volumes per X."""
    months = sorted({r.key[0] for r in rows if r.key[0] is not None})
    volumes: dict[Any, dict[date, int]] = {}
    for r in rows:
        if r.key[0] is not None:
            volumes.setdefault(r.key[1], {})[r.key[0]] = r.received
    series = [
        {"label": labels.get(x, missing), "data": [by_month.get(m, 0) for m in months]}
        for x, by_month in sorted(volumes.items(), key=lambda item: -sum(item[1].values()))
    ]
    return {"months": [m.strftime("%Y-%m") for m in months], "series": series}


def figures_by(
    *, scope: Scope, start: date, end: date, groupings: Sequence[str | None]
) -> dict[str | None, list[Figures]]:
    """Return `figures` for several groupings (None: the total), one query each."""
    return {g: figures(scope=scope, start=start, end=end, group_by=g) for g in groupings}
