"""The oversight demo data is built through the services and is safe to re-run."""

from __future__ import annotations

from django.test import TestCase

from sigap.demo.oversight import seed_oversight
from sigap.demo.seeding import seed_city, seed_staff, seed_story_complaints
from sigap.oversight.models import InformationRequest, RequestStatus
from sigap.standards.models import ServiceStandard


class OversightDemoTest(TestCase):
    def test_seeding_twice_adds_nothing_the_second_time(self):
        city = seed_city()
        seed_staff(city)
        seed_story_complaints(city, 30)
        first = seed_oversight(city)
        self.assertEqual((first["reports"], first["standards"]), (3, 9))
        self.assertGreater(first["surveys"], 100)
        self.assertEqual(set(seed_oversight(city).values()), {0})
        waiting = InformationRequest.objects.get()
        self.assertEqual((waiting.opd.code, waiting.status), ("dpupr", RequestStatus.OPEN))
        self.assertEqual(ServiceStandard.objects.filter(is_published=True).count(), 9)
