"""Requests for clarification sent to a focal point: deadline, reminder, second request, waiver, answer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from sigap.accounts.models import Role
from sigap.accounts.services import role_grant
from sigap.complaints.uploads import clean_upload
from sigap.oversight.models import InformationRequest, Requester, RequestKind, RequestStatus
from sigap.oversight.receipts import ReceiptVia
from sigap.oversight.services import (
    Addressee,
    RequestError,
    SweepResult,
    request_answer,
    request_record_receipt,
    request_send,
    requests_sweep,
)
from sigap.test import BaseTestCase, make_user

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="jawaban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# Mail is switched on (Django's in-memory backend catches it); each recipient gets their own message.
@override_settings(SIGAP_SEND_EMAIL=True)
class RequestTestCase(BaseTestCase):
    def send(self, now=MONDAY, **kw):
        fields = {
            "requester": Requester.OMBUDSMAN,
            "kind": RequestKind.CLARIFICATION,
            "to": Addressee(jurisdiction=self.city, opd=self.opd_a),
            "subject": "Klarifikasi laporan PBG",
            "questions": "Mohon jelaskan mengapa permohonan PBG belum diproses.",
            "actor": self.ombudsman,
            "now": now,
        }
        fields.update(kw)
        with self.captureOnCommitCallbacks(execute=True):
            return request_send(**fields)

    def sweep(self, now):
        with self.captureOnCommitCallbacks(execute=True):
            return requests_sweep(now=now)


class DeadlineTest(RequestTestCase):
    def test_the_focal_point_has_14_days_from_receipt_to_answer(self):
        """UU 37/2008 Pasal 33(1) (read-in-text): a written explanation within 14 days "terhitung sejak tanggal
        diterimanya permintaan penjelasan". Sent Mon 2 Mar 2026, opened by the focal point in Sigap on Wed
        4 Mar → due Wed 18 Mar 2026 (4 + 14), reminder 3 days before, Sun 15 Mar 08:00."""
        request = self.send()
        self.assertIsNone(request.due_at)
        request_record_receipt(request=request, via=ReceiptVia.SIGAP, actor=self.focal_a, acting_as="focal_point",
                               now=datetime(2026, 3, 4, 10, 0, tzinfo=WIB))  # fmt: skip
        request.refresh_from_db()
        self.assertEqual(request.due_at, datetime(2026, 3, 18, 23, 59, 59, tzinfo=WIB))
        self.assertEqual(request.remind_at, datetime(2026, 3, 15, 8, 0, tzinfo=WIB))
        self.assertEqual(list(request.events.values_list("kind", flat=True)), ["sent", "received"])

    def test_sending_mails_the_focal_point_and_the_head_of_the_opd(self):
        self.send()
        self.assertEqual(sorted(m.to for m in mail.outbox), [["focal_a@contoh.go.id"], ["kepala_a@contoh.go.id"]])
        for message in mail.outbox:
            self.assertIn("Klarifikasi laporan PBG", message.subject)
            self.assertIn(reverse("oversight:request", args=[InformationRequest.objects.get().pk]), message.body)

    def test_a_request_to_the_jurisdiction_goes_to_its_own_focal_point(self):
        focal = make_user("focal_kota")
        role_grant(user=focal, role=Role.FOCAL_POINT, jurisdiction=self.city, actor=None)
        self.send(to=Addressee(jurisdiction=self.city, opd=None))
        self.assertEqual(mail.outbox[0].to, ["focal_kota@contoh.go.id"])

    def test_the_reminder_goes_out_once_however_often_the_sweep_runs(self):
        self.send()
        # No receipt recorded: from Mon 9 Mar 09:00 the clock counts from the sending date (due Mon 16 Mar).
        self.sweep(datetime(2026, 3, 9, 9, 0, tzinfo=WIB))
        mail.outbox.clear()
        self.assertEqual(self.sweep(datetime(2026, 3, 13, 7, 59, tzinfo=WIB)).reminded, 0)
        self.assertEqual(self.sweep(datetime(2026, 3, 13, 8, 0, tzinfo=WIB)).reminded, 1)
        self.assertEqual(self.sweep(datetime(2026, 3, 13, 9, 0, tzinfo=WIB)).reminded, 0)
        self.assertEqual(sorted(m.to for m in mail.outbox), [["focal_a@contoh.go.id"], ["kepala_a@contoh.go.id"]])
        self.assertEqual(InformationRequest.objects.get().reminders_sent, 1)

    def test_no_answer_brings_a_second_request_then_the_right_to_answer_is_waived(self):
        """UU 37/2008 Pasal 33: no answer in 14 days → a second request with another 14 days; no answer
        again → the terlapor is deemed not to use its right to answer. No receipt is ever recorded, so each
        clock counts from its sending date once the 7 days of presumption pass: sent Mon 2 Mar → due 16 Mar;
        second request Tue 17 Mar → due Tue 31 Mar."""
        request = self.send()
        result = self.sweep(datetime(2026, 3, 17, 0, 5, tzinfo=WIB))
        self.assertEqual((result.presumed, result.second_requests), (1, 1))
        request.refresh_from_db()
        self.assertEqual(request.status, RequestStatus.SECOND)
        # Pasal 33(2)-(3): the second request waits for its own receipt.
        self.assertEqual((request.due_at, request.presume_receipt_at), (None, datetime(2026, 3, 24, 0, 5, tzinfo=WIB)))
        self.assertEqual(self.sweep(datetime(2026, 3, 17, 0, 6, tzinfo=WIB)).second_requests, 0)
        self.assertEqual(self.sweep(datetime(2026, 3, 24, 0, 5, tzinfo=WIB)).presumed, 1)
        request.refresh_from_db()
        self.assertEqual(request.due_at, datetime(2026, 3, 31, 23, 59, 59, tzinfo=WIB))
        mail.outbox.clear()
        self.assertEqual(self.sweep(datetime(2026, 4, 1, 0, 5, tzinfo=WIB)).waived, 1)
        waiver_mail = list(mail.outbox)
        request.refresh_from_db()
        self.assertEqual(request.status, RequestStatus.WAIVED)
        # The reminders fell due only after their deadlines had passed (the sweep did not run), so they were dropped.
        self.assertEqual(
            list(request.events.values_list("kind", flat=True)),
            ["sent", "received", "second_request", "received", "waived"],
        )
        # The Ombudsman officer learns of the waiver.
        self.assertIn(["ombudsman@contoh.go.id"], [m.to for m in waiver_mail])

    def test_an_answer_after_the_waiver_is_refused(self):
        request = self.send()
        self.sweep(datetime(2026, 3, 17, tzinfo=WIB))
        self.sweep(datetime(2026, 4, 1, tzinfo=WIB))
        with translation.override("en"), self.assertRaisesMessage(RequestError, "can no longer be answered"):
            request_answer(request=request, body="Terlambat", actor=self.focal_a, acting_as="focal_point")


class AnswerTest(RequestTestCase):
    def test_the_focal_point_answers_with_documents_and_the_requester_is_told(self):
        request = self.send()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            answer = request_answer(request=request, body="PBG sudah diproses.", files=[clean_upload(pdf())],
                                    actor=self.focal_a, acting_as="focal_point")  # fmt: skip
        request.refresh_from_db()
        self.assertEqual((request.status, request.remind_at), (RequestStatus.ANSWERED, None))
        self.assertEqual(answer.documents.get().original_name, "jawaban.pdf")
        self.assertEqual(mail.outbox[0].to, ["ombudsman@contoh.go.id"])
        self.assertEqual(self.sweep(datetime(2026, 4, 30, tzinfo=WIB)), SweepResult())

    def test_an_empty_answer_is_refused(self):
        request = self.send()
        with self.assertRaises(ValidationError):
            request_answer(request=request, body="  ", actor=self.focal_a, acting_as="focal_point")

    def test_a_request_needs_a_subject_and_questions(self):
        with self.assertRaises(ValidationError) as caught:
            self.send(subject=" ", questions="?")
        self.assertEqual(set(caught.exception.message_dict), {"subject", "questions"})
        self.assertFalse(InformationRequest.objects.exists())
