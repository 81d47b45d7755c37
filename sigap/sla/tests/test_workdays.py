from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sigap.sla.workdays import WorkCalendar

# 2026-03-20 (Fri), 03-23 (Mon), 03-24 (Tue): cuti bersama Idul Fitri; 03-21/22: Idul Fitri (weekend).
LEBARAN_2026 = WorkCalendar.of(
    [date(2026, 3, 18), date(2026, 3, 19), date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)]
)
PLAIN = WorkCalendar.of([])


def test_it_skips_the_weekend():
    friday = date(2026, 11, 20)
    assert PLAIN.add_days(friday, 1) == date(2026, 11, 23)  # Monday
    assert PLAIN.add_days(friday, 3) == date(2026, 11, 25)


def test_it_does_not_count_the_start_day():
    monday = date(2026, 11, 23)
    assert PLAIN.add_days(monday, 3) == date(2026, 11, 26)  # Thursday


def test_it_skips_holidays_and_cuti_bersama():
    tuesday = date(2026, 3, 17)
    # 18–24 March are all non-working: the first working day after is Wed 25 March.
    assert LEBARAN_2026.add_days(tuesday, 1) == date(2026, 3, 25)
    assert LEBARAN_2026.add_days(tuesday, 3) == date(2026, 3, 27)


def test_it_starts_on_a_non_working_day_as_if_from_the_previous_one():
    saturday = date(2026, 11, 21)
    assert PLAIN.add_days(saturday, 1) == date(2026, 11, 23)


def test_zero_days_means_the_next_working_day_or_today():
    assert PLAIN.add_days(date(2026, 11, 21), 0) == date(2026, 11, 23)
    assert PLAIN.add_days(date(2026, 11, 24), 0) == date(2026, 11, 24)


def test_it_counts_backwards():
    monday = date(2026, 11, 23)
    assert PLAIN.add_days(monday, -1) == date(2026, 11, 20)


def test_it_counts_working_days_between_dates():
    assert LEBARAN_2026.working_days_between(date(2026, 3, 17), date(2026, 3, 27)) == 3
    assert LEBARAN_2026.working_days_between(date(2026, 3, 27), date(2026, 3, 17)) == -3
    assert PLAIN.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
holiday_sets = st.frozensets(days, max_size=40)


@given(start=days, n=st.integers(min_value=1, max_value=80), holidays=holiday_sets)
def test_adding_then_counting_gives_back_the_same_number(start, n, holidays):
    calendar = WorkCalendar(holidays=holidays)
    end = calendar.add_days(start, n)
    assert not calendar.is_non_working_day(end)
    assert calendar.working_days_between(start, end) == n


@given(start=days, n=st.integers(min_value=1, max_value=80), holidays=holiday_sets)
def test_the_result_is_never_earlier_than_n_calendar_days(start, n, holidays):
    calendar = WorkCalendar(holidays=holidays)
    assert calendar.add_days(start, n) >= start + timedelta(days=n)
