"""The deadline sweep's rules, at each boundary, counted in Indonesian working days.

Dates are in 2026, whose national holidays and cuti bersama come from SKB 3 Menteri
1497/2025, 2/2025, 5/2025 (docs/legal-sources.md §8): e.g. 18–24 March 2026
(Nyepi, Idul Fitri and their cuti bersama) are not working days.
"""

from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from sigap.complaints import services as services_module
from sigap.complaints.models import ComplaintEvent
from sigap.complaints.services import complaint_transition
from sigap.complaints.workflow import Action, Actor, ArchiveReason, CloseReason, Status
from sigap.escalation import sweep as sweep_module
from sigap.escalation.sweep import sweep
from sigap.notifications.models import Kind, Notification
from sigap.notifications.replies import REPORTER_KINDS
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


class SweepTestCase(BaseTestCase):
    def case(self, *steps: Action, at: datetime, **submit):
        complaint, _ = self._submit_at(at, **submit)
        for step in steps:
            user, capacity = {
                Action.VERIFY: (self.admin, Actor.ADMIN),
                Action.REQUEST_INFO: (self.admin, Actor.ADMIN),
                Action.DISPATCH: (self.admin, Actor.ADMIN),
                Action.ACCEPT: (self.petugas_a, Actor.OPD),
                Action.ANSWER: (self.petugas_a, Actor.OPD),
                Action.CONFIRM: (None, Actor.REPORTER),
            }[step]
            complaint = complaint_transition(
                complaint=complaint, action=step, actor=user, acting_as=capacity, text="langkah", now=at
            )
        return complaint

    def _submit_at(self, at: datetime, **overrides):
        from sigap.complaints.services import ReporterDetails, Submission, complaint_submit

        fields = {
            "jurisdiction": self.city,
            "title": "Jalan berlubang di Jl. Merdeka",
            "description": "Lubang besar di depan sekolah sudah dua minggu membahayakan pengendara motor.",
            "category": self.roads,
            "reporter": ReporterDetails(name="Budi Santoso", email="budi@example.id"),
        }
        fields.update(overrides)
        return complaint_submit(submission=Submission(**fields), now=at)

    def staff_mail(self, kind: Kind) -> dict[str, list[int]]:
        rows = Notification.objects.filter(kind=kind).order_by("recipient")
        return {row.recipient: row.context["cases"] for row in rows}


class AutoCloseTest(SweepTestCase):
    def test_an_answered_case_closes_after_ten_working_days_of_silence_counting_cuti_bersama(self):
        """SP4N-LAPOR!: closed after 10 working days without a reply (docs/legal-sources.md §2c, "10 hari kerja").

        Answered on Monday 9 March 2026. 18–24 March are Nyepi, Idul Fitri and cuti bersama
        (SKB 3 Menteri 2026, §8), so the tenth working day is Monday 30 March, not 23 March.
        """
        complaint = self.case(Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, at=wib(2026, 3, 9, 10))
        self.assertEqual(complaint.due_at, wib(2026, 3, 30, 23, 59, 59))

        for moment in (wib(2026, 3, 24, 12), wib(2026, 3, 30, 23, 59, 58)):
            sweep(now=moment)
            complaint.refresh_from_db()
            self.assertEqual(complaint.status, Status.ANSWERED, moment)

        run = sweep(now=wib(2026, 3, 31, 0, 0, 0))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.CLOSED)
        self.assertEqual(complaint.close_reason, CloseReason.SILENCE)
        self.assertEqual(complaint.closed_at, wib(2026, 3, 31))
        self.assertIsNone(complaint.due_at)
        self.assertEqual(run.counts["auto_closed"], 1)
        event = complaint.events.order_by("-id").first()
        self.assertEqual(
            (event.kind, event.action, event.actor_role, event.from_status, event.to_status, event.is_public),
            ("transition", Action.AUTO_CLOSE, "system", Status.ANSWERED, Status.CLOSED, True),
        )
        mail = Notification.objects.get(complaint=complaint, event=event)
        self.assertEqual((mail.kind, mail.recipient), (Kind.CLOSED, "budi@example.id"))

    def test_a_reply_by_the_reporter_in_time_keeps_the_case_open(self):
        complaint = self.case(Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, at=wib(2026, 3, 9, 10))
        complaint_transition(
            complaint=complaint,
            action=Action.REOPEN,
            actor=None,
            acting_as=Actor.REPORTER,
            text="Belum beres",
            now=wib(2026, 3, 30, 9),
        )
        sweep(now=wib(2026, 4, 2))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.REOPENED)

    def test_an_anonymous_reporter_gets_no_mail_when_the_case_closes(self):
        complaint = self.case(
            Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 10), reporter=None, is_anonymous=True
        )
        sweep(now=wib(2026, 4, 1))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.CLOSED)
        # The staff were told of the dispatch; the closing tells no one (no address is kept).
        self.assertFalse(Notification.objects.filter(complaint=complaint, event__action=Action.AUTO_CLOSE).exists())
        self.assertFalse(Notification.objects.filter(complaint=complaint, kind__in=REPORTER_KINDS).exists())


class AutoArchiveTest(SweepTestCase):
    def test_an_incomplete_report_is_archived_as_withdrawn_after_thirty_days(self):
        """UU 25/2009 Pasal 44(4)–(5): 30 days to complete, else deemed withdrawn (legal-sources §1c)."""
        complaint = self.case(Action.REQUEST_INFO, at=wib(2026, 6, 1, 10))
        self.assertEqual(complaint.due_at, wib(2026, 7, 1, 23, 59, 59))
        sweep(now=wib(2026, 7, 1, 23, 59, 58))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.INCOMPLETE)

        sweep(now=wib(2026, 7, 2, 0, 0, 1))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.ARCHIVED)
        self.assertEqual(complaint.archive_reason, ArchiveReason.NEVER_COMPLETED)
        event = complaint.events.order_by("-id").first()
        self.assertEqual((event.action, event.actor_role, event.is_public), (Action.ARCHIVE, "system", True))
        self.assertIn("ditarik", event.body)
        self.assertTrue(Notification.objects.filter(complaint=complaint, kind=Kind.STATUS_CHANGED).exists())


class ReminderAndEscalationTest(SweepTestCase):
    """A case dispatched on Monday 8 June 2026 has 5 working days (SP4N-LAPOR!, legal-sources §2b).

    It is due at the end of Monday 15 June.
    """

    def setUp(self):
        self.complaint = self.case(Action.VERIFY, Action.DISPATCH, at=wib(2026, 6, 8, 9))
        self.assertEqual(self.complaint.due_at, wib(2026, 6, 15, 23, 59, 59))

    def test_the_reminder_comes_one_working_day_before_the_deadline_to_officers_and_focal_point(self):
        sweep(now=wib(2026, 6, 11, 23, 59))
        self.assertEqual(self.staff_mail(Kind.REMINDER), {})
        sweep(now=wib(2026, 6, 12, 0, 5))
        self.assertEqual(
            self.staff_mail(Kind.REMINDER),
            {"focal_a@contoh.go.id": [self.complaint.pk], "petugas_a@contoh.go.id": [self.complaint.pk]},
        )
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.reminded_at, wib(2026, 6, 12, 0, 5))

    def test_a_second_sweep_does_not_remind_or_escalate_again(self):
        sweep(now=wib(2026, 6, 12, 8))
        sweep(now=wib(2026, 6, 12, 8, 5))
        sweep(now=wib(2026, 6, 16, 8))
        sweep(now=wib(2026, 6, 16, 8, 5))
        self.assertEqual(Notification.objects.filter(kind=Kind.REMINDER).count(), 2)
        self.assertEqual(Notification.objects.filter(kind=Kind.ESCALATION).count(), 1)
        self.assertEqual(self.complaint.events.filter(kind=ComplaintEvent.Kind.ESCALATION).count(), 1)

    def test_an_overdue_case_goes_to_the_opd_head_the_day_after_the_deadline(self):
        sweep(now=wib(2026, 6, 15, 23, 59, 58))
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.escalation_level, 0)
        sweep(now=wib(2026, 6, 16, 0, 0, 1))
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.escalation_level, 1)
        self.assertEqual(self.staff_mail(Kind.ESCALATION), {"kepala_a@contoh.go.id": [self.complaint.pk]})
        event = self.complaint.events.get(kind=ComplaintEvent.Kind.ESCALATION)
        self.assertEqual((event.data, event.is_public, event.actor_role), ({"level": 1}, False, "system"))

    def test_after_three_more_working_days_it_goes_to_the_inspektorat_and_the_administrator(self):
        """Tuesday 16 June 2026 is 1 Muharam (SKB 3 Menteri 2026, legal-sources §8): the three working days
        overdue are Wednesday 17, Thursday 18 and Friday 19, so the second level comes on Monday 22."""
        sweep(now=wib(2026, 6, 16, 8))
        sweep(now=wib(2026, 6, 19, 23, 59))
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.escalation_level, 1)
        Notification.objects.all().delete()
        sweep(now=wib(2026, 6, 22, 0, 1))
        self.complaint.refresh_from_db()
        self.assertEqual(self.complaint.escalation_level, 2)
        self.assertEqual(
            self.staff_mail(Kind.ESCALATION),
            {"admin@contoh.go.id": [self.complaint.pk], "inspektur@contoh.go.id": [self.complaint.pk]},
        )

    def test_a_new_stage_starts_reminders_and_escalation_afresh(self):
        sweep(now=wib(2026, 6, 16, 8))
        complaint = complaint_transition(
            complaint=self.complaint,
            action=Action.ACCEPT,
            actor=self.petugas_a,
            acting_as=Actor.OPD,
            now=wib(2026, 6, 16, 9),
        )
        self.assertEqual((complaint.escalation_level, complaint.reminded_at), (0, None))

    def test_a_case_not_yet_dispatched_is_escalated_to_the_administrator(self):
        waiting = self.case(at=wib(2026, 6, 8, 9))  # 3 working days to verify: due Thursday 11 June
        sweep(now=wib(2026, 6, 12, 8))
        waiting.refresh_from_db()
        self.assertEqual(waiting.escalation_level, 1)
        self.assertEqual(self.staff_mail(Kind.ESCALATION), {"admin@contoh.go.id": [waiting.pk]})

    def test_escalation_mail_to_staff_never_shows_a_confidential_case_title(self):
        from sigap.notifications.rendering import render

        secret_case = self.case(
            Action.VERIFY, Action.DISPATCH, at=wib(2026, 6, 8, 9), is_confidential=True, title="Pungli oleh Pak X"
        )
        sweep(now=wib(2026, 6, 16, 8))
        row = Notification.objects.get(kind=Kind.ESCALATION)
        _subject, body = render(row)
        self.assertIn(secret_case.tracking_code, body)
        self.assertIn(self.complaint.title, body)
        self.assertNotIn("Pungli", body)
        self.assertNotIn("Budi", body)


class RobustnessTest(SweepTestCase):
    def test_a_case_that_cannot_be_processed_is_pushed_forward_and_does_not_stop_the_others(self):
        good = self.case(Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 10))
        bad = self.case(Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 11))

        def failing(events):
            # An observer (the outbox, the search document) that cannot write for one case.
            if any(event.complaint_id == bad.pk for event in events):
                raise RuntimeError("broken row")

        with mock.patch.object(
            services_module, "EVENT_BATCH_OBSERVERS", [*services_module.EVENT_BATCH_OBSERVERS, failing]
        ):
            run = sweep(now=wib(2026, 4, 1, 8))
        good.refresh_from_db()
        bad.refresh_from_db()
        self.assertEqual(good.status, Status.CLOSED)
        self.assertEqual(bad.status, Status.ANSWERED)
        self.assertEqual(bad.due_at, wib(2026, 4, 1, 9))
        self.assertEqual(
            run.errors, [{"step": "auto_closed", "complaint": bad.pk, "error": "RuntimeError: broken row"}]
        )
        # The failed case leaves nothing half-done behind: no event, no mail.
        self.assertFalse(bad.events.filter(action=Action.AUTO_CLOSE).exists())

        run = sweep(now=wib(2026, 4, 1, 8, 30))
        self.assertEqual(run.errors, [])
        sweep(now=wib(2026, 4, 1, 9, 30))
        bad.refresh_from_db()
        self.assertEqual(bad.status, Status.CLOSED)

    def test_a_case_moved_by_someone_else_meanwhile_is_not_claimed(self):
        complaint = self.case(Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 10))
        work = sweep_module.Sweep(
            sweep_module.SweepRun.objects.create(started_at=wib(2026, 4, 1), as_of=wib(2026, 4, 1)), wib(2026, 4, 1), 10
        )
        step = next(s for s in work.steps() if s.name == "auto_closed")
        complaint_transition(complaint=complaint, action=Action.CONFIRM, actor=None, acting_as=Actor.REPORTER)
        self.assertEqual(work.apply(step, [complaint.pk]), 0)  # the batch was selected before the reporter confirmed
        complaint.refresh_from_db()
        self.assertEqual(complaint.close_reason, CloseReason.CONFIRMED)
        self.assertEqual(complaint.events.filter(action=Action.AUTO_CLOSE).count(), 0)

    def test_batches_cover_every_due_case(self):
        cases = [self.case(Action.VERIFY, Action.DISPATCH, Action.ANSWER, at=wib(2026, 3, 9, 10)) for _ in range(5)]
        run = sweep(now=wib(2026, 4, 1), batch_size=2)
        self.assertEqual(run.counts["auto_closed"], 5)
        self.assertEqual(ComplaintEvent.objects.filter(action=Action.AUTO_CLOSE).count(), len(cases))


class LongOverdueTest(SweepTestCase):
    def test_a_case_long_overdue_at_the_first_sweep_goes_straight_to_the_second_level(self):
        complaint = self.case(Action.VERIFY, Action.DISPATCH, at=wib(2026, 6, 8, 9))
        sweep(now=wib(2026, 7, 1, 8))
        complaint.refresh_from_db()
        self.assertEqual(complaint.escalation_level, 2)
        events = complaint.events.filter(kind=ComplaintEvent.Kind.ESCALATION)
        self.assertEqual([e.data for e in events], [{"level": 2}])
        self.assertEqual(sorted(self.staff_mail(Kind.ESCALATION)), ["admin@contoh.go.id", "inspektur@contoh.go.id"])
