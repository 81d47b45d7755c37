from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.utils import translation

from sigap.accounts.principal import principal_for
from sigap.complaints.models import ComplaintEvent
from sigap.complaints.services import TransitionError, complaint_transition
from sigap.complaints.workflow import TRANSITIONS, Action, Actor, ArchiveReason, CloseReason, Status, available_actions
from sigap.test import BaseTestCase

WIB = ZoneInfo("Asia/Jakarta")

# How to bring a fresh complaint into each status.
PATHS: dict[Status, list[Action]] = {
    Status.RECEIVED: [],
    Status.INCOMPLETE: [Action.REQUEST_INFO],
    Status.VERIFIED: [Action.VERIFY],
    Status.DISPATCHED: [Action.VERIFY, Action.DISPATCH],
    Status.IN_FOLLOWUP: [Action.VERIFY, Action.DISPATCH, Action.ACCEPT],
    Status.ANSWERED: [Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER],
    Status.REOPENED: [Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.REOPEN],
    Status.CLOSED: [Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.CONFIRM],
    Status.FORWARDED: [Action.FORWARD],
    Status.ARCHIVED: [Action.ARCHIVE],
}
EXTRA = {"archive_reason": ArchiveReason.SPAM, "forwarded_to": "Kantor Pertanahan Kota Contoh"}


class TransitionTableTest(BaseTestCase):
    def in_status(self, status):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, *PATHS[status], **EXTRA)
        self.assertEqual(complaint.status, status)
        return complaint

    def test_every_action_works_from_its_sources_and_only_from_them(self):
        for status in Status:
            for action, rule in TRANSITIONS.items():
                with self.subTest(status=status, action=action):
                    complaint = self.in_status(status)
                    capacity = sorted(rule.actors)[0]
                    actor = {Actor.ADMIN: self.admin, Actor.OPD: self.petugas_a}.get(capacity)
                    if status in rule.sources:
                        moved = complaint_transition(
                            complaint=complaint, action=action, actor=actor, acting_as=capacity, text="alasan", **EXTRA
                        )
                        self.assertEqual(moved.status, rule.target)
                    else:
                        with self.assertRaises(TransitionError):
                            complaint_transition(
                                complaint=complaint,
                                action=action,
                                actor=actor,
                                acting_as=capacity,
                                text="alasan",
                                **EXTRA,
                            )

    def test_a_capacity_not_in_the_table_is_refused(self):
        complaint = self.in_status(Status.RECEIVED)
        with self.assertRaises(PermissionDenied):
            complaint_transition(complaint=complaint, action=Action.VERIFY, actor=self.petugas_a, acting_as=Actor.OPD)
        answered = self.in_status(Status.ANSWERED)
        with self.assertRaises(PermissionDenied):
            complaint_transition(complaint=answered, action=Action.CONFIRM, actor=self.petugas_a, acting_as=Actor.OPD)

    def test_the_refusal_names_the_status_and_the_action(self):
        complaint = self.in_status(Status.CLOSED)
        with translation.override("en"), self.assertRaisesMessage(TransitionError, "“Closed”"):
            complaint_transition(complaint=complaint, action=Action.VERIFY, actor=self.admin, acting_as=Actor.ADMIN)
        with self.assertRaisesMessage(TransitionError, "“Selesai”"):
            complaint_transition(complaint=complaint, action=Action.VERIFY, actor=self.admin, acting_as=Actor.ADMIN)

    def test_actions_that_need_a_reason_refuse_an_empty_one(self):
        complaint = self.in_status(Status.RECEIVED)
        with self.assertRaises(TransitionError):
            complaint_transition(
                complaint=complaint, action=Action.REQUEST_INFO, actor=self.admin, acting_as=Actor.ADMIN, text="  "
            )

    def test_available_actions_follow_the_table(self):
        self.assertEqual(
            available_actions(Status.RECEIVED, {Actor.ADMIN}),
            [Action.VERIFY, Action.REQUEST_INFO, Action.FORWARD, Action.ARCHIVE],
        )
        self.assertEqual(available_actions(Status.ANSWERED, {Actor.REPORTER}), [Action.CONFIRM, Action.REOPEN])
        self.assertEqual(available_actions(Status.CLOSED, {Actor.ADMIN, Actor.OPD, Actor.REPORTER}), [])


class TransitionEffectsTest(BaseTestCase):
    def test_dispatch_assigns_the_categorys_default_opd(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH)
        self.assertEqual(complaint.opd, self.opd_a)
        self.assertIsNotNone(complaint.dispatched_at)

    def test_dispatch_to_an_opd_of_another_jurisdiction_is_refused(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY)
        with self.assertRaises(TransitionError):
            complaint_transition(
                complaint=complaint, action=Action.DISPATCH, actor=self.admin, acting_as=Actor.ADMIN, opd=self.opd_other
            )

    def test_dispatch_without_a_category_needs_an_opd(self):
        complaint, _ = self.submit(category=None)
        complaint = self.advance(complaint, Action.VERIFY)
        with self.assertRaisesMessage(TransitionError, "OPD"):
            self.advance(complaint, Action.DISPATCH)
        complaint = self.advance(complaint, Action.DISPATCH, opd=self.opd_b)
        self.assertEqual(complaint.opd, self.opd_b)

    def test_the_opd_can_return_a_case_that_is_not_theirs(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH, Action.RETURN)
        self.assertEqual(complaint.status, Status.VERIFIED)
        self.assertIsNone(complaint.opd)
        event = complaint.events.latest("id")
        self.assertIs(event.is_public, False)
        self.assertEqual(event.data["opd"], [self.opd_a.pk, None])

    def test_each_stage_gets_its_own_deadline(self):
        """Time limits: 3 working days to verify, 5 to respond after dispatch, 60 days to complete
        (UU 25/2009 Pasal 50(1)), 10 working days for the reporter before auto-close."""
        from sigap.complaints.services import Submission, complaint_submit

        monday = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=self.city,
                title="Sampah",
                description="Sampah menumpuk di pasar.",
                is_anonymous=True,
                category=self.roads,
            ),
            now=monday,
        )
        self.assertEqual(complaint.due_at.date(), datetime(2026, 11, 26).date())

        def step(action, when, **kw):
            capacity = sorted(TRANSITIONS[action].actors)[0]
            actor = {Actor.ADMIN: self.admin, Actor.OPD: self.petugas_a}.get(capacity)
            return complaint_transition(
                complaint=complaint, action=action, actor=actor, acting_as=capacity, text="x", now=when, **kw
            )

        complaint = step(Action.VERIFY, monday + timedelta(hours=2))
        self.assertEqual(complaint.due_at.date(), datetime(2026, 11, 26).date())  # same clock until dispatch
        self.assertEqual(complaint.completion_due_at.date(), datetime(2027, 1, 22).date())
        complaint = step(Action.DISPATCH, datetime(2026, 11, 24, 9, 0, tzinfo=WIB))
        self.assertEqual(complaint.due_at.date(), datetime(2026, 12, 1).date())
        complaint = step(Action.ACCEPT, datetime(2026, 11, 25, 9, 0, tzinfo=WIB))
        self.assertEqual(complaint.due_at, complaint.completion_due_at)
        self.assertEqual(complaint.first_response_at, datetime(2026, 11, 25, 9, 0, tzinfo=WIB))
        complaint = step(Action.ANSWER, datetime(2026, 12, 14, 9, 0, tzinfo=WIB))
        self.assertEqual(complaint.due_at.date(), datetime(2026, 12, 30).date())
        complaint = step(Action.AUTO_CLOSE, datetime(2026, 12, 31, 0, 5, tzinfo=WIB))
        self.assertIsNone(complaint.due_at)
        self.assertEqual(complaint.close_reason, CloseReason.SILENCE)

    def test_asking_the_reporter_pauses_the_clock_and_completing_resumes_it(self):
        """UU 25/2009 Pasal 44(4): the reporter has 30 days to complete an incomplete report."""
        from sigap.complaints.services import Submission, complaint_submit

        monday = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=self.city, title="Izin", description="Izin usaha belum terbit.", is_anonymous=True
            ),
            now=monday,
        )
        complaint = complaint_transition(
            complaint=complaint,
            action=Action.REQUEST_INFO,
            actor=self.admin,
            acting_as=Actor.ADMIN,
            text="Mohon sebutkan nomor permohonan.",
            now=datetime(2026, 11, 24, 9, 0, tzinfo=WIB),
        )
        self.assertEqual(complaint.paused_days_left, 2)  # 25 and 26 November were left
        self.assertEqual(complaint.due_at.date(), datetime(2026, 12, 24).date())  # 30 days for the reporter
        complaint = complaint_transition(
            complaint=complaint,
            action=Action.SUPPLEMENT,
            actor=None,
            acting_as=Actor.REPORTER,
            text="Nomor permohonan 123/2026.",
            now=datetime(2026, 12, 4, 10, 0, tzinfo=WIB),  # Friday
        )
        self.assertEqual(complaint.due_at.date(), datetime(2026, 12, 8).date())  # two working days again
        self.assertIsNone(complaint.paused_days_left)

    def test_reopening_counts_and_confirming_on_behalf_is_recorded(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH, Action.ANSWER, Action.REOPEN)
        self.assertEqual(complaint.reopen_count, 1)
        complaint = self.advance(complaint, Action.RESUME, Action.ANSWER)
        complaint = complaint_transition(
            complaint=complaint, action=Action.CONFIRM, actor=self.admin, acting_as=Actor.ADMIN
        )
        self.assertEqual(complaint.close_reason, CloseReason.ON_BEHALF)

    def test_every_transition_is_recorded_with_before_and_after(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH)
        event = complaint.events.filter(kind=ComplaintEvent.Kind.TRANSITION).latest("id")
        self.assertEqual((event.from_status, event.to_status), (Status.VERIFIED, Status.DISPATCHED))
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.actor_role, "admin")
        self.assertEqual(event.data["changes"]["opd"], [None, self.opd_a.pk])
        self.assertEqual(event.data["changes"]["status"], ["verified", "dispatched"])


class CapacityUnderTheLockTest(BaseTestCase):
    """The capacity a staff member acts in comes from the locked row, not from what the page read."""

    def test_an_officer_whose_case_was_returned_and_redispatched_meanwhile_cannot_answer(self):
        complaint, _ = self.submit()
        seen_by_officer = self.advance(complaint, Action.VERIFY, Action.DISPATCH)  # with OPD A
        # Meanwhile OPD A returns it and the administrator sends it to OPD B.
        self.advance(seen_by_officer, Action.RETURN)
        complaint_transition(
            complaint=seen_by_officer, action=Action.DISPATCH, actor=self.admin, principal=principal_for(self.admin),
            opd=self.opd_b,
        )  # fmt: skip
        with self.assertRaises(PermissionDenied):
            complaint_transition(
                complaint=seen_by_officer, action=Action.ANSWER, actor=self.petugas_a,
                principal=principal_for(self.petugas_a), text="Sudah kami perbaiki.",
            )  # fmt: skip
        seen_by_officer.refresh_from_db()
        self.assertEqual((seen_by_officer.status, seen_by_officer.opd_id), (Status.DISPATCHED, self.opd_b.pk))

    def test_the_officer_of_the_holding_opd_acts_as_the_opd(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH)
        complaint = complaint_transition(
            complaint=complaint, action=Action.ACCEPT, actor=self.petugas_a, principal=principal_for(self.petugas_a)
        )
        self.assertEqual(complaint.events.order_by("-id").first().actor_role, Actor.OPD)
