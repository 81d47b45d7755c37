"""WhatsApp alerts against the fake Graph API: opt-in confirmed on WhatsApp, alerts, stop by keyword and link."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from sigap.alerts.models import Subscription
from sigap.channels.messaging.tests import payloads as p
from sigap.channels.messaging.tests.test_whatsapp import WhatsAppTestCase
from sigap.channels.models import MessagingContact
from sigap.complaints.services import ReporterDetails
from sigap.complaints.workflow import Action
from sigap.notifications.models import Channel, Kind, Notification
from sigap.publicreports.models import Area
from sigap.publicreports.services import public_report_confirm, public_report_create


def body(sent: dict) -> str:
    """The text of a sent message: a session text, an interactive body or a template's message parameter."""
    if sent["type"] == "text":
        return sent["text"]["body"]
    if sent["type"] == "interactive":
        return sent["interactive"]["body"]["text"]
    return sent["template"]["components"][0]["parameters"][1]["text"]


class WhatsAppAlertTest(WhatsAppTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.kel = Area.objects.create(jurisdiction=self.city, kind="kelurahan", name="Sukamaju", slug="sukamaju")

    def subscribe(self, number: str = "0812-3456-7890", **extra):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                reverse("alerts:subscribe"),
                {"whatsapp": number, "kind": "kelurahan", "kelurahan": self.kel.pk, **extra},
            )

    def publish(self, title: str = "Lampu jalan mati di gang masjid"):
        with self.captureOnCommitCallbacks(execute=True):
            complaint, _secret = self.submit(
                title=title,
                reporter=ReporterDetails(name="Dewi Anggraini", phone="081377700011"),
                description="Lampu jalan mati di gang sebelah masjid, hubungi 081377700011.",
            )
            report = public_report_create(complaint=complaint, kelurahan=self.kel)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.VERIFY)
        with self.captureOnCommitCallbacks(execute=True):
            public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        return complaint, report

    def alerts_sent(self, title: str) -> list[dict]:
        return [s for s in self.graph.sent if s["to"] == p.WA_ID and title in body(s)]

    def test_a_whatsapp_subscriber_confirms_on_whatsapp_gets_the_alerts_and_stops_by_keyword(self) -> None:
        page = self.client.get(reverse("alerts:subscribe"))
        self.assertContains(page, 'name="whatsapp"')
        response = self.subscribe()
        self.assertContains(response, 'data-testid="check-whatsapp"')
        subscription = Subscription.objects.get()
        self.assertEqual((subscription.email, subscription.contact.address), ("", p.WA_ID))
        # The person has never written to the number: the confirmation goes out as the approved template,
        # and nothing else is sent before they answer.
        [confirmation] = self.graph.sent
        self.assertEqual((confirmation["to"], confirmation["type"]), (p.WA_ID, "template"))
        self.assertIn("Sukamaju", body(confirmation))
        self.publish("Sebelum konfirmasi")
        self.assertEqual(self.alerts_sent("Sebelum konfirmasi"), [])

        self.post(p.wa_text("Ya"))
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.confirmed_at)
        self.assertIsNotNone(MessagingContact.objects.get().consent_at)

        complaint, report = self.publish()
        [alert] = self.alerts_sent(report.title)
        self.assertIn(complaint.tracking_code, body(alert))
        self.assertIn(reverse("alerts:unsubscribe", args=[subscription.token]), body(alert))
        row = Notification.objects.get(kind=Kind.ALERT, channel=Channel.WA_CLOUD)
        self.assertIsNone(row.complaint_id)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.DISPATCH, Action.ACCEPT, opd=self.opd_a)
        with self.captureOnCommitCallbacks(execute=True):
            self.advance(complaint, Action.ANSWER, text="Lampu sudah diganti. Info: Bapak Joko 081299900088.")
        answers = [s for s in self.graph.sent if s["to"] == p.WA_ID and "Lampu sudah diganti" in body(s)]
        self.assertEqual(len(answers), 1)
        for sent in self.graph.sent:
            for value in ("Dewi", "081377700011", "6281377700011", "Joko", "081299900088"):
                self.assertNotIn(value, body(sent))

        self.post(p.wa_text("BERHENTI PERINGATAN"))
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.unsubscribed_at)
        self.assertFalse(MessagingContact.objects.get().opted_out)  # only the alerts stop
        self.publish("Setelah berhenti")
        self.assertEqual(self.alerts_sent("Setelah berhenti"), [])

    def test_the_confirmation_button_starts_only_that_alert_of_that_number(self) -> None:
        self.subscribe()
        subscription = Subscription.objects.get()
        self.post(p.wa_button(f"alert:{subscription.pk}"), phone_number_id=p.PHONE_NUMBER_ID)
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.confirmed_at)
        # Another number pressing a button with this id confirms nothing of someone else's.
        self.subscribe("0813-1111-2222")
        other = Subscription.objects.exclude(pk=subscription.pk).get()
        self.post(p.wa_button(f"alert:{other.pk}", sender="6281299998888", message_id="wamid.x1"))
        other.refresh_from_db()
        self.assertIsNone(other.confirmed_at)

    def test_the_link_in_an_alert_unsubscribes_too(self) -> None:
        self.subscribe()
        self.post(p.wa_text("YA"))
        subscription = Subscription.objects.get()
        self.client.post(reverse("alerts:unsubscribe", args=[subscription.token]))
        subscription.refresh_from_db()
        self.assertIsNotNone(subscription.unsubscribed_at)
        self.publish("Setelah tautan")
        self.assertEqual(self.alerts_sent("Setelah tautan"), [])

    def test_berhenti_stops_alerts_as_every_other_message_and_a_stopped_number_cannot_be_subscribed(self) -> None:
        self.subscribe()
        self.post(p.wa_text("YA"))
        self.post(p.wa_text("BERHENTI"))
        self.publish("Setelah BERHENTI")
        self.assertEqual(self.alerts_sent("Setelah BERHENTI"), [])
        count = len(self.graph.sent)
        response = self.subscribe(kind="category", category=self.roads.pk)
        self.assertContains(response, "MULAI")
        self.assertEqual(len(self.graph.sent), count)

    def test_whatsapp_is_not_offered_where_no_government_sends_it_and_never_around_a_point(self) -> None:
        response = self.subscribe(kind="radius", lat="-7.98", lng="112.63", radius_m="500")
        self.assertFalse(Subscription.objects.exists())
        self.assertEqual(response.status_code, 200)
        self.account.is_active = False
        self.account.save()
        self.assertNotContains(self.client.get(reverse("alerts:subscribe")), 'name="whatsapp"')
        self.subscribe()
        self.assertFalse(Subscription.objects.exists())
        self.assertEqual(self.graph.sent, [])

    def test_a_subscriber_who_wrote_within_24_hours_gets_the_alert_as_a_free_text(self) -> None:
        self.subscribe()
        self.post(p.wa_text("YA"))
        MessagingContact.objects.update(last_inbound_at=timezone.now() - timedelta(hours=1))
        _complaint, report = self.publish()
        [alert] = self.alerts_sent(report.title)
        self.assertEqual(alert["type"], "text")
