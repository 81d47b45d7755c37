"""Request pages: who sees a request, who answers it, and the document trail."""

from __future__ import annotations

from django.urls import reverse

from sigap.oversight.models import RequestEvent, RequestStatus
from sigap.oversight.tests.test_requests import RequestTestCase, pdf


class RequestPageTest(RequestTestCase):
    def setUp(self):
        self.request = self.send(now=None)
        self.url = reverse("oversight:request", args=[self.request.pk])

    def test_each_role_sees_the_request_or_a_404(self):
        expectations = {
            self.ombudsman: 200, self.focal_a: 200, self.kepala_a: 200,
            self.petugas_a: 404, self.petugas_b: 404, self.inspektur: 404, self.admin: 404, self.admin_lain: 404,
        }  # fmt: skip
        for user, status in expectations.items():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_sysadmin_and_reporters_are_refused_and_visitors_sent_to_sign_in(self):
        for user in (self.sysadmin, self.warga):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_only_the_institution_answers(self):
        self.client.force_login(self.ombudsman)
        response = self.client.post(self.url, {"body": "Saya menjawab sendiri"})
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.focal_a)
        self.assertIsNotNone(self.client.get(self.url).context["form"])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"body": "Berkas terlampir.", "documents": [pdf()]})
        self.assertRedirects(response, self.url)
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, RequestStatus.ANSWERED)

    def test_a_bad_upload_is_refused_and_nothing_is_lost(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.focal_a)
        bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/pdf")
        response = self.client.post(self.url, {"body": "Lihat lampiran", "documents": [bad]})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Lihat lampiran", status_code=400)
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, RequestStatus.OPEN)

    def test_opening_a_document_is_recorded(self):
        self.client.force_login(self.focal_a)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url, {"body": "Terlampir", "documents": [pdf()]})
        document = self.request.answers.get().documents.get()
        self.client.force_login(self.ombudsman)
        response = self.client.get(reverse("oversight:document", args=[self.request.pk, document.pk]))
        self.assertEqual(response.status_code, 200)
        event = self.request.events.latest("id")
        self.assertEqual((event.kind, event.actor, event.actor_role), (RequestEvent.Kind.DOCUMENT_OPENED,
                                                                       self.ombudsman, "ombudsman"))  # fmt: skip
        self.client.force_login(self.petugas_b)
        self.assertEqual(
            self.client.get(reverse("oversight:document", args=[self.request.pk, document.pk])).status_code, 404
        )

    def test_the_focal_points_list_shows_the_request(self):
        for user, listed in ((self.focal_a, True), (self.kepala_a, True), (self.petugas_a, False)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("oversight:requests"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual([r.pk for r in response.context["rows"]] == [self.request.pk], listed)
