"""SMS and WhatsApp gateways: signed inbound webhook, replies through the outbound hook (a real HTTP server)."""

from __future__ import annotations

import json

from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.channels.gateway import adapter
from sigap.channels.models import InboundMessage
from sigap.complaints.models import Channel, Complaint
from sigap.notifications import webhooks
from sigap.notifications.models import Kind, Notification, State
from sigap.notifications.tests.servers import http_receiver
from sigap.test import BaseTestCase

SECRET = "gateway-shared-secret"


class GatewayTestCase(BaseTestCase):
    channel = "whatsapp"

    def setUp(self):
        server = http_receiver()
        self.gateway = server.__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        config = override_settings(
            SIGAP_USE_WHATSAPP=True, SIGAP_WHATSAPP_SECRET=SECRET,
            SIGAP_WHATSAPP_OUTBOUND_URL=f"{self.gateway.url}/send",
            SIGAP_USE_SMS=True, SIGAP_SMS_SECRET=SECRET, SIGAP_SMS_OUTBOUND_URL=f"{self.gateway.url}/sms",
        )  # fmt: skip
        config.enable()
        self.addCleanup(config.disable)

    def post(self, payload, *, secret=SECRET, raw=None, channel=None, signature=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {"X-Sigap-Signature": signature if signature is not None else webhooks.sign(secret, body)}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                f"/kanal/{channel or self.channel}/kota-contoh/", body, content_type="application/json", headers=headers
            )

    def texts(self):
        return [r.json()["text"] for r in self.gateway.requests]


class ReportTest(GatewayTestCase):
    def test_a_message_files_a_complaint_and_the_tracking_code_goes_back_through_the_gateway(self):
        response = self.post({"id": "wamid.1", "from": "0812-3456-7890", "name": "Sari",
                              "text": "LAPOR Lampu jalan di Jl. Veteran mati sejak Senin"})  # fmt: skip
        self.assertEqual(response.status_code, 200)
        code = response.json()["tracking_code"]
        complaint = Complaint.objects.get(tracking_code=code)
        self.assertEqual(
            (complaint.channel, complaint.reporter.phone, complaint.reporter.name),
            (Channel.WHATSAPP, "+6281234567890", "Sari"),
        )
        [sent] = self.gateway.requests
        self.assertEqual(sent.path, "/send")
        self.assertEqual(sent.json()["to"], "6281234567890")
        self.assertIn(code, sent.json()["text"])
        self.assertTrue(webhooks.verify(SECRET, sent.body, sent.headers["X-Sigap-Signature"]))
        self.assertEqual(Notification.objects.get(kind=Kind.ACKNOWLEDGEMENT, complaint=complaint).state, State.SENT)

    def test_the_gateway_retrying_the_same_message_files_nothing_twice(self):
        payload = {"id": "sms-77", "from": "+6281234567890", "text": "Sampah menumpuk di pasar besar sudah seminggu"}
        first = self.post(payload, channel="sms")
        second = self.post(payload, channel="sms")
        self.assertEqual(first.json()["status"], "filed")
        self.assertEqual(second.json()["status"], "duplicate")
        self.assertEqual(Complaint.objects.count(), 1)
        self.assertEqual(len(self.gateway.requests), 1)

    def test_status_is_answered_only_to_the_number_that_filed(self):
        filed = self.post({"id": "1", "from": "081234567890", "text": "LAPOR Jalan rusak parah di Jl. Pahlawan"})
        code = filed.json()["tracking_code"]
        mine = self.post({"id": "2", "from": "+62 812 3456 7890", "text": f"status {code.lower()}"})
        self.assertEqual(mine.json()["status"], "answered")
        self.assertIn("Diterima", mine.json()["reply"])
        stranger = self.post({"id": "3", "from": "081299999999", "text": f"STATUS {code}"})
        self.assertEqual(stranger.json()["status"], "unknown")
        self.assertNotIn("Diterima", stranger.json()["reply"])
        self.assertEqual(len(self.gateway.requests), 3)

    def test_an_unknown_command_gets_the_help_text(self):
        response = self.post({"id": "9", "from": "081234567890", "text": "halo"})
        self.assertEqual(response.json()["status"], "help")
        self.assertIn("LAPOR", self.texts()[0])
        self.assertEqual(Complaint.objects.count(), 0)

    def test_english_speakers_get_english_answers(self):
        self.post({"id": "9", "from": "081234567890", "text": "hi", "language": "en"})
        self.assertIn("To file a complaint", self.texts()[0])


class NulCharacterTest(GatewayTestCase):
    def test_nul_characters_are_dropped_and_the_complaint_still_filed(self):
        # PostgreSQL cannot store NUL in text: storing the message, or filing it, would fail.
        payload = {"id": "sms-\x0088", "from": "+62812\x003456 7890", "name": "Sa\x00ri",
                   "text": "LAPOR Lampu jalan\x00 di Jl. Veteran mati sejak Senin"}  # fmt: skip
        response = self.post(payload, channel="sms")
        self.assertEqual(response.status_code, 200, response.content)
        stored = InboundMessage.objects.get()
        self.assertEqual((stored.external_id, stored.sender), ("sms-88", "+628123456 7890"))
        complaint = Complaint.objects.get(tracking_code=response.json()["tracking_code"])
        self.assertEqual(complaint.description, "Lampu jalan di Jl. Veteran mati sejak Senin")
        self.assertEqual((complaint.reporter.name, complaint.reporter.phone), ("Sari", "+6281234567890"))
        self.assertEqual(self.post(payload, channel="sms").json()["status"], "duplicate")


class RefusalTest(GatewayTestCase):
    def test_a_bad_signature_is_refused_with_403_and_nothing_is_stored(self):
        payload = {"id": "1", "from": "081234567890", "text": "LAPOR jalan rusak di mana-mana"}
        for signature in ("", "t=1,v1=00", webhooks.sign("wrong-secret", json.dumps(payload).encode())):
            with self.subTest(signature=signature):
                self.assertEqual(self.post(payload, signature=signature).status_code, 403)
        self.assertFalse(InboundMessage.objects.exists())

    def test_a_switched_off_gateway_or_unknown_place_is_404(self):
        payload = {"id": "1", "from": "081234567890", "text": "LAPOR jalan rusak di mana-mana"}
        with override_settings(SIGAP_USE_SMS=False):
            self.assertEqual(self.post(payload, channel="sms").status_code, 404)
        self.assertEqual(self.post(payload, channel="telegram").status_code, 404)

    def test_a_malformed_payload_is_answered_400_and_kept_for_staff(self):
        cases = {
            b"not json": "JSON",
            b"[1, 2]": "object",
            json.dumps({"id": "m1", "text": "x"}).encode(): "from",
            json.dumps({"id": "m2", "from": "abc", "text": "LAPOR jalan"}).encode(): "phone",
        }
        for raw, word in cases.items():
            with self.subTest(raw=raw):
                response = self.post(None, raw=raw)
                self.assertEqual(response.status_code, 400)
                self.assertIn(word, response.json()["error"])
                stored = InboundMessage.objects.get(pk=response.json()["message"])
                self.assertEqual((bytes(stored.raw), stored.state), (raw, InboundMessage.State.FAILED))

    def test_an_anonymous_visitor_cannot_use_get(self):
        self.assertEqual(self.client.get("/kanal/whatsapp/kota-contoh/").status_code, 405)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=500))
def test_the_parser_accepts_or_refuses_any_body_with_a_reason(raw):
    try:
        parsed = adapter.parse(raw)
    except adapter.PayloadError as exc:
        assert str(exc)
    else:
        assert parsed.sender.isdigit()
        assert adapter.command(parsed.text).kind in {"report", "status", "help"}


@given(st.text(max_size=300))
def test_every_text_is_a_command(text):
    assert adapter.command(text).kind in {"report", "status", "help"}
