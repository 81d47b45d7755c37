"""The complaint workflow runs on the engine: its table's effects, one case or a batch alike."""

from __future__ import annotations

from sigap.complaints.models import Complaint
from sigap.complaints.rules import WORKFLOW
from sigap.complaints.services import complaint_transition, complaint_transition_bulk
from sigap.complaints.workflow import TRANSITIONS, Action, Actor, ArchiveReason, Status
from sigap.escalation.tests.test_sweep import SweepTestCase, wib
from sigap.escalation.tests.test_sweep_writes import fields


class WorkflowEffectsTest(SweepTestCase):
    def test_the_machine_runs_the_table(self):
        self.assertIs(WORKFLOW.transitions, TRANSITIONS)

    def test_a_batch_gets_what_one_case_gets(self):
        at, then = wib(2026, 6, 1, 10), wib(2026, 8, 3, 9)
        text = "Laporan tidak dilengkapi dalam batas waktu."
        batch = [self.case(Action.REQUEST_INFO, at=at) for _ in range(3)]
        by_hand = self.case(Action.REQUEST_INFO, at=at)
        complaint_transition(
            complaint=by_hand,
            action=Action.ARCHIVE,
            actor=None,
            acting_as=Actor.SYSTEM,
            text=text,
            archive_reason=ArchiveReason.NEVER_COMPLETED,
            now=then,
        )
        marks = ",".join(["%s"] * len(batch))
        pairs = complaint_transition_bulk(
            action=Action.ARCHIVE,
            candidates=f"SELECT id FROM {Complaint._meta.db_table} WHERE id IN ({marks})",  # noqa: S608
            params=[c.pk for c in batch],
            text=text,
            archive_reason=ArchiveReason.NEVER_COMPLETED,
            now=then,
        )
        self.assertEqual([pk for pk, _event in pairs], sorted(c.pk for c in batch))
        by_hand.refresh_from_db()
        self.assertEqual(by_hand.status, Status.ARCHIVED)
        self.assertIsNone(by_hand.paused_days_left)
        handled = by_hand.events.order_by("-id").first()
        for case in batch:
            case.refresh_from_db()
            self.assertEqual(fields(case), fields(by_hand))
            self.assertEqual(case.events.order_by("-id").first().data, handled.data)

    def test_a_batch_skips_cases_no_longer_in_a_source_status(self):
        at, then = wib(2026, 6, 1, 10), wib(2026, 8, 3, 9)
        verified = self.case(Action.VERIFY, at=at)
        pairs = complaint_transition_bulk(
            action=Action.AUTO_CLOSE,
            candidates=f"SELECT id FROM {Complaint._meta.db_table} WHERE id = %s",  # noqa: S608
            params=[verified.pk],
            now=then,
        )
        self.assertEqual(pairs, [])
