"""The outbox page is about deliveries only: the deadline sweep has its own page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from sigap.escalation.models import SweepRun
from sigap.test import BaseTestCase


class OutboxTest(BaseTestCase):
    def test_it_shows_nothing_of_the_deadline_sweep(self):
        SweepRun.objects.create(
            started_at=timezone.now(),
            finished_at=timezone.now(),
            as_of=timezone.now(),
            counts={"escalated_1": 4},
            errors=[{"step": "escalated_1", "complaint": 1, "error": "RuntimeError: broken row"}],
        )
        self.client.force_login(self.admin)
        page = self.client.get(reverse("notifications:outbox"))
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("sweeps", page.context)
        self.assertNotContains(page, "Dieskalasi ke kepala OPD")
        self.assertNotContains(page, "Pengaduan yang ditangani")
