"""Back-office pages: who may open, act on and see what."""

from __future__ import annotations

from django.urls import reverse

from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import Action, Status
from sigap.test import BaseTestCase, Client


class InboxTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.roads_case = cls.advance(cls, cls.submit(cls)[0], Action.VERIFY, Action.DISPATCH)
        cls.health_case = cls.advance(cls, cls.submit(cls, category=cls.health)[0], Action.VERIFY, Action.DISPATCH)

    def test_reporters_and_sysadmins_without_roles_are_refused(self):
        for user in (self.warga, self.sysadmin):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("backoffice:inbox")).status_code, 403)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.client.get(reverse("backoffice:inbox"))
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + reverse("backoffice:inbox"))

    def test_each_role_lists_only_what_it_may_see(self):
        expectations = {
            self.admin: {self.roads_case, self.health_case},
            self.petugas_a: {self.roads_case},
            self.petugas_b: {self.health_case},
            self.focal_a: {self.roads_case},
            self.inspektur: {self.roads_case, self.health_case},
            self.ombudsman: {self.roads_case, self.health_case},
            self.admin_lain: set(),
        }
        for user, expected in expectations.items():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("backoffice:inbox"))
                self.assertEqual(response.status_code, 200)
                listed = {case for case, _ in response.context["rows"]}
                self.assertEqual({c.pk for c in listed}, {c.pk for c in expected})

    def test_filters_narrow_the_list(self):
        self.client.force_login(self.admin)
        response = self.client.get(reverse("backoffice:inbox"), {"opd": self.opd_b.pk, "status": "dispatched"})
        self.assertEqual([c.pk for c, _ in response.context["rows"]], [self.health_case.pk])
        response = self.client.get(reverse("backoffice:inbox"), {"q": self.roads_case.tracking_code.lower()})
        self.assertEqual([c.pk for c, _ in response.context["rows"]], [self.roads_case.pk])

    def test_the_inbox_costs_the_same_queries_for_5_or_50_cases(self):
        self.client.force_login(self.admin)
        self.client.get(reverse("backoffice:inbox"))  # warm the session
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("backoffice:inbox"))
        for _ in range(45):
            self.submit()
        with CaptureQueriesContext(connection) as many:
            self.client.get(reverse("backoffice:inbox"))
        self.assertEqual(len(few), len(many))


class CasePageTest(BaseTestCase):
    def setUp(self):
        self.case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)
        self.url = reverse("backoffice:case", args=[self.case.tracking_code])

    def test_staff_of_another_opd_or_city_get_a_404(self):
        for user in (self.petugas_b, self.admin_lain):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_readers_see_the_case_without_action_buttons(self):
        for user in (self.focal_a, self.inspektur, self.ombudsman):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["actions"], [])

    def test_the_opd_officer_answers_the_case(self):
        self.client.force_login(self.petugas_a)
        response = self.client.post(
            reverse("backoffice:transition", args=[self.case.tracking_code, "answer"]), {"text": "Sudah diperbaiki."}
        )
        self.assertRedirects(response, self.url)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.ANSWERED)
        event = self.case.events.latest("id")
        self.assertEqual((event.actor, event.actor_role), (self.petugas_a, "opd"))

    def test_readers_cannot_act_even_by_posting_directly(self):
        for user in (self.focal_a, self.inspektur, self.ombudsman, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(
                    reverse("backoffice:transition", args=[self.case.tracking_code, "answer"]), {"text": "x"}
                )
                self.assertEqual(response.status_code, 403)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.DISPATCHED)

    def test_an_illegal_transition_is_explained(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("backoffice:transition", args=[self.case.tracking_code, "confirm"]), follow=True
        )
        self.assertContains(response, "alert-danger")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, Status.DISPATCHED)

    def test_csrf_is_enforced(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.petugas_a)
        response = client.post(
            reverse("backoffice:transition", args=[self.case.tracking_code, "answer"]), {"text": "x"}
        )
        self.assertEqual(response.status_code, 403)

    def test_html_in_a_complaint_is_escaped(self):
        case, _ = self.submit(title="<script>alert(1)</script>", description="<img src=x onerror=alert(1)> jalan rusak")
        self.client.force_login(self.admin)
        response = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_notes_are_internal(self):
        self.client.force_login(self.inspektur)
        self.client.post(reverse("backoffice:note", args=[self.case.tracking_code]), {"text": "Mohon dipercepat"})
        note = self.case.events.get(kind=ComplaintEvent.Kind.NOTE)
        self.assertIs(note.is_public, False)
        self.assertEqual(note.actor_role, "inspektorat")

    def test_a_note_with_a_nul_character_is_refused_as_the_forms_refuse_it(self):
        # PostgreSQL cannot store NUL; the note box is read beside a form, so the service checks it.
        self.client.force_login(self.inspektur)
        url = reverse("backoffice:note", args=[self.case.tracking_code])
        response = self.client.post(url, {"text": "Mohon\x00 dipercepat"}, follow=True)
        self.assertContains(response, "Karakter null tidak diizinkan.")
        self.assertFalse(self.case.events.filter(kind=ComplaintEvent.Kind.NOTE).exists())


class IdentityTest(BaseTestCase):
    def identity(self, user, case):
        self.client.force_login(user)
        return self.client.get(reverse("backoffice:identity", args=[case.tracking_code]))

    def test_every_look_at_an_identity_is_logged(self):
        case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)
        response = self.identity(self.petugas_a, case)
        self.assertContains(response, "Budi Santoso")
        self.assertEqual(response["Cache-Control"], "no-store")
        view = case.events.get(kind=ComplaintEvent.Kind.IDENTITY_VIEW)
        self.assertEqual((view.actor, view.is_public), (self.petugas_a, False))

    def test_a_confidential_identity_is_refused_to_the_opd(self):
        case = self.advance(self.submit(is_confidential=True)[0], Action.VERIFY, Action.DISPATCH)
        self.assertEqual(self.identity(self.petugas_a, case).status_code, 403)
        self.assertEqual(self.identity(self.kepala_a, case).status_code, 403)
        self.assertContains(self.identity(self.admin, case), "Budi Santoso")
        self.assertEqual(case.events.filter(kind=ComplaintEvent.Kind.IDENTITY_VIEW).count(), 1)

    def test_the_case_page_never_embeds_the_identity(self):
        case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)
        for user in (self.admin, self.petugas_a, self.inspektur, self.ombudsman, self.focal_a):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
                self.assertNotContains(response, "Budi Santoso")
                self.assertNotContains(response, "08123456789")

    def test_oversight_roles_cannot_see_identities(self):
        case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)
        for user in (self.inspektur, self.ombudsman, self.focal_a, self.petugas_b):
            with self.subTest(user=user.username):
                self.assertIn(self.identity(user, case).status_code, (403, 404))


class RecordTest(BaseTestCase):
    def data(self, **extra):
        data = {
            "channel": "forum",
            "forum_session": "Ngombe, Kecamatan Klojen",
            "jurisdiction": self.city.pk,
            "kind": "aspirasi",
            "title": "Usulan taman bermain",
            "description": "Warga mengusulkan taman bermain anak di lahan kosong kelurahan.",
            "reporter_name": "Pak RT",
        }
        data.update(extra)
        return data

    def test_the_administrator_records_a_forum_aspiration(self):
        self.client.force_login(self.admin)
        response = self.client.post(reverse("backoffice:record"), self.data())
        self.assertContains(response, 'data-testid="secret"')
        complaint = Complaint.objects.get()
        self.assertEqual(
            (complaint.channel, complaint.forum_session, complaint.recorded_by, complaint.kind),
            ("forum", "Ngombe, Kecamatan Klojen", self.admin, "aspirasi"),
        )

    def test_only_complaint_administrators_record(self):
        for user in (self.petugas_a, self.inspektur):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("backoffice:record")).status_code, 403)


class TimeZoneTest(BaseTestCase):
    def test_the_case_page_shows_the_jurisdictions_own_time(self):
        from datetime import UTC, datetime

        from sigap.complaints.services import Submission, complaint_submit

        self.city.timezone = "Asia/Jayapura"  # WIT, UTC+9
        self.city.save(update_fields=["timezone"])
        case, _ = complaint_submit(
            submission=Submission(
                jurisdiction=self.city, title="Air mati", description="Air PDAM mati sejak pagi.", is_anonymous=True
            ),
            now=datetime(2026, 11, 23, 1, 30, tzinfo=UTC),
        )
        self.client.force_login(self.admin)
        response = self.client.get(reverse("backoffice:case", args=[case.tracking_code]))
        self.assertContains(response, "23 Nov 2026 10:30")  # 08:30 in WIB would be wrong here
