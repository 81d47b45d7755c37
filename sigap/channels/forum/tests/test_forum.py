"""Aspiration forums: a session, many aspirations recorded quickly, channel and officer kept."""

from __future__ import annotations

from sigap.channels.models import ForumEntry, ForumSession
from sigap.complaints.models import Channel, Complaint, Kind
from sigap.test import BaseTestCase


class ForumTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.admin)

    def open_session(self):
        response = self.client.post(
            "/kanal/forum/",
            {"jurisdiction": self.city.pk, "name": "Ngombe", "held_on": "2026-06-12", "place": "Kecamatan Klojen"},
        )
        session = ForumSession.objects.get()
        self.assertRedirects(response, f"/kanal/forum/{session.pk}/")
        return session

    def test_one_officer_records_many_aspirations_of_a_session_in_a_row(self):
        session = self.open_session()
        for i in range(3):
            response = self.client.post(
                f"/kanal/forum/{session.pk}/",
                {"kind": "aspirasi", "category": self.roads.pk, "title": f"Usulan {i}",
                 "description": "Warga mengusulkan perbaikan saluran air di RW 05.",
                 "reporter_name": "Pak RW" if i else ""},
            )  # fmt: skip
            self.assertRedirects(response, f"/kanal/forum/{session.pk}/?kind=aspirasi&category={self.roads.pk}")
        complaints = Complaint.objects.order_by("pk")
        self.assertEqual(complaints.count(), 3)
        for complaint in complaints:
            self.assertEqual(complaint.channel, Channel.FORUM)
            self.assertEqual(complaint.kind, Kind.ASPIRATION)
            self.assertEqual(complaint.recorded_by, self.admin)
            self.assertEqual(complaint.forum_session, "Ngombe, 2026-06-12, Kecamatan Klojen")
            self.assertEqual(complaint.forum_entry.session, session)
        self.assertTrue(complaints[0].is_anonymous)
        self.assertEqual(complaints[1].reporter.name, "Pak RW")
        page = self.client.get(f"/kanal/forum/{session.pk}/?kind=aspirasi&category={self.roads.pk}")
        self.assertContains(page, "Usulan 2")
        self.assertContains(page, "autofocus")

    def test_an_incomplete_aspiration_is_refused_with_the_reason_and_the_session_keeps_its_entries(self):
        session = self.open_session()
        response = self.client.post(
            f"/kanal/forum/{session.pk}/", {"kind": "aspirasi", "title": "x", "description": "pendek"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "10")
        self.assertEqual(ForumEntry.objects.count(), 0)

    def test_another_citys_session_is_not_found(self):
        other = ForumSession.objects.create(jurisdiction=self.other_city, name="Forum", held_on="2026-06-12")
        self.assertEqual(self.client.get(f"/kanal/forum/{other.pk}/").status_code, 404)
