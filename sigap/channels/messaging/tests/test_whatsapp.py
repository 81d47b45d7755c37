"""WhatsApp Business Platform (Cloud API): the webhook, the conversation and the updates, against a fake Graph API."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from django.test import override_settings
from django.utils import timezone
from PIL import Image

from sigap.channels.messaging.outbound import whatsapp_opt_in
from sigap.channels.messaging.tests import payloads as p
from sigap.channels.messaging.tests.fakes import FakeGraph, serve
from sigap.channels.models import InboundMessage, MessagingAccount, MessagingContact, Messenger, OutboundDelivery
from sigap.channels.wacloud.adapter import sign
from sigap.complaints.models import Channel, Complaint
from sigap.complaints.workflow import Action, Status
from sigap.notifications.models import Kind, Notification, State
from sigap.notifications.services import notification_deliver
from sigap.organisations.models import Jurisdiction
from sigap.test import BaseTestCase

APP_SECRET = "meta-app-secret"
VERIFY_TOKEN = "verify-me"


class WhatsAppTestCase(BaseTestCase):
    def setUp(self):
        server = serve(FakeGraph(media={"media-photo": (p.jpeg_with_gps(), "image/jpeg")}))
        self.graph = server.__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        config = override_settings(
            SIGAP_USE_WHATSAPP_CLOUD=True,
            SIGAP_WHATSAPP_CLOUD_VERIFY_TOKEN=VERIFY_TOKEN,
            SIGAP_WHATSAPP_CLOUD_APP_SECRET=APP_SECRET,
            SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN=self.graph.token,
            SIGAP_WHATSAPP_CLOUD_API_BASE=self.graph.base,
            SIGAP_INTAKE_JURISDICTION="",
        )
        config.enable()
        self.addCleanup(config.disable)
        self.account = MessagingAccount.objects.create(
            kind=Messenger.WA_CLOUD,
            jurisdiction=self.city,
            external_id=p.PHONE_NUMBER_ID,
            templates={
                "default": {"name": "sigap_kabar", "language": "id"},
                "answered": {"name": "sigap_jawaban", "language": "id", "quick_replies": 2},
            },
        )

    def post(self, *messages, statuses=(), secret=APP_SECRET, raw=None, phone_number_id=p.PHONE_NUMBER_ID):
        body = (
            raw
            if raw is not None
            else p.dumps(
                p.wa_envelope(messages=list(messages), statuses=list(statuses), phone_number_id=phone_number_id)
            )
        )
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/kanal/wa-cloud/",
                body,
                content_type="application/json",
                headers={"X-Hub-Signature-256": sign(secret, body)},
            )

    def last_sent(self):
        return self.graph.sent[-1]


class VerificationTest(WhatsAppTestCase):
    def test_meta_verifies_the_webhook_with_the_verify_token(self):
        ok = self.client.get(
            "/kanal/wa-cloud/",
            {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
        )
        self.assertEqual((ok.status_code, ok.content), (200, b"1158201444"))
        wrong = self.client.get(
            "/kanal/wa-cloud/", {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"}
        )
        self.assertEqual(wrong.status_code, 403)

    def test_a_wrong_signature_is_refused_and_nothing_is_stored(self):
        response = self.post(p.wa_text("Lampu jalan mati di Jl. Veteran"), secret="someone-else")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(InboundMessage.objects.exists())

    def test_switched_off_is_404(self):
        with override_settings(SIGAP_USE_WHATSAPP_CLOUD=False):
            self.assertEqual(self.post(p.wa_text("Lampu jalan mati di Jl. Veteran")).status_code, 404)

    def test_a_signed_body_that_is_not_the_contract_is_kept_as_failed_and_answered_400(self):
        response = self.post(raw=b'{"object": "page", "entry": []}')
        self.assertEqual(response.status_code, 400)
        stored = InboundMessage.objects.get()
        self.assertEqual((stored.channel, stored.state), (InboundMessage.Channel.WA_CLOUD, InboundMessage.State.FAILED))
        self.assertIn("whatsapp_business_account", stored.error)
        self.assertEqual(self.post(raw=b'{"object": "page", "entry": []}').status_code, 400)
        self.assertEqual(InboundMessage.objects.count(), 1)


class ConversationTest(WhatsAppTestCase):
    def test_the_whole_loop_from_conversation_to_rating(self):
        # A conversation: text, photo, location. Each is answered with the draft and Send / Change buttons.
        self.post(p.wa_text("Lampu jalan di Jl. Veteran mati sejak Senin, gelap sekali"))
        prompt = self.last_sent()
        self.assertEqual(
            (prompt["to"], prompt["type"], prompt["interactive"]["type"]), (p.WA_ID, "interactive", "button")
        )
        self.assertEqual([b["reply"]["id"] for b in prompt["interactive"]["action"]["buttons"]], ["kirim", "ubah"])
        self.assertEqual([b["reply"]["title"] for b in prompt["interactive"]["action"]["buttons"]], ["Kirim", "Ubah"])
        self.post(p.wa_image("media-photo", caption="Ini fotonya"))
        self.post(p.wa_location(-7.6453, 112.9075))
        self.assertIn("Lokasi", self.last_sent()["interactive"]["body"]["text"])
        self.assertFalse(Complaint.objects.exists())

        # Send: one complaint with the photo (fetched from the Graph API, EXIF gone) and the place.
        self.post(p.wa_button("kirim", "Kirim"))
        complaint = Complaint.objects.get()
        self.assertEqual(
            (complaint.channel, complaint.jurisdiction, complaint.reporter.phone, complaint.reporter.name),
            (Channel.WHATSAPP, self.city, "+6281234567890", "Sari"),
        )
        self.assertIn("Ini fotonya", complaint.description)
        self.assertEqual((round(complaint.lat, 4), round(complaint.lng, 4)), (-7.6453, 112.9075))
        [photo] = complaint.attachments.all()
        with Image.open(BytesIO(photo.file.read())) as image:
            self.assertFalse(image.getexif())
        media_calls = [c for c in self.graph.calls if c.method == "GET"]
        self.assertEqual([c.path for c in media_calls], ["/v21.0/media-photo", "/download/media-photo"])
        self.assertTrue(all(c.headers["Authorization"] == f"Bearer {self.graph.token}" for c in media_calls))
        ack = self.last_sent()
        self.assertEqual(ack["type"], "text")
        self.assertIn(complaint.tracking_code, ack["text"]["body"])
        self.assertEqual(
            InboundMessage.objects.filter(state=InboundMessage.State.FILED, complaint=complaint).count(), 4
        )

        # Staff verify, dispatch, answer: each reaches the reporter on WhatsApp.
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        self.assertIn(complaint.tracking_code, self.last_sent()["text"]["body"])
        with self.captureOnCommitCallbacks(execute=True):
            complaint = self.advance(complaint, Action.DISPATCH, opd=self.opd_a)
        self.assertIn("Diteruskan", self.last_sent()["text"]["body"])
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.ACCEPT)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.ANSWER, text="Lampu sudah diganti oleh Dinas PU.")
        answered = self.last_sent()
        self.assertEqual(answered["interactive"]["type"], "button")
        self.assertIn("Lampu sudah diganti", answered["interactive"]["body"]["text"])
        ids = [b["reply"]["id"] for b in answered["interactive"]["action"]["buttons"]]
        self.assertEqual(ids, [f"confirm:{complaint.tracking_code}", f"reopen:{complaint.tracking_code}"])

        # The reporter confirms by interactive reply, then rates from the list.
        self.post(p.wa_button(ids[0], "Selesai"))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.CLOSED)
        closed = self.last_sent()
        self.assertEqual(closed["interactive"]["type"], "list")
        rows = closed["interactive"]["action"]["sections"][0]["rows"]
        self.assertEqual(rows[0]["id"], f"rate:{complaint.tracking_code}:5")
        self.post(p.wa_list(rows[0]["id"]))
        complaint.refresh_from_db()
        self.assertEqual(complaint.rating, 5)
        self.assertIn("Terima kasih", self.last_sent()["text"]["body"])
        # No e-mail and no generic-gateway row: this reporter is reached on WhatsApp only.
        self.assertFalse(Notification.objects.filter(channel="whatsapp").exists())
        self.assertEqual(
            set(Notification.objects.filter(channel="wa_cloud").values_list("state", flat=True)), {State.SENT}
        )
        self.assertFalse(Notification.objects.filter(channel="email", recipient__contains="628").exists())

    def test_the_same_webhook_twice_files_once(self):
        self.post(p.wa_text("Sampah menumpuk di pasar besar sudah seminggu", message_id="wamid.A"))
        submit = p.wa_button("kirim", message_id="wamid.B")
        first = self.post(submit)
        second = self.post(submit)
        self.assertEqual(first.json()["messages"][0]["status"], "filed")
        self.assertEqual(second.json()["messages"][0]["status"], "duplicate")
        self.assertEqual(Complaint.objects.count(), 1)
        self.assertEqual(len(self.graph.sent), 2)  # the prompt and the acknowledgement, once each

    def test_change_discards_the_draft_and_a_short_text_is_not_filed(self):
        self.post(p.wa_text("Jalan rusak parah"))
        self.post(p.wa_button("ubah"))
        self.assertEqual(MessagingContact.objects.get().draft, {})
        self.post(p.wa_text("rusak"))
        self.post(p.wa_button("kirim"))
        self.assertFalse(Complaint.objects.exists())
        self.assertIn("10", self.last_sent()["text"]["body"])

    def test_messages_far_apart_are_separate_drafts(self):
        self.post(p.wa_text("Pohon tumbang menutup jalan Pahlawan"))
        contact = MessagingContact.objects.get()
        contact.draft["last_at"] = (timezone.now() - timedelta(hours=2)).isoformat()
        contact.save()
        self.post(p.wa_text("Saluran air tersumbat di Jl. Merdeka"))
        self.post(p.wa_button("kirim"))
        self.assertEqual(Complaint.objects.get().description, "Saluran air tersumbat di Jl. Merdeka")

    def test_a_refused_attachment_is_named_and_the_complaint_still_filed(self):
        self.graph.media["media-exe"] = (b"MZ\x90\x00not an image", "image/jpeg")
        self.post(p.wa_text("Trotoar rusak di depan kantor pos"), p.wa_image("media-exe"), p.wa_image("media-gone"))
        self.post(p.wa_button("kirim"))
        complaint = Complaint.objects.get()
        self.assertFalse(complaint.attachments.exists())
        refused = [m["text"]["body"] for m in self.graph.sent if m["type"] == "text" and "image" in m["text"]["body"]]
        self.assertTrue(refused)

    def test_an_unknown_number_goes_to_the_intake_jurisdiction_or_is_kept_as_failed(self):
        self.post(p.wa_text("Lampu jalan mati di Jl. Veteran"), phone_number_id="999")
        self.assertEqual(InboundMessage.objects.get().state, InboundMessage.State.FAILED)
        with override_settings(SIGAP_INTAKE_JURISDICTION="kota-lain"):
            self.post(p.wa_text("Lampu jalan mati di Jl. Veteran"), phone_number_id="999")
            self.post(p.wa_button("kirim"), phone_number_id="999")
        self.assertEqual(Complaint.objects.get().jurisdiction, Jurisdiction.objects.get(slug="kota-lain"))
        # The answer goes out from the number the reporter wrote to.
        self.assertTrue(all(c.path == "/v21.0/999/messages" for c in self.graph.calls[-2:]))

    def test_status_only_for_the_number_that_filed(self):
        self.post(p.wa_text("Jalan berlubang di depan SDN 3 Kota Contoh"))
        self.post(p.wa_button("kirim"))
        code = Complaint.objects.get().tracking_code
        self.post(p.wa_text(f"status {code}"))
        self.assertIn(code, self.last_sent()["text"]["body"])
        self.post(p.wa_text(f"STATUS {code}", sender="6289999999999"))
        self.assertNotIn(code, self.last_sent()["text"]["body"])
        # A complaint that happens to start with "cek" is a complaint.
        self.post(p.wa_text("Cek saluran air di Jl. Merdeka, meluap tiap hujan"))
        self.assertEqual(self.last_sent()["type"], "interactive")

    def test_the_reply_to_a_request_for_information_is_the_supplement(self):
        self.post(p.wa_text("Jalan berlubang di depan SDN 3 Kota Contoh"))
        self.post(p.wa_button("kirim"))
        complaint = Complaint.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.REQUEST_INFO, text="Di RT berapa tepatnya?")
        self.assertIn("Di RT berapa", self.last_sent()["text"]["body"])
        self.post(p.wa_text("RT 04 RW 02, depan warung Bu Sri"))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.RECEIVED)
        self.assertTrue(complaint.events.filter(action=Action.SUPPLEMENT, body__contains="RT 04").exists())


class OutboundTest(WhatsAppTestCase):
    def filed(self):
        self.post(p.wa_text("Jalan berlubang di depan SDN 3 Kota Contoh"))
        self.post(p.wa_button("kirim"))
        return Complaint.objects.get()

    def test_outside_the_24_hour_window_an_approved_template_is_sent(self):
        complaint = self.filed()
        MessagingContact.objects.update(last_inbound_at=timezone.now() - timedelta(hours=25))
        with self.captureOnCommitCallbacks(execute=True):
            complaint = self.advance(complaint, Action.VERIFY, Action.DISPATCH, opd=self.opd_a)
        sent = self.last_sent()
        self.assertEqual(sent["type"], "template")
        self.assertEqual((sent["template"]["name"], sent["template"]["language"]["code"]), ("sigap_kabar", "id"))
        self.assertEqual(sent["template"]["components"][0]["parameters"][0]["text"], complaint.tracking_code)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.ACCEPT, Action.ANSWER, text="Sudah ditambal.")
        answered = self.last_sent()["template"]
        self.assertEqual(answered["name"], "sigap_jawaban")
        self.assertEqual(answered["components"][1]["parameters"][0]["payload"], f"confirm:{complaint.tracking_code}")
        self.assertEqual(
            Notification.objects.filter(kind=Kind.ANSWERED, channel="wa_cloud").get().context["mode"], "template"
        )
        # The reporter taps the template's quick-reply button: a "button" message.
        self.post(p.wa_message("button", {"payload": f"confirm:{complaint.tracking_code}", "text": "Selesai"}))
        complaint.refresh_from_db()
        self.assertEqual(complaint.status, Status.CLOSED)

    def test_no_template_outside_the_window_is_a_failed_delivery_not_a_free_text(self):
        self.account.templates = {}
        self.account.save()
        complaint = self.filed()
        MessagingContact.objects.update(last_inbound_at=timezone.now() - timedelta(days=3))
        count = len(self.graph.sent)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        self.assertEqual(len(self.graph.sent), count)
        row = Notification.objects.get(kind=Kind.STATUS_CHANGED, channel="wa_cloud")
        self.assertEqual(row.state, State.RETRYING)
        self.assertIn("template", row.last_error)

    def test_a_rate_limited_send_is_retried_later_with_the_same_outbox_row(self):
        complaint = self.filed()
        self.graph.fail_next = ["rate_limit"]
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        row = Notification.objects.get(kind=Kind.STATUS_CHANGED, channel="wa_cloud")
        self.assertEqual((row.state, row.attempts), (State.RETRYING, 1))
        self.assertIn("130429", row.last_error)
        self.assertTrue(notification_deliver(notification_id=row.pk, now=row.next_attempt_at + timedelta(seconds=1)))
        row.refresh_from_db()
        self.assertEqual((row.state, row.attempts), (State.SENT, 2))
        self.assertEqual(Notification.objects.filter(kind=Kind.STATUS_CHANGED, channel="wa_cloud").count(), 1)
        self.assertIn(complaint.tracking_code, self.last_sent()["text"]["body"])

    def test_an_expired_token_fails_the_send_and_says_so(self):
        complaint = self.filed()
        self.graph.fail_next = ["expired_token"]
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        row = Notification.objects.get(kind=Kind.STATUS_CHANGED, channel="wa_cloud")
        self.assertEqual(row.state, State.RETRYING)
        self.assertIn("access token", row.last_error)
        self.assertIn("190", row.last_error)

    def test_delivery_statuses_are_recorded_on_the_outbox_row(self):
        complaint = self.filed()
        row = Notification.objects.get(kind=Kind.ACKNOWLEDGEMENT, complaint=complaint, channel="wa_cloud")
        wamid = OutboundDelivery.objects.get(notification=row).provider_id
        self.post(statuses=[p.wa_status(wamid, "sent"), p.wa_status(wamid, "read"), p.wa_status(wamid, "delivered")])
        row.refresh_from_db()
        self.assertEqual(row.context["delivery"], "read")
        self.post(statuses=[p.wa_status(wamid, "failed", errors=[{"code": 131047, "title": "Re-engagement message"}])])
        row.refresh_from_db()
        self.assertEqual(row.context["delivery"], "failed")
        self.assertIn("131047", row.last_error)

    def test_berhenti_stops_every_message_and_mulai_starts_them_again(self):
        complaint = self.filed()
        self.post(p.wa_text("BERHENTI"))
        self.assertIn("MULAI", self.last_sent()["text"]["body"])
        count = len(self.graph.sent)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        self.assertEqual(len(self.graph.sent), count)
        self.post(p.wa_text("mulai"))
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.DISPATCH, opd=self.opd_a)
        self.assertIn("Diteruskan", self.last_sent()["text"]["body"])

    def test_a_web_reporter_who_opts_in_gets_updates_on_whatsapp_as_templates(self):
        complaint, _secret = self.submit()
        whatsapp_opt_in(complaint=complaint, phone="0812-3456-7890")
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        sent = self.last_sent()
        self.assertEqual((sent["to"], sent["type"]), (p.WA_ID, "template"))
        self.assertTrue(Notification.objects.filter(kind=Kind.STATUS_CHANGED, channel="email").exists())


class PortalOptInTest(WhatsAppTestCase):
    def form(self, **extra):
        data = {
            "jurisdiction": self.city.pk,
            "kind": "pengaduan",
            "category": self.roads.pk,
            "title": "Jalan berlubang",
            "description": "Lubang di depan pasar sangat dalam dan berbahaya.",
            "reporter_name": "Ani",
            "reporter_phone": "0812-3456-7890",
            "whatsapp_updates": "on",
        }
        data.update(extra)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/lapor/", data, follow=True)

    def test_a_web_reporter_can_ask_for_updates_on_whatsapp(self):
        response = self.form()
        self.assertEqual(response.status_code, 200)
        complaint = Complaint.objects.get()
        self.assertEqual(complaint.channel, Channel.WEB)
        contact = MessagingContact.objects.get()
        self.assertEqual((contact.address, contact.account_key), (p.WA_ID, p.PHONE_NUMBER_ID))
        self.assertIsNotNone(contact.consent_at)
        # The acknowledgement already goes there, as a template (the person has not written to the number).
        sent = self.last_sent()
        self.assertEqual((sent["to"], sent["type"]), (p.WA_ID, "template"))
        self.assertEqual(sent["template"]["components"][0]["parameters"][0]["text"], complaint.tracking_code)

    def test_no_number_is_a_form_error_and_no_whatsapp_account_a_warning(self):
        self.assertContains(self.form(reporter_phone=""), "WhatsApp")
        self.assertFalse(Complaint.objects.exists())
        self.account.delete()
        response = self.form()
        self.assertTrue(Complaint.objects.exists())
        self.assertFalse(MessagingContact.objects.exists())
        self.assertContains(response, "WhatsApp")


class NulCharacterTest(WhatsAppTestCase):
    def test_nul_characters_are_dropped_and_the_complaint_still_filed(self):
        # PostgreSQL cannot store NUL in text: the contact's name, the draft and the complaint would fail.
        text = p.wa_text("Lampu jalan\x00 mati di Jl. Veteran", message_id="wamid.\x00N1")
        drafted = self.post(raw=p.dumps(p.wa_envelope(messages=[text], name="Sa\x00ri")))
        filed = self.post(p.wa_button("kirim"))
        self.assertEqual((drafted.status_code, filed.status_code), (200, 200))
        self.assertEqual(filed.json()["messages"][0]["status"], "filed")
        complaint = Complaint.objects.get()
        self.assertEqual(complaint.description, "Lampu jalan mati di Jl. Veteran")
        self.assertEqual(complaint.reporter.name, "Sari")
        self.assertFalse(InboundMessage.objects.filter(state=InboundMessage.State.FAILED).exists())
        self.assertTrue(InboundMessage.objects.filter(external_id="wamid.N1").exists())
