"""Messages between the reporter and staff: who may send one, per status (workflow.MAY_MESSAGE)."""

from __future__ import annotations

from sigap.complaints.models import ComplaintEvent
from sigap.complaints.services import TransitionError, complaint_reply
from sigap.complaints.workflow import Action
from sigap.test import BaseTestCase


class ReplyTest(BaseTestCase):
    def test_staff_and_reporter_may_write_while_the_case_is_open(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH)
        complaint_reply(complaint=complaint, actor=self.petugas_a, acting_as="opd_officer", body="Kami cek besok.")
        complaint_reply(complaint=complaint, actor=None, acting_as="reporter", body="Terima kasih.")
        self.assertEqual(complaint.events.filter(kind=ComplaintEvent.Kind.REPLY).count(), 2)

    def test_staff_cannot_message_the_reporter_on_a_closed_case(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH, Action.ANSWER, Action.CONFIRM)
        with self.assertRaises(TransitionError):
            complaint_reply(complaint=complaint, actor=self.petugas_a, acting_as="opd_officer", body="Satu lagi.")
        with self.assertRaises(TransitionError):
            complaint_reply(complaint=complaint, actor=self.admin, acting_as="complaint_admin", body="Satu lagi.")
        self.assertFalse(complaint.events.filter(kind=ComplaintEvent.Kind.REPLY).exists())

    def test_nor_the_reporter(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.ARCHIVE, archive_reason="spam")
        with self.assertRaises(TransitionError):
            complaint_reply(complaint=complaint, actor=None, acting_as="reporter", body="Kenapa diarsipkan?")

    def test_a_stale_page_cannot_message_a_case_closed_meanwhile(self):
        complaint, _ = self.submit()
        stale = self.advance(complaint, Action.VERIFY, Action.DISPATCH, Action.ANSWER)
        self.advance(stale, Action.CONFIRM)
        stale.status = "answered"  # what the page read before the reporter confirmed
        with self.assertRaises(TransitionError):
            complaint_reply(complaint=stale, actor=self.petugas_a, acting_as="opd_officer", body="Tambahan.")
