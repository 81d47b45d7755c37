"""Which cases are scored as likely duplicates: the newest of the same category and of the same place."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.suggestions import duplicates
from sigap.test import BaseTestCase

HERE = {"lat": -7.6450, "lng": 112.9070}
FAR = {"lat": -7.7200, "lng": 112.9900}  # some 12 km away


class CandidateTests(BaseTestCase):
    def filed(self, days_ago: int, **fields) -> Complaint:  # type: ignore[no-untyped-def]
        complaint, _ = self.submit(**fields)
        Complaint.objects.filter(pk=complaint.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        complaint.refresh_from_db()
        return complaint

    def candidates(self, complaint: Complaint) -> list[Complaint]:
        rows = duplicates._candidates(
            Complaint.objects.exclude(pk=complaint.pk),
            around=complaint.created_at,
            category_id=complaint.category_id,
            lat=complaint.lat,
            lng=complaint.lng,
        )
        return [Complaint.objects.get(pk=row.pk) for row in rows]

    def test_the_newest_of_both_the_same_category_and_the_same_place_are_merged_newest_first(self) -> None:
        same_category_far = self.filed(3, **FAR)
        other_category_here = self.filed(5, category=self.health, **HERE)
        both = self.filed(8, **HERE)
        neither = self.filed(1, category=self.health, **FAR)
        too_old = self.filed(70, **HERE)
        case = self.filed(0, **HERE)
        found = self.candidates(case)
        self.assertEqual(found, [same_category_far, other_category_here, both])
        self.assertNotIn(neither, found)
        self.assertNotIn(too_old, found)
        with mock.patch.object(duplicates, "CANDIDATES", 2):
            self.assertEqual(self.candidates(case), [same_category_far, other_category_here])

    def test_without_a_place_or_category_the_newest_of_the_window_are_compared(self) -> None:
        older, newer = self.filed(9, category=None), self.filed(2, category=self.health, **FAR)
        case = self.filed(0, category=None)
        self.assertEqual(self.candidates(case), [newer, older])

    def test_the_place_query_reads_only_what_its_covering_index_holds_on_postgresql(self) -> None:
        """At 1M complaints the box's heap rows cost 15-30 ms a case page; the index-only scan 4 ms."""
        if connection.vendor != "postgresql":
            self.skipTest("covering indexes are PostgreSQL's")
        case = self.filed(0, **HERE)
        with CaptureQueriesContext(connection) as captured:
            duplicates._candidates(
                Complaint.objects.filter(jurisdiction_id=self.city.pk).exclude(pk=case.pk),
                around=case.created_at,
                category_id=None,
                lat=case.lat,
                lng=case.lng,
            )
        place_query = next(q["sql"] for q in captured.captured_queries if '"lat" BETWEEN' in q["sql"])
        read = set(re.findall(r'"complaints_complaint"\."(\w+)"', place_query))
        # Both indexes the planner may take for it: the box (few years) and the window by date (many).
        for index in ("complaint_dup_place_idx", "complaint_dup_window_idx"):
            with connection.cursor() as cursor:
                cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
                found = cursor.fetchone()
            self.assertIsNotNone(found, index)
            self.assertEqual({c for c in read if not re.search(rf"\b{c}\b", found[0])}, set(), index)
