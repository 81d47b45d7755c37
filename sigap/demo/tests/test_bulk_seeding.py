"""Bulk seeding writes the same consistent rows on SQLite (bulk_create) and PostgreSQL (COPY)."""

from __future__ import annotations

from django.db.models import Count

from sigap.complaints.models import Complaint, ComplaintEvent, Reporter
from sigap.complaints.workflow import OPEN, Status
from sigap.demo.seeding import PATHS, seed_bulk_complaints
from sigap.test import BaseTestCase


class BulkSeedingTest(BaseTestCase):
    def test_every_case_has_its_timeline_reporter_and_deadline(self):
        self.assertEqual(seed_bulk_complaints(self.city, 300, batch_size=120), 300)
        cases = Complaint.objects.annotate(n=Count("events"))
        self.assertEqual(cases.count(), 300)
        for case in cases:
            self.assertEqual(case.n, 1 + len(PATHS[Status(case.status)]), case.status)
            self.assertEqual(case.due_at is not None, case.status in OPEN, case.status)
            self.assertEqual(case.tracking_code.count("-"), 2)
        self.assertEqual(Reporter.objects.count(), Complaint.objects.filter(is_anonymous=False).count())
        created = ComplaintEvent.objects.filter(kind="created").first()
        self.assertEqual(created.data, {"channel": created.complaint.channel})

    def test_weights_choose_the_statuses(self):
        seed_bulk_complaints(self.city, 50, weights={Status.ANSWERED: 1})
        self.assertEqual(set(Complaint.objects.values_list("status", flat=True)), {Status.ANSWERED})
