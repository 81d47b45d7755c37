"""The Ombudsman's own notice clocks (UU 37/2008, read in the text; docs/legal-sources.md §3).

Pasal 27(1): not its authority → the reporter is told within 7 days of the signing of the examination result.
Pasal 36(2): a rejection → reporter and terlapor are told within 14 days of the signing.
Pasal 37(3): a recommendation → delivered to reporter, terlapor and superior within 14 days of its signing.
"hari" is unqualified: calendar days; the day of signing is not counted.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from sigap.ombudsman.models import Notice, ReportEvent
from sigap.ombudsman.notices import notice_record_sent, notices_sweep
from sigap.ombudsman.services import report_transition
from sigap.ombudsman.tests.helpers import receive, verified
from sigap.ombudsman.workflow import Action, Actor
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


class NoticeClockTest(BaseTestCase):
    def move(self, report, action, *, at, **kw):
        return report_transition(
            report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER, text="Alasan", now=at, **kw
        )

    def test_not_authority_gives_seven_days(self):
        """Rejected as not the Ombudsman's authority on Mon 2 Nov 2026 → tell the reporter by Mon 9 Nov 2026."""
        report = receive(self, now=wib(2026, 11, 2, 9))
        self.move(report, Action.REJECT, at=wib(2026, 11, 2, 10), reject_reason="not_authority")
        notice = Notice.objects.get(report=report)
        self.assertEqual((notice.kind, notice.due_at), ("not_authority", wib(2026, 11, 9, 23, 59, 59)))

    def test_a_rejection_gives_fourteen_days(self):
        """Rejected (already resolved) on Mon 2 Nov 2026 → tell reporter and terlapor by Mon 16 Nov 2026."""
        report = receive(self, now=wib(2026, 11, 2, 9))
        self.move(report, Action.REJECT, at=wib(2026, 11, 2, 10), reject_reason="already_resolved")
        self.assertEqual(Notice.objects.get(report=report).due_at, wib(2026, 11, 16, 23, 59, 59))

    def test_a_recommendation_gives_fourteen_days_with_a_reminder_and_an_overdue_mark(self):
        """Recommendation signed Tue 1 Dec 2026 → deliver by Tue 15 Dec 2026. Reminder on Mon 14 Dec (due within
        one working day); overdue mark on Wed 16 Dec; sending records when and whether it was late."""
        report = verified(self, receive(self, now=wib(2026, 11, 2, 9)))
        for action in (Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.ISSUE_LHP, Action.START_MONITORING):
            report = self.move(report, action, at=wib(2026, 11, 3, 10))
        self.move(report, Action.RECOMMEND, at=wib(2026, 12, 1, 10))
        notice = Notice.objects.get(report=report)
        self.assertEqual((notice.kind, notice.due_at), ("recommendation", wib(2026, 12, 15, 23, 59, 59)))

        self.assertEqual(notices_sweep(now=wib(2026, 12, 10, 8)), {"reminded": 0, "overdue": 0})
        self.assertEqual(notices_sweep(now=wib(2026, 12, 14, 8)), {"reminded": 1, "overdue": 0})
        self.assertEqual(notices_sweep(now=wib(2026, 12, 14, 9)), {"reminded": 0, "overdue": 0})
        self.assertEqual(notices_sweep(now=wib(2026, 12, 16, 0, 0, 1)), {"reminded": 0, "overdue": 1})
        self.assertEqual(notices_sweep(now=wib(2026, 12, 17, 8)), {"reminded": 0, "overdue": 0})

        notice_record_sent(notice=notice, actor=self.ombudsman, sent_at=wib(2026, 12, 17, 9))
        sent = ReportEvent.objects.get(report=report, kind="notice", action="sent")
        self.assertIs(sent.data["late"], True)
        self.assertEqual(
            list(ReportEvent.objects.filter(report=report, kind="notice").values_list("action", flat=True)),
            ["reminder", "overdue", "sent"],
        )


class NoticePageTest(BaseTestCase):
    def test_the_officer_sees_the_clock_and_records_the_sending(self):
        report = receive(self)
        report_transition(
            report=report, action=Action.REJECT, actor=self.ombudsman, acting_as=Actor.OFFICER, text="Bukan wewenang",
            reject_reason="not_authority",
        )  # fmt: skip
        self.client.force_login(self.ombudsman)
        page = self.client.get(reverse("ombudsman:report", args=[report.pk]))
        self.assertContains(page, 'data-testid="notice-not_authority"')
        self.client.post(reverse("ombudsman:notice_sent", args=[report.pk, "not_authority"]))
        self.assertIsNotNone(Notice.objects.get(report=report).sent_at)
