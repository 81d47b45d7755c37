"""Outbound webhooks: signed, retried with the same delivery id, without identities."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import Action
from sigap.notifications import webhooks
from sigap.notifications.models import Kind, Notification, State, WebhookEndpoint
from sigap.notifications.services import notifications_redrive
from sigap.notifications.tests.servers import http_receiver
from sigap.test import BaseTestCase

SECRET = "rahasia-webhook-kota-contoh"


class WebhookTest(BaseTestCase):
    def setUp(self):
        server = http_receiver()
        self.receiver = server.__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        self.endpoint = WebhookEndpoint.objects.create(
            jurisdiction=self.city, name="Dasbor kota", url=f"{self.receiver.url}/hook", secret=SECRET
        )

    def file(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            return self.submit(**overrides)

    def test_each_case_event_is_posted_signed_and_without_identity(self):
        complaint, _ = self.file(is_confidential=True)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        self.assertEqual(len(self.receiver.requests), 2)
        created, verified = self.receiver.requests
        self.assertEqual(created.headers[webhooks.EVENT_HEADER], "complaint.created")
        self.assertTrue(webhooks.verify(SECRET, created.body, created.headers[webhooks.SIGNATURE_HEADER]))
        self.assertFalse(webhooks.verify("wrong", created.body, created.headers[webhooks.SIGNATURE_HEADER]))
        payload = verified.json()
        self.assertEqual((payload["action"], payload["to_status"]), ("verify", "verified"))
        self.assertEqual(payload["complaint"]["tracking_code"], complaint.tracking_code)
        text = created.body.decode() + verified.body.decode()
        for leak in ("Budi", "budi@example.id", "08123456789", "Lubang besar", "Jalan berlubang"):
            self.assertNotIn(leak, text)

    def test_a_new_cases_payload_is_the_one_its_stored_row_gives_with_times_in_utc(self):
        # The outbox plans a new case from the case intake just wrote, not from a read-back:
        # its deadline, computed in local time, must still be sent as the stored row gives it.
        complaint, _ = self.file()
        created = ComplaintEvent.objects.get(complaint=complaint, kind=ComplaintEvent.Kind.CREATED)
        sent = self.receiver.requests[0].json()
        self.assertEqual(sent, webhooks.payload(created, Complaint.objects.get(pk=complaint.pk)))
        self.assertTrue(sent["complaint"]["due_at"].endswith("+00:00"), sent["complaint"]["due_at"])
        self.assertTrue(sent["occurred_at"].endswith("+00:00"), sent["occurred_at"])

    def test_a_failed_delivery_is_retried_with_the_same_delivery_id(self):
        self.receiver.statuses = [500]
        complaint, _ = self.file()
        row = Notification.objects.get(kind=Kind.WEBHOOK, complaint=complaint)
        self.assertEqual(
            (row.state, row.last_error), (State.RETRYING, f"DeliveryError: HTTP 500 from {self.endpoint.url}")
        )
        with time_machine.travel(timezone.now() + timedelta(minutes=2)), self.captureOnCommitCallbacks(execute=True):
            notifications_redrive()
        row.refresh_from_db()
        self.assertEqual(row.state, State.SENT)
        first, second = self.receiver.requests
        self.assertEqual(first.headers[webhooks.DELIVERY_HEADER], str(row.uuid))
        self.assertEqual(second.headers[webhooks.DELIVERY_HEADER], str(row.uuid))
        self.assertEqual(first.body, second.body)

    def test_an_unreachable_receiver_is_recorded_not_raised(self):
        self.endpoint.url = "http://127.0.0.1:9/closed"
        self.endpoint.save()
        complaint, _ = self.file()
        row = Notification.objects.get(kind=Kind.WEBHOOK, complaint=complaint)
        self.assertEqual(row.state, State.RETRYING)
        self.assertIn("cannot reach", row.last_error)

    def test_another_citys_webhook_hears_nothing(self):
        self.endpoint.jurisdiction = self.other_city
        self.endpoint.save()
        self.file()
        self.assertEqual(self.receiver.requests, [])

    def test_signatures_expire_and_break_on_any_change(self):
        body = b'{"a": 1}'
        header = webhooks.sign(SECRET, body, timestamp=1_000_000)
        self.assertTrue(webhooks.verify(SECRET, body, header, now=1_000_100))
        self.assertFalse(webhooks.verify(SECRET, body, header, now=1_000_000 + webhooks.TOLERANCE_SECONDS + 1))
        self.assertFalse(webhooks.verify(SECRET, b'{"a": 2}', header, now=1_000_100))
        self.assertFalse(webhooks.verify(SECRET, body, "garbage", now=1_000_100))
