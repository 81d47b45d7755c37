"""The demo city has kecamatan and kelurahan, and its public reports are in them, so filters and area alerts work."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from sigap.demo.seeding import seed_areas, seed_city, seed_public_reports, seed_staff, seed_story_complaints
from sigap.publicreports.models import Area, PublicReport


class DemoAreasTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = seed_city()
        seed_staff(cls.city)
        seed_story_complaints(cls.city, 40)
        cls.shown = seed_public_reports(cls.city)

    def test_every_kelurahan_lies_in_one_of_the_four_kecamatan(self) -> None:
        kecamatan = Area.objects.filter(jurisdiction=self.city, kind=Area.Kind.KECAMATAN)
        self.assertEqual(
            sorted(kecamatan.values_list("name", flat=True)), ["Bugul Kidul", "Gadingrejo", "Panggungrejo", "Purworejo"]
        )
        kelurahan = Area.objects.filter(jurisdiction=self.city, kind=Area.Kind.KELURAHAN)
        self.assertGreaterEqual(kelurahan.count(), 16)
        self.assertFalse(kelurahan.filter(parent__isnull=True).exists())
        self.assertEqual(len(seed_areas(self.city)), kelurahan.count())  # re-running adds nothing

    def test_verified_public_complaints_are_published_in_their_kelurahan(self) -> None:
        self.assertEqual(self.shown, 40)
        self.assertEqual(seed_public_reports(self.city), 0)
        published = PublicReport.objects.filter(is_published=True)
        self.assertGreater(published.count(), 5)
        self.assertFalse(published.filter(eligible=False).exists())
        placed = published.filter(kelurahan__isnull=False)
        self.assertGreater(placed.count(), 0)
        for report in placed:
            self.assertIn(f"Kel. {report.kelurahan.name}", report.complaint.address)
            self.assertEqual(report.kecamatan_id, report.kelurahan.parent_id)

    def test_the_public_list_filters_by_the_demo_kecamatan(self) -> None:
        report = PublicReport.objects.filter(is_published=True, kecamatan__isnull=False).first()
        assert report is not None
        other = PublicReport.objects.filter(is_published=True).exclude(kecamatan=report.kecamatan).first()
        response = self.client.get(reverse("publicreports:list"), {"kecamatan": report.kecamatan_id})
        self.assertContains(response, report.complaint.tracking_code)
        assert other is not None
        self.assertNotContains(response, other.complaint.tracking_code)
