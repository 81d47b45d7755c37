from __future__ import annotations

from datetime import date

from django.test import TestCase

from sigap.organisations.models import Jurisdiction
from sigap.sla.calendars import non_working_days, work_calendar
from sigap.sla.models import HolidayOverride

# SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025,
# Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 (libur nasional dan cuti bersama 2026):
# 17 national holidays and 8 days of cuti bersama. Dates as listed in the decree.
LIBUR_NASIONAL_2026 = {
    date(2026, 1, 1), date(2026, 1, 16), date(2026, 2, 17), date(2026, 3, 19), date(2026, 3, 21),
    date(2026, 3, 22), date(2026, 4, 3), date(2026, 4, 5), date(2026, 5, 1), date(2026, 5, 14),
    date(2026, 5, 27), date(2026, 5, 31), date(2026, 6, 1), date(2026, 6, 16), date(2026, 8, 17),
    date(2026, 8, 25), date(2026, 12, 25),
}  # fmt: skip
CUTI_BERSAMA_2026 = {
    date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24),
    date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24),
}  # fmt: skip


class CalendarTest(TestCase):
    def test_2026_matches_the_skb_3_menteri(self):
        """SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025: 17 libur nasional + 8 cuti bersama."""
        days = non_working_days(jurisdiction_id=None, subdivision="", years=range(2026, 2027))
        self.assertEqual(set(days), LIBUR_NASIONAL_2026 | CUTI_BERSAMA_2026)
        self.assertEqual(len(LIBUR_NASIONAL_2026), 17)
        self.assertEqual(len(CUTI_BERSAMA_2026), 8)
        self.assertIn("Cuti Bersama", days[date(2026, 3, 23)])

    def test_an_added_national_day_becomes_non_working(self):
        HolidayOverride.objects.create(date=date(2026, 11, 27), name="Libur tambahan", decree="Keppres 99/2026")
        calendar = work_calendar(jurisdiction_id=None, around=date(2026, 11, 26))
        self.assertIs(calendar.is_non_working_day(date(2026, 11, 27)), True)

    def test_a_cancelled_cuti_bersama_becomes_a_working_day(self):
        HolidayOverride.objects.create(
            date=date(2026, 12, 24), name="Cuti bersama dibatalkan", action=HolidayOverride.Action.REMOVE
        )
        calendar = work_calendar(jurisdiction_id=None, around=date(2026, 12, 1))
        self.assertIs(calendar.is_non_working_day(date(2026, 12, 24)), False)
        self.assertIs(calendar.is_non_working_day(date(2026, 12, 25)), True)

    def test_a_regional_day_applies_only_to_its_jurisdiction(self):
        city = Jurisdiction.objects.create(slug="kota-a", name="Kota A")
        other = Jurisdiction.objects.create(slug="kota-b", name="Kota B")
        HolidayOverride.objects.create(date=date(2026, 7, 7), name="Hari Jadi Kota A", jurisdiction=city)
        self.assertIs(
            work_calendar(jurisdiction_id=city.pk, around=date(2026, 7, 1)).is_non_working_day(date(2026, 7, 7)), True
        )
        self.assertIs(
            work_calendar(jurisdiction_id=other.pk, around=date(2026, 7, 1)).is_non_working_day(date(2026, 7, 7)), False
        )

    def test_the_calendar_spans_new_year(self):
        calendar = work_calendar(jurisdiction_id=None, around=date(2026, 12, 28))
        # 31 Dec 2026 (Thu) + 1 working day skips 1 Jan 2027 (Tahun Baru) and the weekend.
        self.assertEqual(calendar.add_days(date(2026, 12, 31), 1), date(2027, 1, 4))
