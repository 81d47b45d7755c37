"""A jurisdiction's override beats the national one, whatever the database sorts first."""

from __future__ import annotations

from datetime import date

from django.test import TestCase

from sigap.organisations.models import Jurisdiction
from sigap.sla.calendars import work_calendar
from sigap.sla.models import HolidayOverride

Add, Remove = HolidayOverride.Action.ADD, HolidayOverride.Action.REMOVE
NATAL_EVE = date(2026, 12, 24)  # cuti bersama Natal, SKB 3 Menteri 1497/2025, 2/2025, 5/2025
EXTRA_DAY = date(2026, 11, 27)  # a Friday with no holiday in the library


class RegionalOverrideWinsTest(TestCase):
    """PostgreSQL sorts NULL jurisdiction last and SQLite first; both must give the regional row the last word.

    Each case runs with the national row inserted first and with the regional row inserted first,
    so neither the primary key nor the database's NULL ordering decides.
    """

    def setUp(self):
        self.city = Jurisdiction.objects.create(slug="kota-a", name="Kota A")
        self.other = Jurisdiction.objects.create(slug="kota-b", name="Kota B")

    def _rows(self, *, day, national, regional, regional_first):
        national_row = {"date": day, "name": "Nasional", "action": national}
        regional_row = {"date": day, "name": "Daerah", "action": regional, "jurisdiction": self.city}
        for row in (regional_row, national_row) if regional_first else (national_row, regional_row):
            HolidayOverride.objects.create(**row)

    def _holiday(self, jurisdiction, day):
        return work_calendar(jurisdiction_id=jurisdiction.pk, around=day).is_non_working_day(day)

    def test_a_day_the_nation_removes_and_the_city_adds_back_is_a_holiday_in_the_city(self):
        """National REMOVE of 24 Dec 2026 + city ADD: holiday in the city, working day elsewhere."""
        for regional_first in (False, True):
            with self.subTest(regional_first=regional_first):
                HolidayOverride.objects.all().delete()
                self._rows(day=NATAL_EVE, national=Remove, regional=Add, regional_first=regional_first)
                self.assertIs(self._holiday(self.city, NATAL_EVE), True)
                self.assertIs(self._holiday(self.other, NATAL_EVE), False)

    def test_a_day_the_nation_adds_and_the_city_removes_is_a_working_day_in_the_city(self):
        """National ADD of Fri 27 Nov 2026 + city REMOVE: working day in the city, holiday elsewhere."""
        for regional_first in (False, True):
            with self.subTest(regional_first=regional_first):
                HolidayOverride.objects.all().delete()
                self._rows(day=EXTRA_DAY, national=Add, regional=Remove, regional_first=regional_first)
                self.assertIs(self._holiday(self.city, EXTRA_DAY), False)
                self.assertIs(self._holiday(self.other, EXTRA_DAY), True)
