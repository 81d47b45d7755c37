"""The per-jurisdiction switch: services that keep running on cuti bersama.

SKB 3 Menteri 1497/2025, 2/2025, 5/2025 lists 17 libur nasional and 8 cuti bersama for 2026.
Cuti bersama is leave for civil servants (it is taken from annual leave), so a jurisdiction may
decide its complaint service keeps running; national holidays still stop the clock.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import TestCase

from sigap.organisations.models import Jurisdiction
from sigap.sla import deadlines
from sigap.sla.models import HolidayOverride, Stage

WIB = ZoneInfo("Asia/Jakarta")


class CutiBersamaSwitchTest(TestCase):
    def setUp(self):
        self.city = Jurisdiction.objects.create(slug="kota-a", name="Kota A")

    def _due(self):
        received = datetime(2026, 3, 17, 10, 0, tzinfo=WIB)  # Tuesday before Nyepi and Idul Fitri
        return deadlines.deadline(jurisdiction=self.city, category=None, stage=Stage.VERIFICATION, start=received)

    def test_idul_fitri_2026_with_cuti_bersama_as_holidays(self):
        """Received Tue 17 Mar 2026, 3 working days. Off: 18 (cuti), 19 (Nyepi), 20 (cuti), 21-22 (Idul Fitri,
        weekend), 23-24 (cuti). Working days: Wed 25, Thu 26, Fri 27 -> due Fri 27 Mar 2026."""
        self.assertEqual(deadlines.local_date(self._due(), self.city), date(2026, 3, 27))

    def test_idul_fitri_2026_when_the_service_runs_on_cuti_bersama(self):
        """Same case with the switch on: Wed 18 (1), Nyepi 19 off, Fri 20 (2), weekend off, Mon 23 (3)
        -> due Mon 23 Mar 2026."""
        self.city.works_on_cuti_bersama = True
        self.city.save()
        self.assertEqual(deadlines.local_date(self._due(), self.city), date(2026, 3, 23))

    def test_national_holidays_still_stop_the_clock(self):
        self.city.works_on_cuti_bersama = True
        calendar = deadlines.calendar_for(self.city, date(2026, 12, 1))
        self.assertIs(calendar.is_non_working_day(date(2026, 12, 24)), False)  # cuti bersama Natal
        self.assertIs(calendar.is_non_working_day(date(2026, 12, 25)), True)  # Natal

    def test_an_added_cuti_bersama_row_is_ignored_only_by_the_switch(self):
        HolidayOverride.objects.create(date=date(2026, 12, 28), name="Cuti bersama tambahan", is_cuti_bersama=True)
        HolidayOverride.objects.create(date=date(2026, 12, 29), name="Libur tambahan")
        default = deadlines.calendar_for(self.city, date(2026, 12, 1))
        self.assertIs(default.is_non_working_day(date(2026, 12, 28)), True)
        self.city.works_on_cuti_bersama = True
        working = deadlines.calendar_for(self.city, date(2026, 12, 1))
        self.assertIs(working.is_non_working_day(date(2026, 12, 28)), False)
        self.assertIs(working.is_non_working_day(date(2026, 12, 29)), True)
