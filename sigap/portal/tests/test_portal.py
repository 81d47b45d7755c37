from __future__ import annotations

import io

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.services import complaint_add_note
from sigap.complaints.workflow import Action, Status
from sigap.test import BaseTestCase


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, format="PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


class SubmitTest(BaseTestCase):
    def post(self, **extra):
        data = {
            "jurisdiction": self.city.pk,
            "kind": "pengaduan",
            "category": self.roads.pk,
            "title": "Jalan berlubang",
            "description": "Lubang di depan pasar sangat dalam dan berbahaya.",
            "reporter_name": "Ani",
            "reporter_phone": "0812",
            "lat": "-7.64",
            "lng": "112.9",
        }
        data.update(extra)
        return self.client.post(reverse("portal:submit"), data)

    def test_the_form_is_in_indonesian_by_default(self):
        response = self.client.get(reverse("portal:submit"), HTTP_ACCEPT_LANGUAGE="en-US,en")
        self.assertContains(response, 'lang="id"')
        self.assertContains(response, "Sampaikan pengaduan")

    def test_english_is_available(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("portal:submit"))
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "File a complaint")

    def test_submitting_shows_the_code_and_secret_once(self):
        response = self.post(attachments=[photo()])
        complaint = Complaint.objects.get()
        self.assertRedirects(
            response, reverse("portal:thanks", args=[complaint.tracking_code]), fetch_redirect_response=False
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, complaint.tracking_code)
        self.assertContains(page, 'data-testid="secret"')
        again = self.client.get(response["Location"])
        self.assertNotContains(again, 'data-testid="secret"')
        self.assertEqual(complaint.attachments.count(), 1)
        self.assertEqual(complaint.channel, "web")
        self.assertEqual((complaint.lat, complaint.lng), (-7.64, 112.9))

    def test_the_session_holds_the_secret_only_sealed_until_the_receipt_page_and_not_after(self):
        response = self.post()
        stored = Session.objects.get(session_key=self.client.session.session_key).session_data
        page = self.client.get(response["Location"])
        secret = page.context["secret"]
        self.assertRegex(secret, r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")
        self.assertContains(page, secret)
        # Neither the session row written before the page nor the one after it holds the secret.
        for data in (stored, Session.objects.get(session_key=self.client.session.session_key).session_data):
            decoded = str(SessionStore().decode(data))
            self.assertNotIn(secret, decoded)
            self.assertNotIn(secret.replace("-", ""), decoded)
        self.assertNotIn("new_secret", self.client.session)

    def test_a_missing_name_is_explained_and_nothing_is_saved(self):
        response = self.post(reporter_name="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tuliskan nama Anda")
        self.assertFalse(Complaint.objects.exists())

    def test_a_nul_character_is_explained_and_nothing_is_saved(self):
        # PostgreSQL cannot store NUL: the form refuses it, on every database.
        response = self.post(description="Lubang di depan pasar\x00 sangat dalam.", reporter_name="A\x00ni")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Karakter null tidak diizinkan.", count=2)
        self.assertFalse(Complaint.objects.exists())

    def test_a_script_disguised_as_a_photo_is_refused(self):
        fake = SimpleUploadedFile("foto.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
        response = self.post(attachments=[fake])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Complaint.objects.exists())

    def test_a_signed_in_reporter_finds_the_case_in_my_complaints(self):
        self.client.force_login(self.warga)
        self.post()
        response = self.client.get(reverse("portal:mine"))
        self.assertContains(response, Complaint.objects.get().tracking_code)


class TrackTest(BaseTestCase):
    def setUp(self):
        self.case, self.secret = self.submit()

    def track(self, code, secret):
        return self.client.post(reverse("portal:track"), {"code": code, "secret": secret})

    def test_code_and_secret_open_the_case(self):
        response = self.track(self.case.tracking_code.lower(), self.secret)
        self.assertRedirects(response, reverse("portal:case", args=[self.case.tracking_code]))

    def test_a_wrong_secret_does_not_open_it(self):
        response = self.track(self.case.tracking_code, "AAAA-AAAA")
        self.assertContains(response, "tidak cocok")
        # The case page asks for the secret instead (401) and shows nothing of the case.
        page = self.client.get(reverse("portal:case", args=[self.case.tracking_code]))
        self.assertEqual(page.status_code, 401)
        self.assertContains(page, 'data-testid="ask-secret"', status_code=401)
        self.assertNotContains(page, self.case.title, status_code=401)

    def test_guessing_is_throttled(self):
        for _ in range(20):
            self.track(self.case.tracking_code, "AAAA-AAAA")
        response = self.track(self.case.tracking_code, self.secret)
        self.assertEqual(response.status_code, 429)

    @override_settings(SIGAP_API_SECRET_ATTEMPTS_PER_HOUR=3)
    def test_the_tracking_limit_follows_its_setting(self):
        for _ in range(3):
            self.assertEqual(self.track(self.case.tracking_code, "AAAA-AAAA").status_code, 200)
        response = self.track(self.case.tracking_code, self.secret)
        self.assertEqual(response.status_code, 429)

    def test_the_reporter_sees_no_internal_notes_or_identity_views(self):
        self.advance(self.case, Action.VERIFY, Action.DISPATCH)
        complaint_add_note(
            complaint=self.case, actor=self.admin, acting_as="complaint_admin", body="Catatan rahasia staf"
        )
        self.track(self.case.tracking_code, self.secret)
        response = self.client.get(reverse("portal:case", args=[self.case.tracking_code]))
        self.assertContains(response, "Diteruskan ke OPD")
        self.assertNotContains(response, "Catatan rahasia staf")

    def test_the_reporter_confirms_and_rates(self):
        self.advance(self.case, Action.VERIFY, Action.DISPATCH, Action.ANSWER)
        self.track(self.case.tracking_code, self.secret)
        self.client.post(reverse("portal:act", args=[self.case.tracking_code, "confirm"]))
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.CLOSED)
        self.client.post(reverse("portal:rate", args=[self.case.tracking_code]), {"rating": "4", "comment": "Cepat"})
        self.case.refresh_from_db()
        self.assertEqual((self.case.rating, self.case.rating_comment), (4, "Cepat"))

    def test_the_reporter_reopens_with_a_reason(self):
        self.advance(self.case, Action.VERIFY, Action.DISPATCH, Action.ANSWER)
        self.track(self.case.tracking_code, self.secret)
        self.client.post(reverse("portal:act", args=[self.case.tracking_code, "reopen"]), {"text": "Belum diperbaiki"})
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.REOPENED)
        self.assertEqual(self.case.events.latest("id").body, "Belum diperbaiki")

    def test_a_reason_with_a_nul_character_is_refused_as_the_forms_refuse_it(self):
        # PostgreSQL cannot store NUL; the reopen reason is read beside the form, so it needs the same check.
        self.advance(self.case, Action.VERIFY, Action.DISPATCH, Action.ANSWER)
        self.track(self.case.tracking_code, self.secret)
        url = reverse("portal:act", args=[self.case.tracking_code, "reopen"])
        response = self.client.post(url, {"text": "Belum\x00 diperbaiki"}, follow=True)
        self.assertContains(response, "Karakter null tidak diizinkan.")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.ANSWERED)

    def test_the_reporter_cannot_take_staff_actions(self):
        self.track(self.case.tracking_code, self.secret)
        response = self.client.post(reverse("portal:act", args=[self.case.tracking_code, "verify"]))
        self.assertEqual(response.status_code, 404)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.RECEIVED)

    def test_a_message_from_the_reporter_lands_on_the_timeline(self):
        self.track(self.case.tracking_code, self.secret)
        self.client.post(reverse("portal:reply", args=[self.case.tracking_code]), {"text": "Ada foto tambahan"})
        event = self.case.events.latest("id")
        self.assertEqual((event.kind, event.actor_role, event.is_public), (ComplaintEvent.Kind.REPLY, "reporter", True))

    def test_attachments_need_the_secret(self):
        case, secret = self.submit()
        from sigap.complaints.services import complaint_add_attachments
        from sigap.complaints.uploads import clean_upload

        [attachment] = complaint_add_attachments(
            complaint=case, files=[clean_upload(photo())], actor=self.admin, acting_as="admin", internal=False
        )
        url = reverse("portal:attachment", args=[case.tracking_code, attachment.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.track(case.tracking_code, secret)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_internal_attachments_stay_internal(self):
        from sigap.complaints.services import complaint_add_attachments
        from sigap.complaints.uploads import clean_upload

        [attachment] = complaint_add_attachments(
            complaint=self.case, files=[clean_upload(photo())], actor=self.admin, acting_as="admin", internal=True
        )
        self.track(self.case.tracking_code, self.secret)
        url = reverse("portal:attachment", args=[self.case.tracking_code, attachment.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
