"""The Ombudsman report's stages, their checks and their time limits."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sigap.ombudsman.models import Report, ReportEvent, StageLimit
from sigap.ombudsman.services import (
    ReporterIdentity,
    TransitionError,
    report_record_receipt,
    report_transition,
    reports_sweep,
)
from sigap.ombudsman.tests.helpers import receive, verified
from sigap.ombudsman.workflow import TRANSITIONS, Action, Actor, Outcome, Stage, Status
from sigap.test import BaseTestCase


class EnglishMessages:
    """Assert on the English msgids, whatever the catalogue says."""

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))


WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)


class WorkflowTest(EnglishMessages, BaseTestCase):
    def move(self, report, *actions, now=MONDAY, text="Catatan"):
        for action in actions:
            report = report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                       text=text, reject_reason="not_authority", now=now)  # fmt: skip
        return report

    def test_a_report_reaches_every_outcome_along_the_table(self):
        paths = {
            Outcome.REJECTED: [Action.REJECT],
            Outcome.NO_MALADMINISTRATION: [Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.NO_MALADMINISTRATION],
            Outcome.SETTLED: [Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.CONCILIATE, Action.ADJUDICATE,
                              Action.SETTLE],
            Outcome.CORRECTED: [Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.INVESTIGATE, Action.ISSUE_LHP,
                                Action.CORRECTED],
            Outcome.RECOMMENDATION_DONE: [Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.ISSUE_LHP,
                                          Action.START_MONITORING, Action.RECOMMEND, Action.RECOMMENDATION_DONE],
            Outcome.RECOMMENDATION_IGNORED: [Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.ISSUE_LHP,
                                             Action.START_MONITORING, Action.RECOMMEND,
                                             Action.RECOMMENDATION_IGNORED],
        }  # fmt: skip
        for outcome, actions in paths.items():
            with self.subTest(outcome=outcome):
                report = self.move(verified(self, receive(self, now=MONDAY)), *actions)
                self.assertEqual((report.outcome, report.closed_at is not None), (outcome, True))
                self.assertIn(report.status, {Status.CLOSED, Status.REJECTED})
                self.assertEqual(
                    list(report.events.filter(kind=ReportEvent.Kind.TRANSITION).values_list("action", flat=True)),
                    [a.value for a in actions],
                )

    def test_an_illegal_move_is_explained(self):
        report = receive(self, now=MONDAY)
        with self.assertRaisesMessage(TransitionError, "Received"):
            self.move(report, Action.ISSUE_LHP)

    def test_only_the_sweep_may_close_a_report_as_withdrawn_or_an_officer(self):
        self.assertEqual(TRANSITIONS[Action.WITHDRAWN].actors, {Actor.SYSTEM, Actor.OFFICER})
        report = receive(self, now=MONDAY)
        with self.assertRaises(PermissionDenied):
            report_transition(report=report, action=Action.VERIFY_FORMAL, actor=None, acting_as=Actor.SYSTEM)

    def test_a_text_is_required_where_the_table_says_so(self):
        report = verified(self, receive(self, now=MONDAY))
        report = self.move(report, Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL)
        with self.assertRaisesMessage(TransitionError, "Write"):
            self.move(report, Action.ISSUE_LHP, text="  ")


class FormalVerificationTest(EnglishMessages, BaseTestCase):
    """UU 37/2008 Pasal 24 (read-in-text): (1)(a) name, place and date of birth, marital status,
    occupation, full address; (b) a detailed description; (c) a prior complaint to the terlapor or its
    superior; (3) the event not older than 2 years."""

    def verify(self, report):
        return report_transition(report=report, action=Action.VERIFY_FORMAL, actor=self.ombudsman,
                                 acting_as=Actor.OFFICER, now=MONDAY)  # fmt: skip

    def test_a_report_missing_a_requirement_is_refused_with_the_reason(self):
        cases = {
            "identity": (receive(self, reporter=ReporterIdentity(name="Rina"), now=MONDAY), "identity"),
            "old": (receive(self, incident_date=date(2024, 3, 1), now=MONDAY), "2 years"),
            "no date": (receive(self, incident_date=None, now=MONDAY), "date of the event"),
        }
        for label, (report, message) in cases.items():
            with self.subTest(label):
                verified(self, report)
                with self.assertRaisesMessage(TransitionError, message):
                    self.verify(report)

    def test_without_the_officers_checks_the_description_and_prior_complaint_fail(self):
        report = receive(self, now=MONDAY)
        with self.assertRaisesMessage(TransitionError, "not detailed enough"):
            self.verify(report)

    def test_an_event_exactly_two_years_old_is_within_time(self):
        report = verified(self, receive(self, incident_date=date(2024, 3, 2), now=MONDAY))
        self.assertEqual(self.verify(report).status, Status.FORMAL_VERIFIED)

    def test_material_verification_needs_authority_and_no_other_handling(self):
        report = receive(self, now=MONDAY)
        from sigap.ombudsman.services import report_record_checks

        report_record_checks(report=report, checks={"description_detailed": True, "prior_complaint_made": True},
                             actor=self.ombudsman)  # fmt: skip
        report = self.verify(report)
        with self.assertRaisesMessage(TransitionError, "authority"):
            report_transition(report=report, action=Action.VERIFY_MATERIAL, actor=self.ombudsman,
                              acting_as=Actor.OFFICER)  # fmt: skip

    def test_a_linked_sigap_complaint_counts_as_the_prior_complaint(self):
        complaint, _ = self.submit()
        report = receive(self, complaint=complaint, prior_complaint="", now=MONDAY)
        self.assertIs(report.prior_complaint_made, True)
        self.assertIn(complaint.tracking_code, report.prior_complaint)

    def test_a_report_about_a_jurisdiction_the_office_does_not_oversee_is_refused(self):
        with self.assertRaises(ValidationError):
            receive(self, jurisdiction=self.other_city, opd=None, now=MONDAY)


class TimeLimitTest(BaseTestCase):
    def lhp(self, now=MONDAY):
        report = verified(self, receive(self, now=now))
        for action in (Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL, Action.ISSUE_LHP):
            report = report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                       text="Tindakan korektif: proses PBG dalam 10 hari.", now=now)  # fmt: skip
        return report

    def test_corrective_action_runs_30_working_days_from_the_lhp(self):
        """PerOmbudsman 58/2023 Pasal 54(1) (read-in-text): 30 working days from receipt of the LHP.
        Received on Monday 2 March 2026 (the day it was issued): that skips Nyepi and Idul Fitri (18–24 March)
        and Good Friday (3 April): due at the end of Tuesday 21 April 2026, not 13 April as without holidays."""
        report = self.lhp()
        self.assertEqual(report.status, Status.LHP)
        self.assertIsNone(report.due_at)  # waiting for the receipt
        report = report_record_receipt(report=report, received_on=date(2026, 3, 2), actor=self.ombudsman, now=MONDAY)
        self.assertEqual(report.due_at, datetime(2026, 4, 21, 23, 59, 59, tzinfo=WIB))

    def test_the_sweep_moves_an_lhp_not_followed_up_in_time_to_monitoring(self):
        """PerOmbudsman 58/2023 Pasal 54(1): no follow-up within 30 working days → Resolusi dan Monitoring.
        No receipt is recorded, so after 7 days the clock counts from the issue (Mon 2 Mar → Tue 21 Apr)."""
        report = self.lhp()
        self.assertEqual(reports_sweep(now=datetime(2026, 4, 21, 23, 0, tzinfo=WIB)), 0)
        self.assertEqual(reports_sweep(now=datetime(2026, 4, 22, 0, 1, tzinfo=WIB)), 1)
        report.refresh_from_db()
        self.assertEqual(report.status, Status.MONITORING)
        event = report.events.latest("id")
        self.assertEqual((event.action, event.actor, event.actor_role), ("start_monitoring", None, "system"))
        self.assertEqual(reports_sweep(now=datetime(2026, 4, 23, tzinfo=WIB)), 0)

    def test_the_superior_reports_on_a_recommendation_within_60_days(self):
        """UU 37/2008 Pasal 38(2) (read-in-text): the terlapor's superior reports within 60 days "sejak tanggal
        diterimanya Rekomendasi": signed Mon 2 Mar 2026, received Mon 2 Mar → due Fri 1 May 2026."""
        report = self.lhp()
        for action in (Action.START_MONITORING, Action.RECOMMEND):
            report = report_transition(report=report, action=action, actor=self.ombudsman, acting_as=Actor.OFFICER,
                                       text="Rekomendasi", now=MONDAY)  # fmt: skip
        self.assertIsNone(report.due_at)
        report = report_record_receipt(report=report, received_on=date(2026, 3, 2), actor=self.ombudsman, now=MONDAY)
        self.assertEqual(report.due_at, datetime(2026, 5, 1, 23, 59, 59, tzinfo=WIB))

    def test_an_incomplete_report_is_withdrawn_after_30_days(self):
        """UU 37/2008 Pasal 25 (read-in-text): not completed within 30 days → deemed withdrawn."""
        report = report_transition(report=receive(self, now=MONDAY), action=Action.REQUEST_COMPLETION,
                                   actor=self.ombudsman, acting_as=Actor.OFFICER, text="Lengkapi identitas.",
                                   now=MONDAY)  # fmt: skip
        self.assertEqual(report.due_at, datetime(2026, 4, 1, 23, 59, 59, tzinfo=WIB))
        reports_sweep(now=datetime(2026, 4, 2, 8, 0, tzinfo=WIB))
        report.refresh_from_db()
        self.assertEqual((report.status, report.outcome), (Status.CLOSED, Outcome.WITHDRAWN))

    def test_a_stage_without_a_limit_runs_no_clock_until_an_administrator_sets_one(self):
        report = receive(self, now=MONDAY)
        self.assertIsNone(report.due_at)
        StageLimit.objects.filter(stage=Stage.VERIFICATION).update(days=14)
        self.assertEqual(receive(self, now=MONDAY).due_at, datetime(2026, 3, 16, 23, 59, 59, tzinfo=WIB))


class AppendOnlyTest(BaseTestCase):
    def test_the_report_trail_cannot_be_rewritten(self):
        from django.db import DatabaseError, transaction

        event = receive(self, now=MONDAY).events.get()
        with self.assertRaises(DatabaseError), transaction.atomic():
            ReportEvent.objects.filter(pk=event.pk).update(body="diubah")
        self.assertTrue(Report.objects.exists())


class CitationTest(BaseTestCase):
    def test_the_completion_limit_cites_pasal_25_ayat_3_and_4(self):
        """UU 37/2008 Pasal 25(3) (read-in-text): 30 days from the day the reporter received the notice;
        25(4): otherwise deemed withdrawn. Ayat (2) is only the written notice of what is missing."""
        limit = StageLimit.objects.get(stage="completion")
        self.assertEqual(limit.days, 30)
        self.assertIn("Pasal 25(3)-(4)", limit.source)
