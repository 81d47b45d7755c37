"""Changing a holiday moves the open deadlines it affects (and only those).

Limits: verification 3 working days (SP4N-LAPOR!, docs/legal-sources.md §2a); working days per the SKB 3 Menteri
2026 (1497/2025, 2/2025, 5/2025, §8): 24 Dec 2026 is cuti bersama Natal, 25 Dec Natal. The day a clock starts is
not counted. Cuti bersama decrees are revised (2020 and 2021 were), so an administrator's change must move the
stored due dates.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.urls import reverse

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.escalation.holidays import (
    holiday_override_delete,
    holiday_override_save,
    jurisdiction_set_works_on_cuti_bersama,
)
from sigap.escalation.tests.test_sweep import SweepTestCase
from sigap.sla.models import HolidayOverride

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def due_day(complaint: Complaint) -> date:
    complaint.refresh_from_db()
    assert complaint.due_at is not None
    return complaint.due_at.astimezone(WIB).date()


class AddedHolidayTest(SweepTestCase):
    def test_a_new_national_holiday_moves_the_clocks_that_span_it(self):
        """A holiday added on Wed 9 Dec 2026 (3 working days to verify):
        - received Fri 4 Dec: Mon 7, Tue 8, Wed 9 → due Wed 9; with 9 off → Thu 10 Dec;
        - received Mon 7 Dec: Tue 8, Wed 9, Thu 10 → due Thu 10; with 9 off → Fri 11 Dec;
        - received Thu 10 Dec: Fri 11, Mon 14, Tue 15 → due Tue 15, unchanged (its clock starts after the 9th);
        - received Tue 1 Dec: due Fri 4 Dec, unchanged (its clock ends before the 9th).
        Two cases move; each gets a public timeline event."""
        moves = {
            wib(2026, 12, 4, 10): (date(2026, 12, 9), date(2026, 12, 10)),
            wib(2026, 12, 7, 10): (date(2026, 12, 10), date(2026, 12, 11)),
            wib(2026, 12, 10, 10): (date(2026, 12, 15), date(2026, 12, 15)),
            wib(2026, 12, 1, 10): (date(2026, 12, 4), date(2026, 12, 4)),
        }
        cases = {at: self.case(at=at) for at in moves}
        for at, (before, _after) in moves.items():
            self.assertEqual(due_day(cases[at]), before, at)

        override = HolidayOverride(date=date(2026, 12, 9), name="Pemungutan suara", decree="Keppres 2026")
        moved = holiday_override_save(override=override, actor=self.admin)

        self.assertEqual(moved.cases, 2)
        for at, (_before, after) in moves.items():
            self.assertEqual(due_day(cases[at]), after, at)
        event = ComplaintEvent.objects.get(complaint=cases[wib(2026, 12, 7, 10)], kind="deadline_adjusted")
        self.assertTrue(event.is_public)
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.data["holidays"], ["2026-12-09"])
        self.assertFalse(
            ComplaintEvent.objects.filter(complaint=cases[wib(2026, 12, 10, 10)], kind="deadline_adjusted")
        )

    def test_deleting_the_holiday_moves_them_back(self):
        case = self.case(at=wib(2026, 12, 7, 10))
        override = HolidayOverride(date=date(2026, 12, 9), name="Pemungutan suara")
        holiday_override_save(override=override, actor=self.admin)
        self.assertEqual(due_day(case), date(2026, 12, 11))
        self.assertEqual(holiday_override_delete(override=override, actor=self.admin).cases, 1)
        self.assertEqual(due_day(case), date(2026, 12, 10))

    def test_a_regional_day_moves_only_that_jurisdictions_cases(self):
        from sigap.organisations.models import Jurisdiction

        other = Jurisdiction.objects.create(slug="kota-regional-i", name="Kota Regional")
        case = self.case(at=wib(2026, 12, 7, 10))
        moved = holiday_override_save(
            override=HolidayOverride(date=date(2026, 12, 9), name="Hari jadi", jurisdiction=other), actor=self.admin
        )
        self.assertEqual(moved.cases, 0)
        self.assertEqual(due_day(case), date(2026, 12, 10))

    def test_calendar_day_clocks_do_not_move(self):
        """The reporter's 30 days to complete (UU 25/2009 Pasal 44(4)) are calendar days."""
        from sigap.complaints.workflow import Action

        case = self.case(Action.REQUEST_INFO, at=wib(2026, 12, 7, 10))
        before = due_day(case)
        holiday_override_save(override=HolidayOverride(date=date(2026, 12, 9), name="Libur"), actor=self.admin)
        self.assertEqual(due_day(case), before)


class CancelledCutiBersamaTest(SweepTestCase):
    def test_cancelling_24_december_moves_the_cases_that_started_before_it(self):
        """A revised SKB cancels cuti bersama Thu 24 Dec 2026 (3 working days to verify):
        - received Tue 22 Dec: Wed 23, (24 cuti, 25 Natal, weekend) Mon 28, Tue 29 → due Tue 29;
          after: Wed 23, Thu 24, Mon 28 → due Mon 28 Dec;
        - received Wed 23 Dec: Mon 28, Tue 29, Wed 30 → due Wed 30; after: Thu 24, Mon 28, Tue 29 → Tue 29 Dec;
        - received on Thu 24 Dec itself (then a holiday): Mon 28, Tue 29, Wed 30 → due Wed 30; after: the 24th is
          the start day, not counted → still Wed 30. Same old due date as the case of the 23rd: only the day the
          clock started tells them apart."""
        cases = {
            22: (self.case(at=wib(2026, 12, 22, 10)), date(2026, 12, 29), date(2026, 12, 28)),
            23: (self.case(at=wib(2026, 12, 23, 10)), date(2026, 12, 30), date(2026, 12, 29)),
            24: (self.case(at=wib(2026, 12, 24, 10)), date(2026, 12, 30), date(2026, 12, 30)),
        }
        for day, (case, before, _after) in cases.items():
            self.assertEqual(due_day(case), before, day)

        override = HolidayOverride(date=date(2026, 12, 24), name="Cuti bersama dibatalkan", action="remove")
        moved = holiday_override_save(override=override, actor=self.admin)

        self.assertEqual(moved.cases, 2)
        for day, (case, _before, after) in cases.items():
            self.assertEqual(due_day(case), after, day)


class CutiBersamaSwitchMovesDeadlinesTest(SweepTestCase):
    def test_switching_the_jurisdiction_to_work_on_cuti_bersama(self):
        """Received Tue 17 Mar 2026, due Fri 27 Mar (cuti bersama 18, 20, 23, 24 Mar off); with the service running
        on cuti bersama: Wed 18, Fri 20, Mon 23 → due Mon 23 Mar 2026."""
        case = self.case(at=wib(2026, 3, 17, 10))
        self.assertEqual(due_day(case), date(2026, 3, 27))
        moved = jurisdiction_set_works_on_cuti_bersama(
            jurisdiction=self.city, works_on_cuti_bersama=True, actor=self.admin, today=date(2026, 3, 17)
        )
        self.assertEqual(moved.cases, 1)
        self.assertEqual(due_day(case), date(2026, 3, 23))


@override_settings(LANGUAGE_CODE="id")
class AdminCountTest(SweepTestCase):
    def test_the_staff_member_is_told_how_many_cases_moved(self):
        self.case(at=wib(2026, 12, 4, 10))
        self.case(at=wib(2026, 12, 7, 10))
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # The admin site asks for the second factor too: give the superuser the authenticator they would have.
        TOTPDevice.objects.get_or_create(user=self.sysadmin, name="authenticator", defaults={"confirmed": True})
        self.client.force_login(self.sysadmin)
        response = self.client.post(
            reverse("admin:sla_holidayoverride_add"),
            {"date": "2026-12-09", "name": "Pemungutan suara", "action": "add", "decree": ""},
            follow=True,
        )
        self.assertContains(response, "2 kasus terbuka")
        self.assertEqual(HolidayOverride.objects.count(), 1)
