"""Supporting a public report with a verified phone: a one-time code through the SMS/WhatsApp gateway."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sigap.complaints.workflow import Action
from sigap.notifications.models import Kind, Notification, State
from sigap.notifications.tests.servers import http_receiver
from sigap.publicreports import phone
from sigap.publicreports.models import PhoneVerification, PublicReport, Support
from sigap.publicreports.services import public_report_confirm, public_report_create
from sigap.test import BaseTestCase, Client

SECRET = "gateway-shared-secret"
NUMBER = "0812-7777-1234"
WIRE = "6281277771234"


class PhoneSupportTest(BaseTestCase):
    sms = True
    path = "/sms"

    def setUp(self) -> None:
        super().setUp()
        server = http_receiver()
        self.gateway = server.__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        config = override_settings(
            SIGAP_USE_SMS=self.sms, SIGAP_SMS_SECRET=SECRET, SIGAP_SMS_OUTBOUND_URL=f"{self.gateway.url}/sms",
            SIGAP_USE_WHATSAPP=True, SIGAP_WHATSAPP_SECRET=SECRET,
            SIGAP_WHATSAPP_OUTBOUND_URL=f"{self.gateway.url}/wa",
        )  # fmt: skip
        config.enable()
        self.addCleanup(config.disable)
        complaint, _secret = self.submit(title="Lampu jalan mati di Jl. Merdeka")
        report = public_report_create(complaint=complaint)
        self.advance(complaint, Action.VERIFY)
        self.report = public_report_confirm(report=report, title=report.title, summary=report.summary, actor=self.admin)
        self.code = complaint.tracking_code

    def ask(self, number: str = NUMBER, client: Client | None = None, **extra: str):
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.client).post(
                reverse("publicreports:support_phone", args=[self.code]), {"phone": number, **extra}
            )

    def sent_code(self) -> str:
        found = re.search(r"\b(\d{6})\b", self.gateway.requests[-1].json()["text"])
        assert found is not None
        return found.group(1)

    def type_code(self, response, code: str, client: Client | None = None):
        return (client or self.client).post(response["Location"], {"code": code})

    def test_a_visitor_supports_with_the_code_sent_to_their_phone_and_the_number_is_kept_nowhere(self) -> None:
        page = self.client.get(reverse("publicreports:detail", args=[self.code]))
        self.assertContains(page, 'data-testid="support-phone-form"')
        asked = self.ask(same_problem="1")
        self.assertEqual(asked.status_code, 302)
        [sms] = self.gateway.requests
        self.assertEqual((sms.path, sms.json()["to"]), (self.path, WIRE))
        code = self.sent_code()
        self.assertIn(self.code, sms.json()["text"])
        row = Notification.objects.get(kind=Kind.PHONE_CODE)
        # Sent, then wiped: the outbox keeps no usable code.
        self.assertEqual((row.state, row.body), (State.SENT, ""))
        self.assertNotIn(code, row.subject)
        self.assertContains(self.client.get(asked["Location"]), 'autocomplete="one-time-code"')
        done = self.type_code(asked, code)
        self.assertRedirects(done, reverse("publicreports:detail", args=[self.code]), fetch_redirect_response=False)
        self.report.refresh_from_db()
        self.assertEqual(self.report.support_count, 1)
        support = Support.objects.get()
        self.assertTrue(support.same_problem)
        self.assertEqual((support.email, support.user_id), ("", None))
        self.assertNotContains(self.client.get(reverse("publicreports:detail", args=[self.code])), "support-phone-form")
        verification = PhoneVerification.objects.get()
        self.assertNotIn(code, verification.code_hash)
        # Neither the number nor the code is stored anywhere in the support tables.
        for table in (Support._meta.db_table, PhoneVerification._meta.db_table):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
                dump = repr(cursor.fetchall())
            for secret in ("81277771234", code):
                self.assertNotIn(secret, dump, table)

    def test_one_number_supports_a_report_once(self) -> None:
        first = self.ask()
        self.type_code(first, self.sent_code())
        other = Client()
        again = self.ask("+62 812 7777 1234", client=other)
        response = self.type_code(again, self.sent_code(), client=other)
        self.assertEqual(response.status_code, 302)
        self.report.refresh_from_db()
        self.assertEqual((self.report.support_count, Support.objects.count()), (1, 1))
        third = self.ask("081299990000", client=Client())
        self.type_code(third, self.sent_code())
        self.report.refresh_from_db()
        self.assertEqual(self.report.support_count, 2)

    def test_a_wrong_code_counts_against_five_attempts_then_even_the_right_one_is_refused(self) -> None:
        asked = self.ask()
        code = self.sent_code()
        wrong = "000000" if code != "000000" else "111111"
        for attempt in range(phone.MAX_ATTEMPTS):
            response = self.type_code(asked, wrong)
            self.assertEqual(response.status_code, 400, attempt)
        self.assertContains(self.type_code(asked, code), "tidak dapat digunakan lagi", status_code=400)
        self.assertFalse(Support.objects.exists())

    def test_an_expired_code_is_refused(self) -> None:
        asked = self.ask()
        PhoneVerification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        self.assertContains(self.type_code(asked, self.sent_code()), "tidak dapat digunakan lagi", status_code=400)
        self.assertFalse(Support.objects.exists())

    def test_codes_to_one_number_are_rate_limited_whoever_asks(self) -> None:
        for n in range(phone.CODES_PER_PHONE_PER_HOUR + 1):
            self.ask(client=Client(REMOTE_ADDR=f"10.0.1.{n}"))
        self.assertEqual(len(self.gateway.requests), phone.CODES_PER_PHONE_PER_HOUR)

    def test_codes_asked_from_one_client_address_are_rate_limited_whatever_the_number(self) -> None:
        for n in range(phone.CODES_PER_ADDRESS_PER_HOUR):
            self.ask(f"08129999{n:04d}")
        self.assertEqual(len(self.gateway.requests), phone.CODES_PER_ADDRESS_PER_HOUR)
        refused = self.ask("081388880000")
        self.assertEqual(len(self.gateway.requests), phone.CODES_PER_ADDRESS_PER_HOUR)
        self.assertIn("Terlalu banyak", " ".join(str(m) for m in refused.wsgi_request._messages))

    def test_guessing_codes_is_rate_limited_per_client_address(self) -> None:
        asked = [self.ask(f"08127777{n:04d}", client=Client(REMOTE_ADDR=f"10.0.0.{n}")) for n in range(7)]
        guesses = 0
        for response in asked:
            for _ in range(phone.MAX_ATTEMPTS):
                guesses += 1
                answer = self.type_code(response, "999999x")
                if answer.status_code == 429:
                    break
            else:
                continue
            break
        self.assertEqual(guesses, phone.CHECKS_PER_ADDRESS_PER_HOUR + 1)

    def test_a_number_that_is_not_one_is_refused_and_nothing_is_sent(self) -> None:
        self.ask("12345")
        self.assertEqual((len(self.gateway.requests), PhoneVerification.objects.count()), (0, 0))

    def test_without_a_gateway_the_phone_is_not_offered(self) -> None:
        with override_settings(SIGAP_USE_SMS=False, SIGAP_USE_WHATSAPP=False):
            page = self.client.get(reverse("publicreports:detail", args=[self.code]))
            self.assertNotContains(page, 'data-testid="support-phone-form"')
            self.ask()
        self.assertEqual((len(self.gateway.requests), PhoneVerification.objects.count()), (0, 0))

    def test_a_report_that_is_no_longer_public_takes_no_code(self) -> None:
        asked = self.ask()
        PublicReport.objects.filter(pk=self.report.pk).update(is_published=False)
        self.assertEqual(self.type_code(asked, self.sent_code()).status_code, 404)
        self.assertFalse(Support.objects.exists())


class PhoneSupportByWhatsAppTest(PhoneSupportTest):
    """With the SMS gateway off, the code goes through the WhatsApp gateway."""

    sms = False
    path = "/wa"

    def test_the_code_goes_out_as_a_whatsapp_gateway_message(self) -> None:
        self.ask()
        self.assertEqual(Notification.objects.get(kind=Kind.PHONE_CODE).channel, "whatsapp")
