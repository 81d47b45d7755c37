"""LHP and recommendation clocks count from the reported party's receipt (docs/legal-sources.md §13).

PerOmbudsman 58/2023 Pasal 54(1) (read-in-text): an LHP not followed up within 30 working days of its receipt
goes to Resolusi dan Monitoring. UU 37/2008 Pasal 38(2) (read-in-text): the superior reports on a
recommendation within 60 days "terhitung sejak tanggal diterimanya Rekomendasi".
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.ombudsman.models import ReportEvent
from sigap.ombudsman.services import TransitionError, report_record_receipt, report_transition, reports_sweep
from sigap.ombudsman.tests.helpers import receive, verified
from sigap.ombudsman.workflow import Action, Actor, Status
from sigap.oversight.receipts import ReceiptVia
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


MONDAY = wib(2026, 3, 2, 9)


class DocumentReceiptTest(BaseTestCase):
    def lhp(self, now=MONDAY):
        report = verified(self, receive(self, now=now))
        for action in (Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.ISSUE_LHP):
            report = report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                       text="Tindakan korektif: proses PBG.", now=now)  # fmt: skip
        return report

    def recommendation(self):
        report = self.lhp()
        for action in (Action.START_MONITORING, Action.RECOMMEND):
            report = report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                       text="Rekomendasi", now=MONDAY)  # fmt: skip
        return report

    def test_the_lhp_clock_counts_30_working_days_from_the_signed_receipt(self):
        """LHP issued Mon 2 Mar 2026, received Thu 5 Mar: 30 working days from Fri 6 Mar, skipping cuti bersama
        18, 20, 23, 24 Mar, Nyepi 19 Mar and Good Friday 3 Apr → due Fri 24 Apr 2026 (from the issue it would be
        Tue 21 Apr)."""
        report = self.lhp()
        self.assertIs(report.awaiting_receipt, True)
        report = report_record_receipt(report=report, received_on=date(2026, 3, 5), actor=self.ombudsman,
                                       now=wib(2026, 3, 6, 8))  # fmt: skip
        self.assertEqual((report.document_received_at, report.receipt_via), (wib(2026, 3, 5), ReceiptVia.LETTER))
        self.assertEqual(report.due_at, wib(2026, 4, 24, 23, 59, 59))
        self.assertEqual(reports_sweep(now=wib(2026, 4, 23, 0, 1)), 0)  # not overdue on the day the issue gave
        self.assertEqual(reports_sweep(now=wib(2026, 4, 25, 0, 1)), 1)
        report.refresh_from_db()
        self.assertEqual(report.status, Status.MONITORING)

    def test_the_recommendation_clock_counts_60_days_from_the_signed_receipt(self):
        """Recommendation signed Mon 2 Mar 2026, received Fri 6 Mar → the superior's report is due Tue 5 May 2026
        (6 Mar + 60 days)."""
        report = report_record_receipt(report=self.recommendation(), received_on=date(2026, 3, 6),
                                       actor=self.ombudsman, now=wib(2026, 3, 9, 8))  # fmt: skip
        self.assertEqual(report.due_at, wib(2026, 5, 5, 23, 59, 59))
        event = report.events.latest("id")
        self.assertEqual((event.kind, event.data["via"]), (ReportEvent.Kind.DOCUMENT_RECEIVED, "letter"))

    def test_without_a_receipt_the_clock_counts_from_the_issue_after_seven_days(self):
        report = self.recommendation()
        self.assertEqual(report.presume_receipt_at, wib(2026, 3, 9, 9))
        reports_sweep(now=wib(2026, 3, 9, 8, 59))
        report.refresh_from_db()
        self.assertIsNone(report.due_at)
        reports_sweep(now=wib(2026, 3, 9, 9))
        report.refresh_from_db()
        self.assertEqual((report.document_received_at, report.receipt_via), (MONDAY, ReceiptVia.PRESUMED))
        self.assertEqual(report.due_at, wib(2026, 5, 1, 23, 59, 59))
        self.assertEqual(report.events.latest("id").actor_role, "system")

    def test_a_receipt_is_only_for_a_running_lhp_or_recommendation_and_on_a_possible_day(self):
        with self.assertRaises(TransitionError):
            report_record_receipt(report=receive(self, now=MONDAY), received_on=date(2026, 3, 2), actor=self.ombudsman)
        report = self.lhp()
        for day in (date(2026, 3, 1), date(2026, 3, 10)):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                report_record_receipt(report=report, received_on=day, actor=self.ombudsman, now=wib(2026, 3, 9, 8))

    def test_the_report_page_shows_the_wait_and_the_officer_records_the_receipt(self):
        report = self.lhp(now=None)
        url = reverse("ombudsman:report", args=[report.pk])
        self.client.force_login(self.ombudsman)
        self.assertContains(self.client.get(url), "Menunggu tanda terima")
        self.assertContains(self.client.get(reverse("ombudsman:workspace")), "Menunggu tanda terima")
        received_on = report.lhp_at.astimezone(WIB).date().isoformat()
        for user in (self.focal_a, self.admin):
            self.client.force_login(user)
            self.assertEqual(self.client.post(reverse("ombudsman:receipt", args=[report.pk]),
                                              {"received_on": received_on}).status_code, 403)  # fmt: skip
        self.client.force_login(self.ombudsman)
        response = self.client.post(reverse("ombudsman:receipt", args=[report.pk]), {"received_on": received_on})
        self.assertRedirects(response, url)
        report.refresh_from_db()
        self.assertEqual(report.receipt_via, ReceiptVia.LETTER)
        self.assertNotContains(self.client.get(url), "Menunggu tanda terima")
