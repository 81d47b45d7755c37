"""The inbox's pages: keyset cursors both ways, filters kept in the links, a capped count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import OPEN, Action
from sigap.test import BaseTestCase

INBOX = reverse("backoffice:inbox")


@mock.patch("sigap.backoffice.views.PAGE_SIZE", 3)
class InboxPagesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cases = [cls.submit(cls, title=f"Jalan rusak nomor {n}")[0] for n in range(8)]
        for case in cls.cases[:3]:
            cls.advance(cls, case, Action.VERIFY, Action.DISPATCH)
        cls.closed = cls.advance(cls, cls.submit(cls, title="Sudah selesai")[0], Action.ARCHIVE, archive_reason="spam")
        # Ties on created_at across page boundaries: only the id orders them.
        start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
        moments = [start, start, start, start + timedelta(hours=1), start + timedelta(hours=1), start, start, start]
        for case, moment in zip(cls.cases, moments, strict=True):
            Complaint.objects.filter(pk=case.pk).update(created_at=moment)

    def setUp(self):
        self.client.force_login(self.admin)

    def walk(self, url: str, link: str) -> tuple[list[list[int]], str]:
        """Follow `link` ("next_url" or "previous_url") from `url` to the end; the pages' ids and the last URL."""
        pages = []
        for _ in range(20):
            response = self.client.get(INBOX + url)
            self.assertEqual(response.status_code, 200)
            pages.append([case.pk for case, _due in response.context["rows"]])
            following = getattr(response.context["page"], link)
            if not following:
                return pages, url
            url = following
        self.fail("the pages never end")

    def newest_first(self, cases) -> list[int]:
        return [c.pk for c in Complaint.objects.filter(pk__in=[c.pk for c in cases]).order_by("-created_at", "-id")]

    def test_every_case_is_on_exactly_one_page_forward_and_back(self):
        forward, last = self.walk("?status=", "next_url")
        expected = self.newest_first([*self.cases, self.closed])
        self.assertEqual([pk for page in forward for pk in page], expected)
        self.assertEqual([len(page) for page in forward], [3, 3, 3])
        backward, _first = self.walk(last, "previous_url")
        self.assertEqual(backward, forward[::-1])

    def test_the_default_inbox_pages_through_open_cases_only(self):
        forward, _last = self.walk("", "next_url")
        listed = [pk for page in forward for pk in page]
        self.assertEqual(listed, self.newest_first(self.cases))
        self.assertNotIn(self.closed.pk, listed)
        self.assertTrue(set(Complaint.objects.filter(pk__in=listed).values_list("status", flat=True)) <= OPEN)

    def test_filters_stay_in_the_page_links(self):
        for case in self.cases[3:5]:
            self.advance(case, Action.VERIFY, Action.DISPATCH)
        query = f"?status=dispatched&opd={self.opd_a.pk}"
        forward, last = self.walk(query, "next_url")
        self.assertEqual([pk for page in forward for pk in page], self.newest_first(self.cases[:5]))
        self.assertIn(f"opd={self.opd_a.pk}", last)
        self.assertIn("status=dispatched", last)
        backward, _first = self.walk(last, "previous_url")
        self.assertEqual(backward, forward[::-1])

    def test_the_page_links_name_the_next_and_previous_pages(self):
        response = self.client.get(INBOX, {"status": ""})
        self.assertContains(response, 'rel="next"')
        self.assertNotContains(response, 'rel="prev"')
        response = self.client.get(INBOX + response.context["page"].next_url)
        self.assertContains(response, ">Sebelumnya<")
        self.assertContains(response, ">Berikutnya<")

    def test_a_link_that_is_not_a_cursor_shows_the_first_page_and_says_so(self):
        first = self.client.get(INBOX, {"status": ""})
        for parameter in ("setelah", "sebelum"):
            with self.subTest(parameter=parameter):
                response = self.client.get(INBOX, {"status": "", parameter: "bukan-kursor"})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Tautan halaman itu tidak (lagi) berlaku")
                self.assertEqual(response.context["rows"], first.context["rows"])

    def test_the_count_is_exact_up_to_its_cap_and_says_more_beyond(self):
        response = self.client.get(INBOX, {"status": ""})
        self.assertContains(response, "9 pengaduan")
        with mock.patch("sigap.backoffice.inbox_pages.COUNT_CAP", 5):
            response = self.client.get(INBOX, {"status": ""})
        self.assertContains(response, "lebih dari 5 pengaduan")

    def test_an_opd_and_a_category_together_are_counted_through_their_own_index(self):
        # At 10M complaints, combining the OPD's and the category's indexes took 209 ms to count
        # 1,001 cases; complaint_opd_category_idx (complaints migration 0011) holds the pair.
        if connection.vendor != "postgresql":
            self.skipTest("SQLite's small databases do without")
        import copy

        from sigap.complaints.codes import new_tracking_code

        case = Complaint.objects.get(pk=self.cases[0].pk)
        # As at scale: many cases of the OPD in other categories, of the category at other OPDs, and
        # of neither.
        others = []
        pairs = [(self.opd_a, self.health), (self.opd_b, self.roads)] * 100 + [(self.opd_b, self.health)] * 3000
        for opd, category in pairs:
            other = copy.copy(case)
            other.pk, other.tracking_code, other.opd, other.category = None, new_tracking_code(), opd, category
            others.append(other)
        Complaint.objects.bulk_create(others)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(INBOX, {"status": "", "opd": case.opd_id, "category": case.category_id})
        self.assertContains(response, "3 pengaduan")
        [count] = [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)") and '"opd_id" =' in q["sql"]]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE complaints_complaint")
            # A few hundred rows make the table cheap to read; take it out of the choice to see the indexes'.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {count}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("complaint_opd_category_idx", plan)

    def test_a_deep_page_costs_the_queries_of_the_first(self):
        self.client.get(INBOX)  # warm the session
        counts = []
        url = "?status="
        for link in ("next_url", "next_url", "previous_url"):
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(INBOX + url)
            counts.append(len(captured))
            url = getattr(response.context["page"], link)
        with CaptureQueriesContext(connection) as captured:
            self.client.get(INBOX + url)
        counts.append(len(captured))
        self.assertEqual(len(set(counts)), 1, counts)

    def test_search_results_keep_numbered_pages_with_the_search_in_their_links(self):
        response = self.client.get(INBOX, {"q": "jalan rusak", "status": ""})
        page = response.context["page"]
        self.assertEqual(len(response.context["rows"]), 3)
        self.assertIn("q=jalan+rusak", page.next_url)
        self.assertIn("page=2", page.next_url)
        self.assertEqual(page.position, "1 / 3")
        second = self.client.get(INBOX + page.next_url)
        self.assertEqual(second.context["page"].position, "2 / 3")
        self.assertIn("page=1", second.context["page"].previous_url)
