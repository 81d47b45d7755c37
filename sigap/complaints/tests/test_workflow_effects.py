"""The complaint workflow runs on the engine: its table's effects, one case or a batch alike."""

from __future__ import annotations

from django.core import checks

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.rules import WORKFLOW
from sigap.complaints.services import complaint_transition, complaint_transition_bulk
from sigap.complaints.tests.test_complaint_transition import EXTRA, PATHS
from sigap.complaints.workflow import TRANSITIONS, Action, Actor, ArchiveReason, Status
from sigap.escalation.tests.test_sweep import SweepTestCase, wib
from sigap.escalation.tests.test_sweep_writes import fields
from sigap.notifications.models import Channel, Kind, Notification, WebhookEndpoint
from sigap.search.consistency import disagreements

# Who each step tells (docs/notifications.md), besides the jurisdiction's webhook subscribers: the
# reporter of every public step with the message it calls for, the OPD of a case sent (back) to it.
TOLD = {
    Action.VERIFY: {"reporter": Kind.STATUS_CHANGED},
    Action.REQUEST_INFO: {"reporter": Kind.INFO_REQUESTED},
    Action.SUPPLEMENT: {"reporter": Kind.STATUS_CHANGED},
    Action.DISPATCH: {"reporter": Kind.STATUS_CHANGED, "opd": Kind.DISPATCHED},
    Action.RETURN: {},
    Action.ACCEPT: {"reporter": Kind.STATUS_CHANGED},
    Action.ANSWER: {"reporter": Kind.ANSWERED},
    Action.CONFIRM: {"reporter": Kind.CLOSED},
    Action.REOPEN: {"reporter": Kind.STATUS_CHANGED, "opd": Kind.DISPATCHED},
    Action.RESUME: {"reporter": Kind.STATUS_CHANGED},
    Action.AUTO_CLOSE: {"reporter": Kind.CLOSED},
    Action.FORWARD: {"reporter": Kind.STATUS_CHANGED},
    Action.ARCHIVE: {"reporter": Kind.STATUS_CHANGED},
}
TEXT = "Laporan tidak dilengkapi dalam batas waktu."


class WorkflowEffectsTest(SweepTestCase):
    def setUp(self):
        WebhookEndpoint.objects.create(jurisdiction=self.city, name="Dasbor kota", url="https://dasbor.contoh.go.id/h")

    def in_status(self, status: Status, *, at) -> Complaint:
        complaint, _ = self._submit_at(at)
        return self.advance(complaint, *PATHS[status], **EXTRA)

    def audience(self, row: Notification) -> str:
        """Which of the declared audiences an outbox row is for."""
        if row.channel == Channel.WEBHOOK:
            return "webhooks"
        if row.recipient == "budi@example.id":
            return "reporter"
        return {self.petugas_a: "opd", self.kepala_a: "opd", self.admin: "admin"}.get(row.recipient_user, "?")

    def told(self, event: ComplaintEvent) -> set[tuple[str, str]]:
        return {(self.audience(row), row.kind) for row in Notification.objects.filter(event=event)}

    def test_the_machine_runs_the_table(self):
        self.assertIs(WORKFLOW.transitions, TRANSITIONS)

    def test_every_row_declares_what_follows_and_an_app_delivers_it(self):
        self.assertEqual(WORKFLOW.unbound(), [])
        self.assertEqual([e for e in checks.run_checks() if e.id == "complaints.E001"], [])
        self.assertEqual(
            {action: dict(rule.effects.notify) for action, rule in TRANSITIONS.items()},
            {action: {**told, "webhooks": Kind.WEBHOOK} for action, told in TOLD.items()},
        )
        for rule in TRANSITIONS.values():
            with self.subTest(rule.action):
                # Every step changes the status the search document holds, and is posted to subscribers.
                self.assertEqual(rule.effects.refresh, ("search",))
                if not rule.public:
                    self.assertNotIn("reporter", rule.effects.notify)

    def test_a_transition_tells_exactly_the_audiences_its_row_declares_and_refreshes_the_search_document(self):
        persona = {Actor.ADMIN: self.admin, Actor.OPD: self.petugas_a, Actor.REPORTER: None, Actor.SYSTEM: None}
        for rule in TRANSITIONS.values():
            for capacity in sorted(rule.actors):
                with self.subTest(action=rule.action, acting_as=capacity):
                    source = min(s for s in rule.sources if s in PATHS)
                    complaint = self.in_status(source, at=wib(2026, 6, 1, 10))
                    moved = complaint_transition(
                        complaint=complaint,
                        action=rule.action,
                        actor=persona[capacity],
                        acting_as=capacity,
                        text="alasan",
                        **EXTRA,
                    )
                    event = moved.events.order_by("-id").first()
                    # The declaration, less the audience that acted: a reporter is not told of their own step.
                    expected = {(a, k) for a, k in rule.effects.notify.items() if a != capacity}
                    self.assertEqual(self.told(event), expected)
                    self.assertEqual(list(disagreements()), [])

    def test_a_batch_gets_what_one_case_gets(self):
        at, then = wib(2026, 6, 1, 10), wib(2026, 8, 3, 9)
        for rule in (r for r in TRANSITIONS.values() if Actor.SYSTEM in r.actors):
            with self.subTest(rule.action):
                source = min(s for s in rule.sources if s in PATHS)
                batch = [self.case(*PATHS[source], at=at) for _ in range(3)]
                by_hand = self.case(*PATHS[source], at=at)
                inputs = {"text": TEXT, "archive_reason": ArchiveReason.NEVER_COMPLETED}
                complaint_transition(
                    complaint=by_hand, action=rule.action, actor=None, acting_as=Actor.SYSTEM, now=then, **inputs
                )
                marks = ",".join(["%s"] * len(batch))
                pairs = complaint_transition_bulk(
                    action=rule.action,
                    candidates=f"SELECT id FROM {Complaint._meta.db_table} WHERE id IN ({marks})",  # noqa: S608
                    params=[c.pk for c in batch],
                    now=then,
                    **inputs,
                )
                self.assertEqual([pk for pk, _event in pairs], sorted(c.pk for c in batch))
                by_hand.refresh_from_db()
                self.assertEqual(by_hand.status, rule.target)
                self.assertIsNone(by_hand.paused_days_left)
                handled = by_hand.events.order_by("-id").first()
                self.assertEqual(self.told(handled), set(rule.effects.notify.items()))
                outbox = Notification.objects.filter(event=handled).values_list("kind", "channel", "recipient")
                for case in batch:
                    case.refresh_from_db()
                    swept = case.events.order_by("-id").first()
                    self.assertEqual(fields(case), fields(by_hand))
                    self.assertEqual(swept.data, handled.data)
                    # The same messages as by hand, and a search document that agrees with the case.
                    self.assertEqual(
                        sorted(Notification.objects.filter(event=swept).values_list("kind", "channel", "recipient")),
                        sorted(outbox),
                    )
                self.assertEqual(list(disagreements()), [])

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
