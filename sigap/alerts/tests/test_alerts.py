"""Alerts through a real SMTP server: double opt-in, the alert on publication and on the answer, unsubscribe."""

from __future__ import annotations

import re

from django.urls import reverse

from sigap.alerts.models import Subscription
from sigap.complaints.services import ReporterDetails
from sigap.complaints.workflow import Action
from sigap.notifications.tests.servers import smtp_sending
from sigap.publicreports.models import Area, PublicReport
from sigap.publicreports.services import public_report_confirm, public_report_create
from sigap.test import BaseTestCase

SUBSCRIBER = "warga.rt05@contoh-warga.id"


def link(message, path: str) -> str:
    found = re.search(rf"https?://[^\s]+{re.escape(path)}[^\s]+/", message.get_content())
    assert found, message.get_content()
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


class AlertLifecycleTest(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.kel = Area.objects.create(jurisdiction=self.city, kind="kelurahan", name="Sukamaju", slug="sukamaju")

    def test_a_kelurahan_subscriber_confirms_gets_the_new_report_and_the_answer_and_can_stop(self) -> None:
        with smtp_sending() as mailbox:
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    reverse("alerts:subscribe"), {"email": SUBSCRIBER, "kind": "kelurahan", "kelurahan": self.kel.pk}
                )
            self.assertContains(response, 'data-testid="check-mail"')
            confirm = next(m for m in mailbox.messages if SUBSCRIBER in m["To"])
            # Nothing is sent to an unconfirmed address.
            confirm_path = link(confirm, "/peringatan/konfirmasi/")
            self.client.post(confirm_path)
            subscription = Subscription.objects.get(email=SUBSCRIBER)
            self.assertIsNotNone(subscription.confirmed_at)

            with self.captureOnCommitCallbacks(execute=True):
                complaint, _secret = self.submit(
                    reporter=ReporterDetails(name="Dewi Anggraini", phone="081377700011"),
                    description="Lampu jalan mati di gang sebelah masjid, hubungi 081377700011.",
                )
                report = public_report_create(complaint=complaint, kelurahan=self.kel)
            with self.captureOnCommitCallbacks(execute=True):
                self.advance(complaint, Action.VERIFY)
            with self.captureOnCommitCallbacks(execute=True):
                public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
            alerts = [m for m in mailbox.messages if SUBSCRIBER in m["To"] and report.title in m["Subject"]]
            self.assertEqual(len(alerts), 1)
            self.assertIn(report.title, alerts[0]["Subject"])
            self.assertIn("List-Unsubscribe", alerts[0])
            with self.captureOnCommitCallbacks(execute=True):
                self.advance(complaint, Action.DISPATCH, Action.ACCEPT)
            with self.captureOnCommitCallbacks(execute=True):
                self.advance(complaint, Action.ANSWER, text="Lampu sudah diganti. Info: Bapak Joko 081299900088.")
            answer = [m for m in mailbox.messages if SUBSCRIBER in m["To"] and "Lampu sudah diganti" in m.get_content()]
            self.assertEqual(len(answer), 1)
            for message in mailbox.messages:
                if SUBSCRIBER in message["To"]:
                    for value in ("Dewi", "081377700011", "Joko", "081299900088"):
                        self.assertNotIn(value, message.as_string())
            public = self.client.get(reverse("publicreports:detail", args=[complaint.tracking_code]))
            self.assertContains(public, "Lampu sudah diganti")
            self.assertNotContains(public, "081299900088")

            # One click (RFC 8058 POST) stops it.
            self.client.post(link(alerts[0], "/peringatan/berhenti/"), {"List-Unsubscribe": "One-Click"})
            before = len(mailbox.messages)
            with self.captureOnCommitCallbacks(execute=True):
                self.advance(complaint, Action.CONFIRM)
            self.assertEqual([m for m in mailbox.messages[before:] if SUBSCRIBER in m["To"]], [])
            self.assertTrue(PublicReport.objects.get(pk=report.pk).is_published)

    def test_an_unconfirmed_subscription_receives_no_alert(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("alerts:subscribe"), {"email": SUBSCRIBER, "kind": "kelurahan", "kelurahan": self.kel.pk}
            )
            complaint, _secret = self.submit()
            report = public_report_create(complaint=complaint, kelurahan=self.kel)
            self.advance(complaint, Action.VERIFY)
            public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        from sigap.notifications.models import Notification

        self.assertEqual(
            list(Notification.objects.filter(recipient=SUBSCRIBER).values_list("kind", flat=True)), ["confirmation"]
        )
