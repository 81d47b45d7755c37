"""What a new user met as dead ends or surprises: each now says what happens and offers a way on."""

from __future__ import annotations

import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from sigap.complaints.models import Complaint
from sigap.notifications.models import Channel, Notification, State
from sigap.notifications.services import notification_deliver
from sigap.suggestions.services import duplicate_merge
from sigap.test import PASSWORD, BaseTestCase


class LengthLimitTests(BaseTestCase):
    def test_the_form_says_the_limits_and_refuses_past_them_instead_of_cutting(self):
        page = self.client.get(reverse("portal:submit")).content.decode()
        box = re.search(r"<textarea[^>]*name=\"description\"[^>]*>", page).group(0)
        self.assertIn('data-limit="4000"', box)
        self.assertNotIn("maxlength", box)  # the browser would cut a pasted text without a word
        self.assertIn("4000", page[page.index('id="id_description_helptext"') :][:200])
        title = re.search(r"<input[^>]*name=\"title\"[^>]*>", page).group(0)
        self.assertIn('data-limit="200"', title)
        response = self.client.post(
            reverse("portal:submit"),
            {"category": self.roads.pk, "title": "Jalan rusak", "description": "x" * 4001, "reporter_name": "Ani"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "4000")
        self.assertFalse(Complaint.objects.filter(title="Jalan rusak").exists())


class MergedReporterTests(BaseTestCase):
    def test_the_merged_reporter_gets_a_link_they_can_click(self):
        original, _ = self.submit(title="Lampu jalan mati di Jl. Merdeka")
        duplicate, secret = self.submit(title="Lampu mati Jl. Merdeka")
        duplicate_merge(duplicate=duplicate, original=original, actor=self.admin)
        self.client.post(reverse("portal:track"), {"code": duplicate.tracking_code, "secret": secret})
        page = self.client.get(reverse("portal:case", args=[duplicate.tracking_code])).content.decode()
        self.assertRegex(page, rf'<a href="https?://[^"]*/pantau/{original.tracking_code}/"')


class SignInTests(BaseTestCase):
    def test_a_wrong_password_is_said_once_and_plainly(self):
        response = self.client.post(reverse("accounts:login"), {"username": "admin", "password": "salah"})
        text = response.content.decode()
        self.assertNotIn("nama pengguna nama pengguna", text.lower())
        self.assertContains(response, "Nama pengguna atau sandi salah")
        self.assertContains(response, reverse("staff:password_forgotten"))

    def test_a_forgotten_password_gets_a_link_by_e_mail_and_the_link_sets_a_new_one(self):
        self.admin.email = "admin@contoh.go.id"
        self.admin.save()
        for login in ("tidak-ada", "ADMIN@contoh.go.id"):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(reverse("staff:password_forgotten"), {"login": login})
            self.assertContains(response, 'data-testid="sent"')  # the same answer either way
        self.assertEqual([m.to for m in mail.outbox], [["admin@contoh.go.id"]])
        link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
        path = link.split("://", 1)[1].split("/", 1)[1]
        form = self.client.get("/" + path, follow=True)
        self.assertEqual(form.status_code, 200)
        self.client.post(
            form.redirect_chain[-1][0], {"new_password1": "Sandi-baru-2026!", "new_password2": "Sandi-baru-2026!"}
        )
        self.admin.refresh_from_db()
        self.assertTrue(self.admin.check_password("Sandi-baru-2026!"))
        self.assertFalse(self.admin.check_password(PASSWORD))


@override_settings(SIGAP_SEND_EMAIL=False)
class UnsentMessagesTests(BaseTestCase):
    def test_messages_kept_while_e_mail_is_off_can_be_read_on_the_outbox_page(self):
        with self.captureOnCommitCallbacks(execute=True):
            case, _ = self.submit()
        kept = Notification.objects.filter(complaint=case, channel=Channel.EMAIL).first()
        self.assertIsNotNone(kept)
        notification_deliver(notification_id=kept.pk)
        kept.refresh_from_db()
        self.assertEqual(kept.state, State.SUPPRESSED)
        self.client.force_login(self.admin)
        page = self.client.get(reverse("notifications:outbox"))
        self.assertContains(page, 'data-testid="unsent"')
        self.assertContains(page, kept.body.splitlines()[0][:40])
