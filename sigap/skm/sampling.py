"""Is a unit's SKM sample large enough for its yearly population? (Krejcie–Morgan, PermenPANRB 14/2017)."""

from __future__ import annotations

from collections.abc import Sequence

from sigap.skm.models import SampleSize

Table = Sequence[tuple[int, int]]


def sample_table() -> list[tuple[int, int]]:
    """The (population up to, minimum respondents) rows, smallest population first (one query)."""
    return list(SampleSize.objects.order_by("population").values_list("population", "minimum"))


def minimum_sample(population: int | None, table: Table | None = None) -> int | None:
    """The minimum respondents for `population` people served a year, or None when the population is unknown.

    A population between two rows of the table takes the row above it; beyond the last row, the last row's
    minimum (384 for a million or more).
    """
    if not population:
        return None
    rows = sample_table() if table is None else table
    if not rows:
        return None
    return next((minimum for up_to, minimum in rows if up_to >= population), rows[-1][1])


def sample_adequate(respondents: int, population: int | None, table: Table | None = None) -> bool | None:
    """True/False against the table; None when the unit's yearly population is not set (cannot be judged)."""
    minimum = minimum_sample(population, table)
    if minimum is None:
        return None
    return respondents >= minimum
