"""Working-day arithmetic over an explicit set of non-working dates.

Pure and data-driven: the caller supplies the holidays (national holidays,
cuti bersama, regional days, administrator overrides); this module only counts.
Saturday and Sunday are non-working for Indonesian government offices.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]
    weekend: frozenset[int] = frozenset({SATURDAY, SUNDAY})

    @classmethod
    def of(cls, holidays: Iterable[date]) -> WorkCalendar:
        return cls(holidays=frozenset(holidays))

    def is_non_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekend or day in self.holidays

    def add_days(self, start: date, days: int) -> date:
        """Return the `days`-th working day after `start` (`start` itself not counted).

        With days == 0, return `start` if it is a working day, else the next one.
        Negative values count backwards.
        """
        if days == 0:
            day = start
            while self.is_non_working_day(day):
                day += timedelta(days=1)
            return day
        step = timedelta(days=1 if days > 0 else -1)
        remaining = abs(days)
        day = start
        while remaining:
            day += step
            if not self.is_non_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in the half-open interval (start, end]; negative if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if not self.is_non_working_day(day):
                count += 1
        return count
