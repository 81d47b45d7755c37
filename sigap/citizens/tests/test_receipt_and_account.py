"""The receipt (PDF and e-mail), the secret prompt on /lacak/<code>/, and claiming a complaint."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse

from sigap.notifications.models import Notification
from sigap.notifications.services import notification_deliver
from sigap.notifications.tests.servers import smtp_sending
from sigap.test import BaseTestCase

FORM = {
    "category": "",
    "title": "Jalan berlubang di Jl. Merdeka",
    "description": "Lubang besar di depan sekolah sudah dua minggu membahayakan pengendara motor.",
    "kind": "pengaduan",
    "reporter_name": "Budi Santoso",
    "reporter_email": "budi@contoh-pelapor.id",
    "public-make_public": "on",
}


class ReceiptTest(BaseTestCase):
    def test_the_receipt_pdf_needs_the_secret_and_the_email_receipt_carries_it_once(self) -> None:
        with smtp_sending() as mailbox:
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(reverse("portal:submit"), {**FORM, "jurisdiction": self.city.pk})
            thanks = self.client.get(response["Location"])
            code, secret = thanks.context["case"].tracking_code, thanks.context["secret"]
            self.assertContains(thanks, "data-copy")
            self.assertContains(thanks, reverse("publicreports:detail", args=[code]))
            receipt = next(
                m
                for m in mailbox.messages
                if "budi@contoh-pelapor.id" in m["To"] and code in m["Subject"] and secret in m.as_string()
            )
            attachments = list(receipt.iter_attachments())
            self.assertEqual(attachments[0].get_content_type(), "application/pdf")
        # The stored copy never holds the secret.
        row = Notification.objects.get(kind="receipt")
        self.assertEqual(row.state, "sent")
        self.assertNotIn(secret, row.body)

        pdf = self.client.post(reverse("citizens:receipt", args=[code]), {"secret": secret})
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        wrong = self.client.post(reverse("citizens:receipt", args=[code]), {"secret": "AAAA-AAAA"})
        self.assertEqual(wrong.status_code, 403)

    def test_a_crash_right_after_the_filing_commits_still_delivers_the_receipt(self) -> None:
        """The receipt's outbox row is written with the complaint, not in an after-commit callback."""
        with smtp_sending() as mailbox:
            # The process dies after the commit: the after-commit callbacks (the direct attempt) never run.
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                response = self.client.post(reverse("portal:submit"), {**FORM, "jurisdiction": self.city.pk})
            self.assertEqual(response.status_code, 302)
            self.assertTrue(callbacks)
            row = Notification.objects.get(kind="receipt")
            self.assertEqual(row.state, "pending")
            # Held back while the direct attempt would run, then the re-drive sends the row's own text.
            self.assertFalse(notification_deliver(notification_id=row.pk))
            later = row.next_attempt_at + timedelta(seconds=1)
            self.assertTrue(notification_deliver(notification_id=row.pk, now=later))
            code = row.complaint.tracking_code
            sent = [m for m in mailbox.messages if "budi@contoh-pelapor.id" in m["To"] and code in m["Subject"]]
            self.assertEqual(len(sent), 1)
        row.refresh_from_db()
        self.assertEqual(row.state, "sent")

    @override_settings(SIGAP_API_SECRET_ATTEMPTS_PER_HOUR=2)
    def test_the_receipt_counts_in_the_tracking_forms_budget_set_by_its_setting(self) -> None:
        complaint, secret = self.submit()
        self.client.post(reverse("portal:track"), {"code": complaint.tracking_code, "secret": "AAAA-AAAA"})
        wrong = self.client.post(reverse("citizens:receipt", args=[complaint.tracking_code]), {"secret": "AAAA-AAAA"})
        self.assertEqual(wrong.status_code, 403)
        right = self.client.post(reverse("citizens:receipt", args=[complaint.tracking_code]), {"secret": secret})
        self.assertEqual(right.status_code, 429)

    def test_a_fresh_browser_is_asked_for_the_secret_also_for_unknown_codes(self) -> None:
        complaint, _secret = self.submit()
        for code in (complaint.tracking_code, "ZZZZ-ZZZZ-ZZZZ"):
            page = self.client.get(reverse("portal:case", args=[code]))
            self.assertContains(page, 'data-testid="ask-secret"', status_code=401)
            self.assertNotContains(page, complaint.title, status_code=401)


class ClaimTest(BaseTestCase):
    def test_a_complaint_filed_without_an_account_can_be_claimed_with_code_and_secret(self) -> None:
        complaint, secret = self.submit()
        self.client.force_login(self.warga)
        self.client.post(reverse("citizens:claim"), {"code": complaint.tracking_code, "secret": "AAAA-AAAA"})
        complaint.refresh_from_db()
        self.assertIsNone(complaint.reporter_user)
        self.client.post(reverse("citizens:claim"), {"code": complaint.tracking_code, "secret": secret})
        complaint.refresh_from_db()
        self.assertEqual(complaint.reporter_user, self.warga)
        self.assertContains(self.client.get(reverse("citizens:account")), complaint.tracking_code)

    def test_an_anonymous_complaint_cannot_be_claimed(self) -> None:
        complaint, secret = self.submit(reporter=None, is_anonymous=True)
        self.client.force_login(self.warga)
        self.client.post(reverse("citizens:claim"), {"code": complaint.tracking_code, "secret": secret})
        complaint.refresh_from_db()
        self.assertIsNone(complaint.reporter_user)
