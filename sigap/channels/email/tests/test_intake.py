"""E-mail intake from a real maildir on disk: new complaints, threaded replies, bounces ignored."""

from __future__ import annotations

import io
import mailbox
from email.message import EmailMessage

from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from PIL import Image

from sigap.channels.email import adapter, intake
from sigap.channels.email.sources import fetch_maildir
from sigap.channels.models import InboundMessage
from sigap.channels.services import inbound_process, inbound_store
from sigap.complaints.models import Channel, ComplaintEvent
from sigap.complaints.workflow import Action, Status
from sigap.notifications.models import Kind, Notification
from sigap.notifications.replies import reply_token
from sigap.test import BaseTestCase, Personas

State = InboundMessage.State


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def mail(
    *, sender="Budi Santoso <budi@example.id>", to="pengaduan@contoh.go.id", subject="Jalan rusak di Jl. Merdeka",
    body="Jalan di depan SD Negeri 3 berlubang besar dan membahayakan pengendara.", headers=None, attach=None,
) -> EmailMessage:  # fmt: skip
    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{abs(hash((sender, to, subject, body)))}@mail.example.id>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for name, content, maintype, subtype in attach or []:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message


class MaildirTestCase(BaseTestCase):
    def setUp(self):
        self.city.complaint_email = "pengaduan@contoh.go.id"
        self.city.save()
        import tempfile

        self.dir = tempfile.mkdtemp(prefix="sigap-maildir-") + "/inbox"
        self.box = mailbox.Maildir(self.dir, create=True)

    def deliver(self, *messages: EmailMessage) -> list[InboundMessage]:
        for message in messages:
            self.box.add(message)
        with self.captureOnCommitCallbacks(execute=True):
            return fetch_maildir(self.dir)


class NewComplaintTest(MaildirTestCase):
    def test_a_new_message_opens_a_complaint_with_the_sender_as_reporter_and_the_attachment_kept(self):
        [stored] = self.deliver(mail(attach=[("lubang.png", png(), "image", "png")]))
        self.assertEqual(stored.state, State.FILED)
        complaint = stored.complaint
        self.assertEqual(complaint.channel, Channel.EMAIL)
        self.assertEqual(complaint.jurisdiction, self.city)
        self.assertEqual(complaint.title, "Jalan rusak di Jl. Merdeka")
        self.assertEqual((complaint.reporter.name, complaint.reporter.email), ("Budi Santoso", "budi@example.id"))
        [attachment] = complaint.attachments.all()
        self.assertEqual((attachment.original_name, attachment.content_type), ("lubang.png", "image/png"))
        # Seen at the source, and fetching again files nothing twice.
        self.assertEqual(len(list(self.box.iterkeys())), 1)
        self.assertEqual(self.box.get_message(next(self.box.iterkeys())).get_subdir(), "cur")
        self.assertEqual(fetch_maildir(self.dir), [])
        # The acknowledgement goes back to the sender.
        self.assertTrue(Notification.objects.filter(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT).exists())

    def test_a_forbidden_attachment_is_refused_but_the_complaint_is_kept(self):
        [stored] = self.deliver(mail(attach=[("virus.exe", b"MZ\x90\x00" * 50, "application", "octet-stream")]))
        self.assertEqual(stored.state, State.FILED)
        self.assertEqual(stored.complaint.attachments.count(), 0)
        self.assertIn("virus.exe", stored.error)

    def test_mail_to_an_unknown_address_is_kept_and_marked_failed(self):
        [stored] = self.deliver(mail(to="someone@elsewhere.id"))
        self.assertEqual(stored.state, State.FAILED)
        self.assertIn("no jurisdiction", stored.error)
        self.assertEqual(InboundMessage.objects.count(), 1)

    @override_settings(SIGAP_INTAKE_JURISDICTION="kota-lain")
    def test_the_configured_default_jurisdiction_receives_mail_to_other_addresses(self):
        [stored] = self.deliver(mail(to="aduan@example.id"))
        self.assertEqual(stored.complaint.jurisdiction, self.other_city)

    def test_a_message_too_short_to_be_a_complaint_is_kept_with_the_reason(self):
        [stored] = self.deliver(mail(body="tolong"))
        self.assertEqual(stored.state, State.FAILED)
        self.assertIn("10", stored.error)
        self.assertIn(b"tolong", bytes(stored.raw))

    def test_a_message_without_sender_is_kept_and_marked_failed(self):
        [stored] = self.deliver(mail(sender=None))
        self.assertEqual(stored.state, State.FAILED)
        self.assertIn("alamat pengirim", stored.error)

    def test_a_nul_in_the_message_id_or_from_header_neither_stops_the_mailbox_nor_loses_the_mail(self):
        # PostgreSQL cannot store NUL: storing the message failed, and the maildir was retried forever.
        raw = (
            b"From: Budi <budi@example.id>\x00\nTo: pengaduan@contoh.go.id\nMessage-ID: <nul\x00@mail.example.id>\n"
            b"Subject: Lampu mati\n\nLampu jalan mati sejak seminggu di Jl. Pahlawan."
        )
        self.box.add(raw)
        stored = self.deliver(mail())
        self.assertEqual([m.state for m in stored], [State.FILED, State.FILED])
        self.assertTrue(InboundMessage.objects.filter(external_id="<nul@mail.example.id>").exists())


class AutomaticMailTest(MaildirTestCase):
    def test_bounces_and_auto_replies_are_recognised_and_never_become_complaints(self):
        dsn = mail(sender="MAILER-DAEMON@mail.example.id", subject="Undelivered Mail Returned to Sender")
        dsn.make_mixed()
        dsn.replace_header("Content-Type", 'multipart/report; report-type=delivery-status; boundary="b"')
        cases = {
            "dsn": dsn,
            "auto-submitted": mail(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}),
            "x-autoreply": mail(subject="Cuti", headers={"X-Autoreply": "yes"}),
            "precedence": mail(subject="Newsletter", headers={"Precedence": "bulk"}),
            "null sender": mail(subject="Bounce", headers={"Return-Path": "<>"}),
            "daemon": mail(sender="postmaster@mail.example.id", subject="Delivery failure"),
        }
        for name, message in cases.items():
            with self.subTest(name):
                [stored] = self.deliver(message)
                self.assertEqual(stored.state, State.IGNORED, stored.error)
                self.assertTrue(stored.error)
        self.assertFalse(ComplaintEvent.objects.exists())

    def test_auto_submitted_no_is_a_person(self):
        [stored] = self.deliver(mail(headers={"Auto-Submitted": "no"}))
        self.assertEqual(stored.state, State.FILED)


class ReplyTest(MaildirTestCase):
    def test_a_reply_to_the_signed_address_threads_onto_the_case_without_the_quote(self):
        complaint, _ = self.submit()
        address = f"pengaduan+{reply_token(complaint.tracking_code)}@contoh.go.id"
        body = "Fotonya saya kirim ulang, lubangnya makin besar.\n\nPada Senin, Sigap menulis:\n> Pengaduan diterima"
        [stored] = self.deliver(mail(to=address, subject="Re: Pengaduan diterima", body=body))
        self.assertEqual((stored.state, stored.complaint), (State.THREADED, complaint))
        reply = complaint.events.get(kind=ComplaintEvent.Kind.REPLY)
        self.assertEqual(
            (reply.actor_role, reply.body), ("reporter", "Fotonya saya kirim ulang, lubangnya makin besar.")
        )

    def test_a_reply_quoting_our_message_id_threads_onto_the_case(self):
        with self.captureOnCommitCallbacks(execute=True):
            complaint, _ = self.submit()
        ack = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        message = mail(subject="Re: diterima", body="Terima kasih, saya tambahkan: sudah ada korban jatuh kemarin.",
                       headers={"In-Reply-To": f"<{ack.uuid}@sigap.localhost>"})  # fmt: skip
        [stored] = self.deliver(message)
        self.assertEqual((stored.state, stored.complaint), (State.THREADED, complaint))

    def test_a_reply_to_a_request_to_complete_is_the_supplement(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.REQUEST_INFO)
        address = f"pengaduan+{reply_token(complaint.tracking_code)}@contoh.go.id"
        [stored] = self.deliver(mail(to=address, body="Lokasinya di depan SD Negeri 3, Jl. Merdeka no. 10."))
        complaint.refresh_from_db()
        self.assertEqual((stored.state, complaint.status), (State.THREADED, Status.RECEIVED))

    def test_a_forged_reply_token_does_not_reach_the_case(self):
        complaint, _ = self.submit()
        forged = f"pengaduan+{complaint.tracking_code.replace('-', '')}.000000000000@contoh.go.id"
        [stored] = self.deliver(mail(to=forged))
        self.assertNotEqual(stored.complaint, complaint)
        self.assertFalse(complaint.events.filter(kind=ComplaintEvent.Kind.REPLY).exists())

    def test_a_reply_to_a_finished_case_is_kept_with_the_reason(self):
        complaint, _ = self.submit()
        complaint = self.advance(complaint, Action.ARCHIVE, archive_reason="spam")
        address = f"pengaduan+{reply_token(complaint.tracking_code)}@contoh.go.id"
        [stored] = self.deliver(mail(to=address))
        self.assertEqual((stored.state, stored.complaint), (State.FAILED, complaint))
        self.assertTrue(stored.error)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_parsed_or_refused_with_a_reason(raw):
    try:
        adapter.parse(raw)
    except ValueError as exc:
        assert str(exc)


class FuzzTest(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        Personas.build(cls)
        cls.city.complaint_email = "pengaduan@contoh.go.id"
        cls.city.save()

    def test_nul_characters_are_dropped_not_a_failed_insert(self):
        # Found by the property below on PostgreSQL, which cannot store NUL in text.
        raw = (
            b"From: Budi\x00 <a@example.id>\nTo: pengaduan@contoh.go.id\nSubject: Lampu\x00 mati\n\n"
            b"Lampu jalan mati sejak\x00 seminggu di Jl. Pahlawan."
        )
        message, _ = inbound_store(channel=InboundMessage.Channel.EMAIL, raw=raw)
        handled = inbound_process(message, intake.handle)
        self.assertEqual(handled.state, State.FILED, handled.error)
        self.assertEqual(handled.complaint.title, "Lampu mati")
        self.assertIn("Lampu jalan mati sejak seminggu", handled.complaint.description)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.text(max_size=200),
        st.sampled_from(["", "Subject: x\n", "Content-Type: multipart/mixed; boundary=zz\n", "Auto-Submitted: yes\n"]),
    )
    def test_any_message_ends_stored_with_a_state_never_an_exception(self, text, header):
        raw = f"From: a@example.id\nTo: pengaduan@contoh.go.id\n{header}\n{text}".encode("utf-8", "surrogatepass")
        message, _ = inbound_store(channel=InboundMessage.Channel.EMAIL, raw=raw)
        handled = inbound_process(message, intake.handle)
        self.assertIn(handled.state, {State.FILED, State.FAILED, State.IGNORED})
        self.assertEqual(bytes(InboundMessage.objects.get(pk=message.pk).raw), raw)
