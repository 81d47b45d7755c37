"""Build a jurisdiction's WorkCalendar from the holiday library and the override table."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
from django.db.models import F, Q

from sigap.sla.models import HolidayOverride
from sigap.sla.workdays import WorkCalendar
from sigap.web.reference_cache import cached

# National holidays ("public") and cuti bersama ("government"), named in Indonesian.
NATIONAL = "public"
CUTI_BERSAMA = "government"
HOLIDAY_CATEGORIES = (NATIONAL, CUTI_BERSAMA)


@lru_cache(maxsize=128)
def library_holidays(
    year: int, subdivision: str = "", categories: tuple[str, ...] = HOLIDAY_CATEGORIES
) -> dict[date, str]:
    """Return the holiday library's non-working days for one year (immutable, so cached)."""
    calendar = holidays.country_holidays(
        "ID", subdiv=subdivision or None, years=year, categories=categories, language="id"
    )
    return dict(calendar.items())


def non_working_days(
    *, jurisdiction_id: int | None, subdivision: str, years: range, cuti_bersama: bool = True
) -> dict[date, str]:
    """Return every holiday in `years` after applying the administrators' overrides.

    With `cuti_bersama=False` (a jurisdiction whose services keep running on cuti
    bersama) the SKB's cuti bersama days and override rows marked as cuti bersama
    are working days; national holidays still are not.
    """
    categories = HOLIDAY_CATEGORIES if cuti_bersama else (NATIONAL,)
    days: dict[date, str] = {}
    for year in years:
        days.update(library_holidays(year, subdivision, categories))
    scope = Q(jurisdiction__isnull=True)
    if jurisdiction_id is not None:
        scope |= Q(jurisdiction_id=jurisdiction_id)
    overrides = HolidayOverride.objects.filter(
        scope, date__gte=date(years.start, 1, 1), date__lt=date(years.stop, 1, 1)
    )
    if not cuti_bersama:
        overrides = overrides.exclude(action=HolidayOverride.Action.ADD, is_cuti_bersama=True)
    # National rows first, then the jurisdiction's, so a regional row wins. NULLs sort
    # first on SQLite and last on PostgreSQL, hence the explicit nulls_first.
    for row in overrides.order_by(F("jurisdiction_id").asc(nulls_first=True), "id"):
        if row.action == HolidayOverride.Action.ADD:
            days[row.date] = row.name
        else:
            days.pop(row.date, None)
    return days


def work_calendar(
    *, jurisdiction_id: int | None, subdivision: str = "", around: date, cuti_bersama: bool = True
) -> WorkCalendar:
    """Return the calendar covering the year of `around` and the years either side.

    Three years cover any deadline Sigap computes (the longest limit is months,
    not years) including those that cross New Year. One calendar per jurisdiction
    and year is kept by the process until any holiday override (or other reference
    data) changes.
    """
    years = range(around.year - 1, around.year + 2)
    return cached(
        "sla.work_calendar",
        (jurisdiction_id, subdivision, around.year, cuti_bersama),
        lambda: WorkCalendar.of(
            non_working_days(
                jurisdiction_id=jurisdiction_id, subdivision=subdivision, years=years, cuti_bersama=cuti_bersama
            )
        ),
    )
