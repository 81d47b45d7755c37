"""Likely duplicates at intake, linking and merging them, and the portal's follow offer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.accounts.principal import principal_for
from sigap.complaints.models import ComplaintEvent
from sigap.complaints.selectors import complaints_visible_to
from sigap.complaints.services import ReporterDetails
from sigap.complaints.workflow import Action, ArchiveReason, Status
from sigap.suggestions.duplicates import haversine_m, likely_duplicates
from sigap.suggestions.models import DuplicateLink
from sigap.suggestions.services import duplicate_link, duplicate_merge
from sigap.test import BaseTestCase

POTHOLE = "Lubang besar di Jl. Merdeka depan SD Negeri 3, sudah dua minggu membahayakan pengendara motor."


class DuplicateTests(BaseTestCase):
    def setUp(self) -> None:
        self.first, _ = self.submit(title="Jalan berlubang Jl. Merdeka", description=POTHOLE, lat=-7.6450, lng=112.9070)
        self.second, _ = self.submit(
            title="Lubang di jalan Merdeka",
            description="jalan merdeka depan sd negeri 3 ada lubang besar bahaya buat motor udah 2 minggu",
            lat=-7.6452,
            lng=112.9072,
            reporter=ReporterDetails(name="Sari Dewi", email="sari@example.id"),
        )
        self.elsewhere, _ = self.submit(
            title="Antrian puskesmas",
            description="Antrian di puskesmas sangat lama dan obat kosong.",
            category=self.health,
            lat=-7.70,
            lng=112.95,
        )

    def candidates(self, user, case):  # type: ignore[no-untyped-def]
        return likely_duplicates(visible=complaints_visible_to(principal_for(user)), complaint=case)

    def test_haversine_measures_metres(self) -> None:
        self.assertAlmostEqual(haversine_m(-7.6450, 112.9070, -7.6452, 112.9072), 31, delta=2)

    def test_near_identical_nearby_reports_are_listed_and_others_not(self) -> None:
        found = self.candidates(self.admin, self.second)
        self.assertEqual([c.complaint for c in found], [self.first])
        self.assertLess(found[0].distance_m or 0, 50)
        self.assertGreater(found[0].score, 0.7)

    def test_duplicates_are_drawn_only_from_cases_the_user_may_see(self) -> None:
        self.advance(self.first, Action.VERIFY, Action.DISPATCH)
        self.advance(self.second, Action.VERIFY, Action.DISPATCH)
        self.assertEqual([c.complaint for c in self.candidates(self.petugas_a, self.second)], [self.first])
        self.assertEqual(self.candidates(self.petugas_b, self.second), [])

    def test_linking_records_it_on_both_timelines(self) -> None:
        duplicate_link(complaint=self.second, original=self.first, actor=self.admin, acting_as="complaint_admin")
        for case, other in ((self.first, self.second), (self.second, self.first)):
            note = case.events.get(kind=ComplaintEvent.Kind.NOTE)
            self.assertIn(other.tracking_code, note.body)
            self.assertFalse(note.is_public)
        with self.assertRaisesMessage(ValidationError, "sudah ditautkan"):
            duplicate_link(complaint=self.first, original=self.second, actor=self.admin, acting_as="complaint_admin")

    def test_merging_archives_the_duplicate_and_tells_both_reporters(self) -> None:
        duplicate_merge(duplicate=self.second, original=self.first, actor=self.admin)
        self.second.refresh_from_db()
        self.assertEqual(self.second.status, Status.ARCHIVED)
        self.assertEqual(self.second.archive_reason, ArchiveReason.DUPLICATE)
        told = self.second.events.filter(is_public=True, action=Action.ARCHIVE).get()
        self.assertIn(self.first.tracking_code, told.body)
        self.assertIn(reverse("suggestions:follow", args=[self.first.tracking_code]), told.body)
        self.assertNotIn("Sari", told.body)
        reply = self.first.events.get(kind=ComplaintEvent.Kind.REPLY)
        self.assertTrue(reply.is_public)
        self.assertNotIn(self.second.tracking_code, reply.body)  # the other reporter's case stays private
        self.assertTrue(
            self.first.events.filter(kind=ComplaintEvent.Kind.NOTE, body__contains=self.second.tracking_code)
        )
        self.assertEqual(DuplicateLink.objects.get().kind, DuplicateLink.Kind.MERGED)

    def test_a_case_already_with_an_opd_cannot_be_merged(self) -> None:
        self.advance(self.second, Action.VERIFY, Action.DISPATCH)
        with self.assertRaisesMessage(ValidationError, "tautkan keduanya saja"):
            duplicate_merge(duplicate=self.second, original=self.first, actor=self.admin)

    def test_staff_pages_let_the_right_roles_link_and_merge(self) -> None:
        merge = reverse("suggestions:merge", args=[self.second.tracking_code, self.first.tracking_code])
        link = reverse("suggestions:link", args=[self.second.tracking_code, self.first.tracking_code])
        for user in (self.inspektur, self.ombudsman):
            self.client.force_login(user)
            self.assertEqual(self.client.post(merge).status_code, 403, user)
            self.assertEqual(self.client.post(link).status_code, 403, user)
        # Not yet dispatched: outside every OPD role's reach.
        for user in (self.petugas_a, self.kepala_a, self.focal_a, self.petugas_b, self.admin_lain):
            self.client.force_login(user)
            self.assertEqual(self.client.post(merge).status_code, 404, user)
        self.client.force_login(self.admin)
        page = self.client.get(reverse("backoffice:case", args=[self.second.tracking_code]))
        self.assertContains(page, f'data-duplicate="{self.first.tracking_code}"')
        response = self.client.post(merge)
        self.assertRedirects(response, reverse("backoffice:case", args=[self.first.tracking_code]))
        self.second.refresh_from_db()
        self.assertEqual(self.second.status, Status.ARCHIVED)


class PortalFollowTests(BaseTestCase):
    def setUp(self) -> None:
        self.open_case, _ = self.submit(
            title="Jalan berlubang Jl. Merdeka", description=POTHOLE, lat=-7.645, lng=112.907
        )
        self.secret_case, _ = self.submit(
            title="Jalan berlubang dekat rumah saya",
            description=POTHOLE + " Rumah saya nomor 12.",
            is_confidential=True,
        )

    def test_the_portal_offers_similar_public_cases_without_their_text(self) -> None:
        response = self.client.get(
            reverse("suggestions:similar"),
            {
                "jurisdiction": self.city.pk,
                "title": "Lubang jalan Merdeka",
                "description": POTHOLE,
                "category": self.roads.pk,
                "lat": "-7.6451",
                "lng": "112.9071",
            },
        )
        self.assertContains(response, reverse("suggestions:follow", args=[self.open_case.tracking_code]))
        self.assertNotContains(response, self.secret_case.tracking_code)
        self.assertNotContains(response, "Merdeka depan SD")  # the other case's text
        self.assertNotContains(response, "Budi")

    def test_the_follow_page_shows_public_facts_only(self) -> None:
        response = self.client.get(reverse("suggestions:follow", args=[self.open_case.tracking_code]))
        self.assertContains(response, self.roads.name)
        self.assertNotContains(response, "SD Negeri 3")
        self.assertNotContains(response, "Budi Santoso")
        response = self.client.post(reverse("suggestions:follow_add", args=[self.open_case.tracking_code]), follow=True)
        self.assertTrue(response.context["following"])

    def test_a_confidential_case_cannot_be_followed_publicly(self) -> None:
        self.assertEqual(
            self.client.get(reverse("suggestions:follow", args=[self.secret_case.tracking_code])).status_code, 404
        )
        self.assertEqual(self.client.get(reverse("suggestions:follow", args=["ABCD-EFGH-JKMN"])).status_code, 404)
