"""Notification e-mails, sent through Django's SMTP backend to a real SMTP server on the loopback."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import time_machine
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Action
from sigap.notifications import services
from sigap.notifications.models import Kind, Notification, State
from sigap.notifications.replies import code_from_address
from sigap.notifications.services import notification_deliver, notifications_redrive
from sigap.notifications.tests.servers import smtp_server
from sigap.test import BaseTestCase

SMTP = "django.core.mail.backends.smtp.EmailBackend"


class SmtpTestCase(BaseTestCase):
    def setUp(self):
        server = smtp_server()
        self.mailbox, port = server.__enter__()
        self.addCleanup(server.__exit__, None, None, None)
        settings = override_settings(
            EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, SIGAP_SEND_EMAIL=True,
            SIGAP_INBOUND_EMAIL="pengaduan@contoh.go.id",
        )  # fmt: skip
        settings.enable()
        self.addCleanup(settings.disable)

    def file(self, **overrides) -> tuple[Complaint, str]:
        with self.captureOnCommitCallbacks(execute=True):
            return self.submit(**overrides)

    def move(self, complaint, *steps, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return self.advance(complaint, *steps, **kwargs)

    def to(self, address):
        return [m for m in self.mailbox.messages if address in m["To"]]


class ReporterMailTest(SmtpTestCase):
    def test_the_acknowledgement_carries_the_tracking_code_but_never_the_secret(self):
        complaint, secret = self.file()
        [message] = self.to("budi@example.id")
        self.assertIn(complaint.tracking_code, message["Subject"])
        body = message.get_content()
        self.assertIn(complaint.tracking_code, body)
        self.assertIn("diterima", message["Subject"])  # Indonesian by default
        self.assertNotIn(secret, body)
        self.assertNotIn(secret.replace("-", ""), body)
        self.assertEqual(code_from_address(message["Reply-To"]), complaint.tracking_code)
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        self.assertEqual(message["Message-ID"], f"<{row.uuid}@sigap.localhost>")
        self.assertEqual(message["Auto-Submitted"], "auto-generated")
        self.assertEqual((row.state, row.attempts), (State.SENT, 1))

    def test_a_reporter_who_wrote_in_english_is_answered_in_english(self):
        complaint, _ = self.file(language="en")
        [message] = self.to("budi@example.id")
        self.assertEqual(message["Subject"], f"Complaint {complaint.tracking_code} received")

    def test_an_anonymous_reporter_gets_no_mail_at_all(self):
        complaint, _ = self.file(reporter=None, is_anonymous=True)
        self.move(complaint, Action.VERIFY, Action.DISPATCH, Action.ANSWER)
        self.assertFalse(Notification.objects.filter(complaint=complaint, recipient__contains="@example").exists())
        self.assertEqual(self.to("budi@example.id"), [])

    def test_the_answer_asks_the_reporter_to_confirm_and_says_when_the_case_closes_by_itself(self):
        complaint, _ = self.file()
        self.move(complaint, Action.VERIFY, Action.DISPATCH)
        self.move(complaint, Action.ANSWER, text="Jalan sudah ditambal pada hari Senin.")
        answer = [m for m in self.to("budi@example.id") if "dijawab" in m["Subject"]]
        self.assertEqual(len(answer), 1)
        body = answer[0].get_content()
        self.assertIn("Jalan sudah ditambal pada hari Senin.", body)
        self.assertIn("tertutup otomatis", body)

    def test_each_public_status_change_is_mailed_once(self):
        complaint, _ = self.file()
        self.move(complaint, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        subjects = [m["Subject"] for m in self.to("budi@example.id")]
        self.assertEqual(len(subjects), 4)  # acknowledgement, verified, dispatched, in follow-up


class StaffMailTest(SmtpTestCase):
    def test_a_dispatch_tells_the_opds_officers_and_head(self):
        complaint, _ = self.file()
        self.move(complaint, Action.VERIFY, Action.DISPATCH)
        for person in ("petugas_a", "kepala_a"):
            [message] = self.to(f"{person}@contoh.go.id")
            self.assertIn(complaint.tracking_code, message["Subject"])
        self.assertEqual(self.to("petugas_b@contoh.go.id"), [])
        self.assertEqual(self.to("focal_a@contoh.go.id"), [])

    def test_staff_mail_about_a_confidential_case_carries_no_identity_and_no_title(self):
        """Confidential: identity only for the complaint administrator (UU 25/2009 Pasal 42(5); docs/roles.md)."""
        complaint, _ = self.file(is_confidential=True, title="Pungutan liar di loket KTP")
        self.move(complaint, Action.VERIFY, Action.DISPATCH)
        [message] = self.to("petugas_a@contoh.go.id")
        text = message.as_string()
        for leak in ("Budi", "budi@example.id", "08123456789", "Pungutan liar"):
            self.assertNotIn(leak, text)
        self.assertIn(complaint.tracking_code, text)


class RetryTest(SmtpTestCase):
    def test_a_refused_message_is_retried_with_backoff_and_sent_once(self):
        self.mailbox.refuse = 1
        complaint, _ = self.file()
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        self.assertEqual((row.state, row.attempts), (State.RETRYING, 1))
        self.assertIn("451", row.last_error)
        self.assertAlmostEqual(row.next_attempt_at, timezone.now() + timedelta(minutes=1), delta=timedelta(seconds=10))
        self.assertEqual(self.mailbox.messages, [])

        self.assertFalse(notification_deliver(notification_id=row.pk))  # not due yet
        with time_machine.travel(timezone.now() + timedelta(minutes=2)), self.captureOnCommitCallbacks(execute=True):
            notifications_redrive()
        row.refresh_from_db()
        self.assertEqual((row.state, row.attempts), (State.SENT, 2))
        self.assertEqual(len(self.to("budi@example.id")), 1)

    def test_running_the_job_again_sends_nothing_twice(self):
        complaint, _ = self.file()
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        for _ in range(3):
            self.assertFalse(notification_deliver(notification_id=row.pk))
        with time_machine.travel(timezone.now() + timedelta(days=1)), self.captureOnCommitCallbacks(execute=True):
            notifications_redrive()
        self.assertEqual(len(self.to("budi@example.id")), 1)

    def test_a_job_lost_mid_send_is_picked_up_by_the_redrive(self):
        complaint, _ = self.file()
        row = Notification.objects.create(
            dedupe_key="lost", kind=Kind.STAFF_MESSAGE, channel="email", recipient="budi@example.id",
            complaint=complaint, jurisdiction=self.city, state=State.SENDING, attempts=1,
            lease_until=timezone.now() - timedelta(seconds=1),
        )  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            notifications_redrive()
        row.refresh_from_db()
        self.assertEqual((row.state, row.attempts), (State.SENT, 2))

    @override_settings(SIGAP_NOTIFY_MAX_ATTEMPTS=2)
    def test_after_the_last_attempt_the_row_is_marked_failed(self):
        self.mailbox.refuse = 5
        complaint, _ = self.file()
        with time_machine.travel(timezone.now() + timedelta(minutes=2)), self.captureOnCommitCallbacks(execute=True):
            notifications_redrive()
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        self.assertEqual((row.state, row.attempts, row.next_attempt_at), (State.FAILED, 2, None))

    @override_settings(SIGAP_SEND_EMAIL=False)
    def test_with_email_switched_off_the_row_is_kept_but_not_sent(self):
        complaint, _ = self.file()
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        self.assertEqual(row.state, State.SUPPRESSED)
        self.assertIn(complaint.tracking_code, row.body)
        self.assertEqual(self.mailbox.messages, [])


class DatabaseOutageAfterSendingTest(SmtpTestCase):
    def test_a_message_sent_while_the_database_restarts_is_recorded_and_never_sent_again(self):
        # Found by the intake fault test: PostgreSQL crash-restarted between the SMTP exchange and
        # the UPDATE recording it; the row stayed "sending" and the re-drive sent it again.
        with self.captureOnCommitCallbacks(execute=False):
            complaint, _secret = self.submit()
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        real_finish = services._finish
        calls = []

        def finish_once_unreachable(*args, **kwargs):
            calls.append(args[1])
            if len(calls) == 1:
                raise OperationalError("server closed the connection unexpectedly")
            return real_finish(*args, **kwargs)

        with mock.patch.object(services, "_finish", finish_once_unreachable), mock.patch.object(services.time, "sleep"):
            self.assertTrue(notification_deliver(notification_id=row.pk))
        row.refresh_from_db()
        self.assertEqual(row.state, State.SENT)
        self.assertEqual(calls, [State.SENT, State.SENT])
        with time_machine.travel(timezone.now() + timedelta(hours=1)):
            for pk in Notification.objects.filter(pk=row.pk).values_list("pk", flat=True):
                notifications_redrive()
                notification_deliver(notification_id=pk)
        self.assertEqual(len(self.to("budi@example.id")), 1)
