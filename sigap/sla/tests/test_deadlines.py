from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import TestCase

from sigap.organisations.models import Category, Jurisdiction
from sigap.sla import deadlines
from sigap.sla.deadlines import DueState
from sigap.sla.models import Counting, Stage, TimeLimit

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")


class DeadlineTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = Jurisdiction.objects.create(slug="kota-contoh", name="Kota Contoh")
        cls.category = Category.objects.create(jurisdiction=cls.city, code="jalan", name="Jalan")

    def test_verification_takes_three_working_days(self):
        """SP4N-LAPOR! FAQ: a report is verified "paling lambat 3 hari kerja" (seeded default)."""
        monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=WIB)
        due = deadlines.deadline(jurisdiction=self.city, category=None, stage=Stage.VERIFICATION, start=monday_noon)
        self.assertEqual(due, datetime(2026, 11, 26, 23, 59, 59, tzinfo=WIB))

    def test_a_friday_complaint_is_due_the_next_wednesday(self):
        friday = datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
        due = deadlines.deadline(jurisdiction=self.city, category=None, stage=Stage.VERIFICATION, start=friday)
        self.assertEqual(due.date(), datetime(2026, 11, 25).date())

    def test_lebaran_2026_pushes_the_deadline_past_cuti_bersama(self):
        """SKB 3 Menteri 1497/2/5 of 2025: 18 (cuti), 19 (Nyepi), 20, 23, 24 March (cuti bersama Idul Fitri)."""
        tuesday = datetime(2026, 3, 17, 10, 0, tzinfo=WIB)
        due = deadlines.deadline(jurisdiction=self.city, category=None, stage=Stage.FIRST_RESPONSE, start=tuesday)
        # Working days after 17 March: 25, 26, 27, 30, 31 March.
        self.assertEqual(due.date(), datetime(2026, 3, 31).date())

    def test_completion_counts_calendar_days(self):
        """UU 25/2009 Pasal 50 ayat (1): decided within 60 days after the file is complete."""
        start = datetime(2026, 1, 10, 8, 0, tzinfo=WIB)
        due = deadlines.deadline(jurisdiction=self.city, category=None, stage=Stage.COMPLETION, start=start)
        self.assertEqual(due.date(), datetime(2026, 3, 11).date())

    def test_reporter_response_counts_ten_working_days(self):
        """SP4N-LAPOR! (KemenPANRB): closed after "10 hari kerja" without the reporter's reply."""
        start = datetime(2026, 12, 14, 9, 0, tzinfo=WIB)  # Monday
        due = deadlines.deadline(jurisdiction=self.city, category=None, stage=Stage.REPORTER_RESPONSE, start=start)
        # 15–18, 21–23, (24 cuti bersama Natal, 25 Natal), 28, 29, 30.
        self.assertEqual(due.date(), datetime(2026, 12, 30).date())

    def test_days_are_counted_in_the_jurisdictions_own_zone(self):
        makassar = Jurisdiction.objects.create(slug="kota-makassar", name="Kota Makassar", timezone="Asia/Makassar")
        # 23:30 WIB on Monday is already Tuesday 00:30 WITA.
        start = datetime(2026, 11, 23, 23, 30, tzinfo=WIB)
        due = deadlines.deadline(jurisdiction=makassar, category=None, stage=Stage.VERIFICATION, start=start)
        self.assertEqual(due, datetime(2026, 11, 27, 23, 59, 59, tzinfo=WITA))

    def test_a_category_limit_overrides_the_jurisdiction_and_the_default(self):
        TimeLimit.objects.create(
            jurisdiction=self.city, stage=Stage.FIRST_RESPONSE, days=4, counting=Counting.WORKING_DAYS
        )
        TimeLimit.objects.create(
            jurisdiction=self.city,
            category=self.category,
            stage=Stage.FIRST_RESPONSE,
            days=1,
            counting=Counting.WORKING_DAYS,
        )
        monday = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
        self.assertEqual(
            deadlines.deadline(
                jurisdiction=self.city, category=self.category, stage=Stage.FIRST_RESPONSE, start=monday
            ).date(),
            datetime(2026, 11, 24).date(),
        )
        self.assertEqual(
            deadlines.deadline(jurisdiction=self.city, category=None, stage=Stage.FIRST_RESPONSE, start=monday).date(),
            datetime(2026, 11, 27).date(),
        )

    def test_due_state_is_overdue_due_soon_or_on_time(self):
        now = datetime(2026, 11, 23, 12, 0, tzinfo=WIB)  # Monday
        self.assertEqual(
            deadlines.due_state(datetime(2026, 11, 23, 8, 0, tzinfo=WIB), jurisdiction=self.city, now=now),
            DueState.OVERDUE,
        )
        self.assertEqual(
            deadlines.due_state(datetime(2026, 11, 24, 23, 59, tzinfo=WIB), jurisdiction=self.city, now=now),
            DueState.DUE_SOON,
        )
        self.assertEqual(
            deadlines.due_state(datetime(2026, 11, 26, 23, 59, tzinfo=WIB), jurisdiction=self.city, now=now),
            DueState.ON_TIME,
        )
        self.assertIsNone(deadlines.due_state(None, jurisdiction=self.city, now=now))
