"""The request e-mail goes through a real SMTP exchange, sent by the job."""

from __future__ import annotations

import socket
import time

from aiosmtpd.controller import Controller
from django.test import override_settings

from sigap.oversight.tests.test_requests import RequestTestCase

SMTP_PORT = 8141


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
        return "250 OK"


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=SMTP_PORT,
    EMAIL_USE_TLS=False,
    SIGAP_SEND_EMAIL=True,
    EMAIL_HOST_USER="",
    EMAIL_HOST_PASSWORD="",
)
class SmtpTest(RequestTestCase):
    def setUp(self):
        self.inbox = Inbox()
        self.server = Controller(self.inbox, hostname="127.0.0.1", port=SMTP_PORT)
        self.server.start()
        self.addCleanup(self.server.stop)
        with socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=5):
            pass

    def test_the_focal_point_receives_the_request_by_smtp(self):
        self.send()
        for _ in range(50):
            if len(self.inbox.messages) >= 2:
                break
            time.sleep(0.05)
        # One message per responder, so no one sees the others' addresses.
        self.assertEqual(
            sorted(recipients for _, recipients, _ in self.inbox.messages),
            [["focal_a@contoh.go.id"], ["kepala_a@contoh.go.id"]],
        )
        for sender, _, content in self.inbox.messages:
            self.assertIn("noreply@sigap.localhost", sender)
            self.assertIn("Klarifikasi", content)
            # The reporter's identity never travels in the mail.
            self.assertNotIn("Budi Santoso", content)

    def test_the_outbox_keeps_one_row_per_responder_and_sending_again_adds_none(self):
        from sigap.notifications.models import Kind, Notification, State
        from sigap.notifications.services import notifications_redrive

        request = self.send()
        rows = Notification.objects.filter(kind=Kind.OVERSIGHT_REQUEST)
        self.assertEqual(rows.count(), 2)
        self.assertEqual(set(rows.values_list("state", flat=True)), {State.SENT})
        notifications_redrive()
        self.assertEqual(rows.count(), 2)
        self.assertEqual(set(rows.values_list("jurisdiction_id", flat=True)), {request.jurisdiction_id})

    @override_settings(SIGAP_SEND_EMAIL=False)
    def test_without_a_configured_mail_server_nothing_is_sent_and_nothing_fails(self):
        request = self.send()
        time.sleep(0.2)
        self.assertEqual(self.inbox.messages, [])
        self.assertEqual(request.events.get().kind, "sent")
