"""Public reports and the alerts they send commit with the case change that causes them.

Nothing waits for the commit: a process killed right after it (here: the after-commit
callbacks never run) still leaves the public report up to date and every alert as an outbox
row for the re-drive to deliver. The deadline sweep does the same for a whole batch, with a
fixed number of statements however many reports it touches.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.alerts.models import Subscription
from sigap.complaints.workflow import Action, Status
from sigap.escalation.sweep import sweep
from sigap.escalation.tests.test_sweep import SweepTestCase
from sigap.notifications.models import Kind, Notification
from sigap.publicreports.models import Area, PublicReport
from sigap.publicreports.services import public_report_confirm, public_report_create

FOLLOWER = "pengikut@contoh-warga.id"
NEIGHBOUR = "tetangga@contoh-warga.id"


def days(n: float):  # type: ignore[no-untyped-def]
    """A moment `n` days from now: a report's updates are alerted only after its publication (now)."""
    return timezone.now() + timedelta(days=n)


def alerts_to(address: str) -> list[str]:
    return list(
        Notification.objects.filter(kind=Kind.ALERT, recipient=address).order_by("pk").values_list("body", flat=True)
    )


class AlertsInTheChangesTransactionTest(SweepTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.kel = Area.objects.create(jurisdiction=self.city, kind="kelurahan", name="Sukamaju", slug="sukamaju")
        Subscription.objects.create(
            kind=Subscription.Kind.KELURAHAN,
            area=self.kel,
            email=NEIGHBOUR,
            token="t-neighbour",
            created_at=timezone.now(),
            confirmed_at=timezone.now(),
        )

    def published(self, *steps: Action, at) -> PublicReport:  # type: ignore[no-untyped-def]
        complaint = self.case(at=at)
        report = public_report_create(complaint=complaint, kelurahan=self.kel)
        self.case_steps(complaint, Action.VERIFY, at=at)
        report = public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        self.assertTrue(report.is_published)
        self.case_steps(complaint, *steps, at=at)
        return report

    def case_steps(self, complaint, *steps: Action, at) -> None:  # type: ignore[no-untyped-def]
        self.advance(complaint, *steps, text="Lampu sudah diganti.", now=at)

    def test_publication_and_answer_alerts_are_outbox_rows_even_if_nothing_runs_after_the_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            report = self.published(at=days(-1))
        self.assertEqual(len(alerts_to(NEIGHBOUR)), 1)  # the new report, announced in the confirmation's transaction
        Subscription.objects.create(
            kind=Subscription.Kind.REPORT,
            report=report,
            email=FOLLOWER,
            token="t-follower",
            created_at=timezone.now(),
            confirmed_at=timezone.now(),
        )
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.case_steps(report.complaint, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, at=days(0.1))
        self.assertTrue(callbacks)  # delivery jobs wait for the commit; the rows do not
        report.refresh_from_db()
        self.assertEqual(report.status, Status.ANSWERED)
        self.assertIn("Lampu sudah diganti.", alerts_to(FOLLOWER)[-1])
        self.assertIn("Lampu sudah diganti.", alerts_to(NEIGHBOUR)[-1])

    def test_a_sweep_closes_public_reports_and_alerts_their_followers_in_its_batch(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            reports = [self.published(Action.DISPATCH, Action.ACCEPT, Action.ANSWER, at=days(-60)) for _ in range(3)]
        before = len(alerts_to(NEIGHBOUR))
        with self.captureOnCommitCallbacks(execute=False):
            run = sweep(now=days(1))
        self.assertEqual(run.counts["auto_closed"], 3)
        for report in reports:
            report.refresh_from_db()
            self.assertEqual(report.status, Status.CLOSED)
        self.assertEqual(len(alerts_to(NEIGHBOUR)) - before, 3)

    def test_the_sweep_refreshes_reports_and_finds_subscribers_with_statements_per_batch_not_per_report(self) -> None:
        def statements(count: int) -> int:
            for _ in range(count):
                self.published(Action.DISPATCH, Action.ACCEPT, Action.ANSWER, at=days(-60))
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(sweep(now=days(1)).counts["auto_closed"], count)
            return len(
                [
                    q
                    for q in captured.captured_queries
                    if any(t in q["sql"] for t in ("publicreport", "alerts_subscription"))
                ]
            )

        # Each alert is one outbox row (written in one statement per batch by the outbox), so only the
        # reports' and subscriptions' own statements are counted: the same for 2 reports as for 5.
        two = statements(2)
        self.assertGreater(two, 0)  # the reports are refreshed within the sweep, not after it
        self.assertEqual(statements(5), two)
