"""Build a jurisdiction's WorkCalendar from the holiday library and the override table."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
from django.db.models import Q

from sigap.sla.models import HolidayOverride
from sigap.sla.workdays import WorkCalendar

# National holidays ("public") and cuti bersama ("government"), named in Indonesian.
HOLIDAY_CATEGORIES = ("public", "government")


@lru_cache(maxsize=64)
def library_holidays(year: int, subdivision: str = "") -> dict[date, str]:
    """Return the holiday library's non-working days for one year (immutable, so cached)."""
    calendar = holidays.country_holidays(
        "ID", subdiv=subdivision or None, years=year, categories=HOLIDAY_CATEGORIES, language="id"
    )
    return dict(calendar.items())


def non_working_days(*, jurisdiction_id: int | None, subdivision: str, years: range) -> dict[date, str]:
    """Return every holiday in `years` after applying the administrators' overrides."""
    days: dict[date, str] = {}
    for year in years:
        days.update(library_holidays(year, subdivision))
    scope = Q(jurisdiction__isnull=True)
    if jurisdiction_id is not None:
        scope |= Q(jurisdiction_id=jurisdiction_id)
    overrides = HolidayOverride.objects.filter(
        scope, date__gte=date(years.start, 1, 1), date__lt=date(years.stop, 1, 1)
    ).order_by("jurisdiction_id")  # national first, so a regional row wins
    for row in overrides:
        if row.action == HolidayOverride.Action.ADD:
            days[row.date] = row.name
        else:
            days.pop(row.date, None)
    return days


def work_calendar(*, jurisdiction_id: int | None, subdivision: str = "", around: date) -> WorkCalendar:
    """Return the calendar covering the year of `around` and the years either side.

    Three years cover any deadline Sigap computes (the longest limit is months,
    not years) including those that cross New Year.
    """
    years = range(around.year - 1, around.year + 2)
    days = non_working_days(jurisdiction_id=jurisdiction_id, subdivision=subdivision, years=years)
    return WorkCalendar.of(days)
