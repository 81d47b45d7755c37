"""Numbers written for scripts (map centres, coordinates) are written the way JavaScript reads them.

In Indonesian, Django writes -7.6453 as "-7,6453"; `parseFloat` reads that as -7 and the map opens
about 100 km away. Every page with a map must write its coordinates unlocalised in both languages.
"""

from __future__ import annotations

import re

from django.test import override_settings

from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
from sigap.test import BaseTestCase

COORDINATE = re.compile(r'data-(?:center-lat|center-lng|lat|lng)="([^"]*)"')


@override_settings(USE_THOUSAND_SEPARATOR=True)
class ScriptNumbersTests(BaseTestCase):
    def setUp(self) -> None:
        self.city.map_center_lat, self.city.map_center_lng = -7.6453, 112.9075
        self.city.save()

    def coordinates(self, path: str, language: str) -> list[float]:
        response = self.client.get(path, headers={"accept-language": language})
        self.assertEqual(response.status_code, 200, path)
        found = COORDINATE.findall(response.content.decode())
        self.assertTrue(found, f"{path} has no coordinates")
        return [float(value) for value in found]  # float() refuses "-7,6453" as JavaScript should

    def test_map_centres_and_places_are_written_unlocalised_in_both_languages(self):
        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=self.city, title="Lampu jalan mati di Jl. Merdeka", category=self.roads,
                description="Lampu penerangan jalan mati sejak seminggu, jalan gelap di malam hari.",
                lat=-7.6461, lng=112.9012, reporter=ReporterDetails(name="Warga"),
            )
        )  # fmt: skip
        for language in ("id", "en"):
            self.client.logout()
            self.assertIn(-7.6453, self.coordinates("/lapor/", language))
            self.assertIn(112.9075, self.coordinates(f"/statistik/{self.city.slug}/", language))
            self.client.force_login(self.admin)
            self.assertIn(-7.6453, self.coordinates("/staf/catat/", language))
            self.assertIn(112.9075, self.coordinates("/staf/dasbor/", language))
            self.assertIn(-7.6461, self.coordinates(f"/staf/kasus/{complaint.tracking_code}/", language))
