"""Changing a holiday moves the working-day deadlines of Ombudsman reports, their notices and requests too.

Working days per the SKB 3 Menteri 2026 (docs/legal-sources.md §8): no holiday between 25 Aug and 24 Dec 2026.
The corrective action of an LHP runs 30 working days from its receipt (PerOmbudsman 58/2023 Pasal 54(1),
read-in-text); the day the clock starts is not counted. The added holiday is Wed 9 Dec 2026.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.urls import reverse

from sigap.escalation.holidays import holiday_override_delete, holiday_override_save
from sigap.ombudsman.models import Notice, NoticeLimit, Report, ReportEvent
from sigap.ombudsman.services import report_record_receipt, report_transition
from sigap.ombudsman.tests.helpers import receive, verified
from sigap.ombudsman.workflow import Action, Actor
from sigap.oversight.models import AnswerLimit, InformationRequest, Requester, RequestEvent, RequestKind
from sigap.oversight.receipts import ReceiptVia
from sigap.oversight.services import Addressee, request_record_receipt, request_send
from sigap.sla.models import Counting, HolidayOverride
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def day_of(moment: datetime | None) -> date:
    assert moment is not None
    return moment.astimezone(WIB).date()


def vote_day() -> HolidayOverride:
    return HolidayOverride(date=date(2026, 12, 9), name="Pemungutan suara", decree="Keppres 2026")


class Builders:
    def lhp(self: Any, *, received: date) -> Report:
        start = wib(received.year, received.month, received.day, 9)
        report = verified(self, receive(self, now=start))
        for action in (Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.ISSUE_LHP):
            report = report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                       text="Tindakan korektif", now=start)  # fmt: skip
        return report_record_receipt(report=report, received_on=received, actor=self.ombudsman, now=start)

    def request(self: Any, *, received: datetime) -> InformationRequest:
        request = request_send(
            requester=Requester.OMBUDSMAN, kind=RequestKind.CLARIFICATION,
            to=Addressee(jurisdiction=self.city, opd=self.opd_a), subject="Klarifikasi",
            questions="Mohon penjelasan tertulis.", actor=self.ombudsman, now=received,
        )  # fmt: skip
        request_record_receipt(request=request, via=ReceiptVia.SIGAP, actor=self.focal_a, acting_as="focal_point",
                               now=received)  # fmt: skip
        request.refresh_from_db()
        return request


class OversightRecomputeTest(Builders, BaseTestCase):
    def test_an_lhp_clock_spanning_the_new_holiday_moves_one_day(self):
        """LHP received Mon 2 Nov 2026: 30 working days → Mon 14 Dec; with Wed 9 Dec off → Tue 15 Dec; deleting the
        holiday moves it back to Mon 14 Dec."""
        spanning = self.lhp(received=date(2026, 11, 2))
        self.assertEqual(day_of(spanning.due_at), date(2026, 12, 14))
        moved = holiday_override_save(override=vote_day(), actor=self.admin)
        self.assertEqual((moved.reports, moved.requests), (1, 0))
        spanning.refresh_from_db()
        self.assertEqual(day_of(spanning.due_at), date(2026, 12, 15))
        event = spanning.events.latest("id")
        self.assertEqual((event.kind, event.actor), (ReportEvent.Kind.DEADLINE_ADJUSTED, self.admin))
        self.assertEqual(event.body, "Batas waktu disesuaikan karena perubahan hari libur")
        self.assertEqual(holiday_override_delete(override=HolidayOverride.objects.get(), actor=self.admin).reports, 1)
        spanning.refresh_from_db()
        self.assertEqual(day_of(spanning.due_at), date(2026, 12, 14))

    def test_a_clock_that_starts_after_the_holiday_or_a_closed_report_does_not_move(self):
        later = self.lhp(received=date(2026, 12, 10))
        due = later.due_at
        closed = report_transition(report=self.lhp(received=date(2026, 11, 2)), action=Action.CORRECTED,
                                   actor=self.ombudsman, acting_as=Actor.OFFICER, text="Sudah diperbaiki")  # fmt: skip
        self.assertEqual(holiday_override_save(override=vote_day(), actor=self.admin).reports, 0)
        later.refresh_from_db()
        self.assertEqual(later.due_at, due)
        self.assertFalse(closed.events.filter(kind=ReportEvent.Kind.DEADLINE_ADJUSTED).exists())

    def test_a_request_counted_in_calendar_days_does_not_move(self):
        """UU 37/2008 Pasal 33(1)'s "hari" is seeded as calendar days: received Mon 30 Nov 2026 → due Mon 14 Dec."""
        request = self.request(received=wib(2026, 11, 30, 10))
        self.assertEqual(day_of(request.due_at), date(2026, 12, 14))
        self.assertEqual(holiday_override_save(override=vote_day(), actor=self.admin).requests, 0)
        request.refresh_from_db()
        self.assertEqual(day_of(request.due_at), date(2026, 12, 14))

    def test_a_request_counted_in_working_days_moves_with_its_reminder(self):
        """Set to 14 working days: received Mon 30 Nov 2026 → Fri 18 Dec, reminder Tue 15 Dec 08:00 (3 days before);
        with Wed 9 Dec off → Mon 21 Dec, reminder Fri 18 Dec 08:00."""
        AnswerLimit.objects.filter(requester=Requester.OMBUDSMAN).update(counting=Counting.WORKING_DAYS)
        request = self.request(received=wib(2026, 11, 30, 10))
        self.assertEqual((day_of(request.due_at), request.remind_at), (date(2026, 12, 18), wib(2026, 12, 15, 8)))
        self.assertEqual(holiday_override_save(override=vote_day(), actor=self.admin).requests, 1)
        request.refresh_from_db()
        self.assertEqual((day_of(request.due_at), request.remind_at), (date(2026, 12, 21), wib(2026, 12, 18, 8)))
        self.assertEqual(request.events.latest("id").kind, RequestEvent.Kind.DEADLINE_ADJUSTED)

    def test_a_notice_on_working_days_moves(self):
        """A rejection signed Mon 30 Nov 2026 with the notice limit set to 10 working days: due Mon 14 Dec; with Wed
        9 Dec off → Tue 15 Dec (UU 37/2008 Pasal 36(2) itself says 14 "hari"; the limit is data)."""
        NoticeLimit.objects.filter(kind="rejection").update(days=10, counting=Counting.WORKING_DAYS)
        report = receive(self, now=wib(2026, 11, 30, 9))
        report_transition(report=report, action=Action.REJECT, actor=self.ombudsman, acting_as=Actor.OFFICER,
                          text="Belum mengadu", reject_reason="no_prior_complaint",
                          now=wib(2026, 11, 30, 10))  # fmt: skip
        notice = Notice.objects.get(report=report)
        self.assertEqual(day_of(notice.due_at), date(2026, 12, 14))
        self.assertEqual(holiday_override_save(override=vote_day(), actor=self.admin).reports, 1)
        notice.refresh_from_db()
        self.assertEqual(day_of(notice.due_at), date(2026, 12, 15))


@override_settings(LANGUAGE_CODE="id")
class OversightAdminCountTest(Builders, BaseTestCase):
    def test_the_staff_member_is_told_how_many_reports_and_requests_moved(self):
        self.lhp(received=date(2026, 11, 2))
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # The admin site asks for the second factor too: give the superuser the authenticator they would have.
        TOTPDevice.objects.get_or_create(user=self.sysadmin, name="authenticator", defaults={"confirmed": True})
        self.client.force_login(self.sysadmin)
        response = self.client.post(
            reverse("admin:sla_holidayoverride_add"),
            {"date": "2026-12-09", "name": "Pemungutan suara", "action": "add", "decree": ""},
            follow=True,
        )
        self.assertContains(response, "1 batas waktu laporan Ombudsman")
