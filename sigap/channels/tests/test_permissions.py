"""Every staff page of the channels and the outbox, for every role (docs/roles.md)."""

from __future__ import annotations

from sigap.channels.models import ForumSession, InboundMessage
from sigap.notifications.models import Notification, State
from sigap.test import BaseTestCase


class PermissionTest(BaseTestCase):
    def setUp(self):
        self.session = ForumSession.objects.create(jurisdiction=self.city, name="Ngombe", held_on="2026-06-12")
        self.message = InboundMessage.objects.create(
            channel="email", raw=b"From: rahasia@example.id", jurisdiction=self.city, sender="rahasia@example.id"
        )
        self.failed = Notification.objects.create(
            dedupe_key="x", kind="acknowledgement", channel="email", recipient="budi@example.id",
            jurisdiction=self.city, state=State.FAILED, last_error="550 no such user",
        )  # fmt: skip
        self.pages = [
            "/staf/kiriman/",
            "/kanal/pesan/",
            f"/kanal/pesan/{self.message.pk}/",
            "/kanal/lapor/impor/",
            "/kanal/lapor/ekspor/lapor.json",
            "/kanal/forum/",
            f"/kanal/forum/{self.session.pk}/",
        ]

    def test_only_the_complaint_administrator_of_the_jurisdiction_reaches_them(self):
        for user, expected in [
            (self.admin, {200}),
            (self.petugas_a, {403}),
            (self.kepala_a, {403}),
            (self.focal_a, {403}),
            (self.inspektur, {403}),
            (self.ombudsman, {403}),
            (self.warga, {403}),
            (self.sysadmin, {403}),
        ]:
            self.client.force_login(user)
            for page in self.pages:
                with self.subTest(user=user.username, page=page):
                    self.assertIn(self.client.get(page).status_code, expected)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        for page in self.pages:
            with self.subTest(page=page):
                self.assertEqual(self.client.get(page).status_code, 302)

    def test_an_administrator_of_another_city_sees_none_of_this_citys_rows(self):
        self.client.force_login(self.admin_lain)
        self.assertEqual(self.client.get(f"/kanal/pesan/{self.message.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/kanal/forum/{self.session.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/kanal/pesan/"), "rahasia@example.id")
        self.assertNotContains(self.client.get("/staf/kiriman/"), "550 no such user")
        self.assertEqual(self.client.post(f"/staf/kiriman/{self.failed.pk}/kirim-ulang/").status_code, 404)

    def test_the_administrator_sees_failed_deliveries_and_can_send_them_again(self):
        from sigap.audit.models import AuditEntry

        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/staf/kiriman/"), "550 no such user")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/staf/kiriman/{self.failed.pk}/kirim-ulang/")
        self.assertRedirects(response, "/staf/kiriman/")
        self.failed.refresh_from_db()
        # E-mail is switched off in tests, so the retry ends suppressed rather than failed again.
        self.assertEqual(self.failed.state, State.SUPPRESSED)
        self.assertTrue(AuditEntry.objects.filter(action="notification.retry", actor=self.admin).exists())

    def test_reading_a_raw_message_is_recorded(self):
        from sigap.audit.models import AuditEntry

        self.client.force_login(self.admin)
        self.assertContains(self.client.get(f"/kanal/pesan/{self.message.pk}/"), "rahasia@example.id")
        self.assertTrue(AuditEntry.objects.filter(action="inbound.view", actor=self.admin).exists())

    def test_the_outbox_page_uses_a_fixed_number_of_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.admin)

        def add(start, count):
            for i in range(start, start + count):
                Notification.objects.create(dedupe_key=f"k{i}", kind="webhook", channel="webhook", recipient="http://x",
                                            jurisdiction=self.city, state=State.RETRYING)  # fmt: skip

        add(0, 5)
        self.client.get("/staf/kiriman/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/staf/kiriman/")
        add(5, 20)
        with CaptureQueriesContext(connection) as many:
            self.client.get("/staf/kiriman/")
        self.assertEqual(len(few), len(many))

    def test_the_incoming_messages_page_does_not_query_per_row(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.admin)
        complaint, _ = self.submit()
        self.client.get("/kanal/pesan/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/kanal/pesan/")
        for i in range(10):
            InboundMessage.objects.create(channel="sms", raw=b"{}", jurisdiction=self.city, complaint=complaint,
                                          external_id=f"m{i}")  # fmt: skip
        with CaptureQueriesContext(connection) as many:
            self.client.get("/kanal/pesan/")
        self.assertEqual(len(few), len(many))
