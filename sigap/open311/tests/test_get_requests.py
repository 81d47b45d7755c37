"""GET /requests and /requests/{id}: every filter, paging, status mapping, and what is never published."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Action
from sigap.open311.tests.base import FORMATS, Open311TestCase

KEYS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]  # fmt: skip


class GetRequestsTest(Open311TestCase):
    def setUp(self):
        self.open_case, _ = self.submit(lat=-7.64, lng=112.9, address="Jl. Merdeka 1")
        self.dispatched, _ = self.submit(category=self.health, title="Antrean panjang")
        self.advance(self.dispatched, Action.VERIFY, Action.DISPATCH)
        self.closed, _ = self.submit()
        self.advance(self.closed, Action.VERIFY, Action.DISPATCH, Action.ACCEPT, Action.ANSWER, Action.CONFIRM)
        self.secret_case, _ = self.submit(is_confidential=True, title="Pungli di loket")

    def ids(self, **params):
        response = self.get311("requests", "json", **params)
        self.assertEqual(response.status_code, 200, response.content)
        return {r["service_request_id"] for r in self.parsed(response, "json", schema_name="service_requests")}

    def test_every_documented_key_is_present_in_both_formats(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                data = self.parsed(self.get311("requests", fmt), fmt, schema_name="service_requests")
                if fmt == "json":
                    self.assertEqual(len(data), 3)
                    self.assertTrue(all(list(r) == KEYS for r in data))
                else:
                    self.assertEqual(data.tag, "service_requests")
                    self.assertEqual(len(data.findall("request")), 3)
                    self.assertEqual([c.tag for c in data.find("request")], KEYS)

    def test_statuses_map_to_open_and_closed_with_notes(self):
        data = {r["service_request_id"]: r for r in self.get311("requests", "json").json()}
        closed = data[self.closed.tracking_code]
        self.assertEqual(closed["status"], "closed")
        self.assertEqual(closed["status_notes"], "Selesai")
        self.assertIsNone(closed["expected_datetime"])
        dispatched = data[self.dispatched.tracking_code]
        self.assertEqual(dispatched["status"], "open")
        self.assertEqual(dispatched["agency_responsible"], "Dinas Kesehatan")
        self.dispatched.refresh_from_db()
        self.assertEqual(
            dispatched["expected_datetime"][:19],
            self.dispatched.completion_due_at.astimezone(self.city.zone).isoformat()[:19],
        )
        self.assertTrue(dispatched["expected_datetime"].endswith("+07:00"))
        received = data[self.open_case.tracking_code]
        self.assertEqual(received["agency_responsible"], "Kota Contoh")
        self.assertEqual((received["lat"], received["long"]), (-7.64, 112.9))
        self.assertEqual(received["service_code"], "jalan")

    def test_no_reporter_identity_is_ever_published(self):
        for fmt in FORMATS:
            body = self.get311("requests", fmt).content.decode()
            for secret in ("Budi", "budi@example.id", "08123456789"):
                self.assertNotIn(secret, body)

    def test_confidential_complaints_are_kept_out_entirely(self):
        """SP4N-LAPOR!'s *rahasia* hides the report from the public (docs/legal-sources.md item 9)."""
        self.assertNotIn(self.secret_case.tracking_code, self.ids())
        self.assertNotIn(self.secret_case.tracking_code, self.ids(service_request_id=self.secret_case.tracking_code))
        for fmt in FORMATS:
            self.errors(self.get311(f"requests/{self.secret_case.tracking_code}", fmt), fmt, 404)

    def test_the_id_list_overrides_every_other_filter(self):
        ids = f"{self.open_case.tracking_code},{self.closed.tracking_code}"
        self.assertEqual(
            self.ids(service_request_id=ids, status="closed", service_code="puskesmas"),
            {self.open_case.tracking_code, self.closed.tracking_code},
        )

    def test_status_and_service_code_filter_with_comma_lists(self):
        self.assertEqual(self.ids(status="closed"), {self.closed.tracking_code})
        self.assertEqual(len(self.ids(status="open")), 2)
        self.assertEqual(len(self.ids(status="open,closed")), 3)
        self.assertEqual(self.ids(service_code="puskesmas"), {self.dispatched.tracking_code})
        self.assertEqual(len(self.ids(service_code="puskesmas,jalan")), 3)
        for fmt in FORMATS:
            self.errors(self.get311("requests", fmt, status="pending"), fmt, 400)

    def test_empty_optional_arguments_count_as_absent(self):
        self.assertEqual(len(self.ids(status="", service_code="", start_date="", page="")), 3)

    def test_unknown_flags_are_ignored(self):
        self.assertEqual(len(self.ids(extensions="true", foo="bar")), 3)

    def test_the_date_window_defaults_to_90_days(self):
        Complaint.objects.filter(pk=self.open_case.pk).update(created_at=timezone.now() - timedelta(days=100))
        self.assertNotIn(self.open_case.tracking_code, self.ids())
        start = (timezone.now() - timedelta(days=120)).date().isoformat()
        end = (timezone.now() - timedelta(days=50)).date().isoformat()
        self.assertEqual(self.ids(start_date=start, end_date=end), {self.open_case.tracking_code})

    def test_the_open_requests_are_read_newest_first_from_their_own_index(self):
        # At 10M complaints PostgreSQL read every open case of 90 days through the status index and
        # sorted them (81,500 rows, 438 ms); complaint_open_recent_idx (complaints migration 0013)
        # holds the open cases in the list's order.
        if connection.vendor != "postgresql":
            self.skipTest("SQLite's small databases do without")
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(len(self.ids(status="open")), 2)
        [listing] = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and "ORDER BY" in q["sql"]
                     and '"complaints_complaint"."status" IN' in q["sql"]]  # fmt: skip
        with connection.cursor() as cursor:
            # With a handful of rows a sort costs nothing; ask for the order from an index to see which.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {listing}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("complaint_open_recent_idx", plan)

    def test_dates_take_w3c_with_offsets_and_bad_ones_are_400(self):
        now = timezone.now().astimezone(self.city.zone).replace(microsecond=0)
        start = (now - timedelta(hours=1)).isoformat()
        self.assertEqual(len(self.ids(start_date=start)), 3)
        self.assertEqual(len(self.ids(start_date=(now - timedelta(hours=1)).astimezone(UTC).isoformat())), 3)
        self.assertEqual(len(self.ids(end_date=(now - timedelta(hours=2)).isoformat())), 0)
        for fmt in FORMATS:
            self.errors(self.get311("requests", fmt, start_date="kemarin"), fmt, 400)
            self.errors(self.get311("requests", fmt, start_date="2026-01-01", end_date="2026-06-01"), fmt, 400)
            self.errors(self.get311("requests", fmt, start_date="2026-06-01", end_date="2026-01-01"), fmt, 400)

    def test_updated_after_follows_changes(self):
        Complaint.objects.exclude(pk=self.closed.pk).update(updated_at=timezone.now() - timedelta(days=3))
        after = (timezone.now() - timedelta(days=1)).isoformat()
        self.assertEqual(self.ids(updated_after=after), {self.closed.tracking_code})
        before = (timezone.now() - timedelta(days=1)).isoformat()
        self.assertEqual(len(self.ids(updated_before=before)), 2)

    def test_pages_split_the_list_newest_first(self):
        pages = [self.get311("requests", "json", page=str(p), page_size="2").json() for p in (1, 2, 3)]
        self.assertEqual([len(p) for p in pages], [2, 1, 0])
        self.assertEqual(pages[0][0]["service_request_id"], self.closed.tracking_code)
        self.errors(self.get311("requests", "json", page_size="0"), "json", 400)
        self.errors(self.get311("requests", "json", page_size="5000"), "json", 400)

    def test_one_request_is_a_one_element_list(self):
        for fmt in FORMATS:
            with self.subTest(fmt=fmt):
                response = self.get311(f"requests/{self.dispatched.tracking_code}", fmt)
                data = self.parsed(response, fmt, schema_name="service_requests")
                if fmt == "json":
                    self.assertEqual(len(data), 1)
                    self.assertEqual(data[0]["service_request_id"], self.dispatched.tracking_code)
                else:
                    self.assertEqual(len(data.findall("request")), 1)

    def test_an_unknown_request_is_404(self):
        for fmt in FORMATS:
            self.errors(self.get311("requests/AAAA-BBBB-CCCC", fmt), fmt, 404)
            self.errors(self.get311("requests/nonsense", fmt), fmt, 404)

    def test_another_citys_request_is_not_found_here(self):
        other, _ = self.submit(jurisdiction=self.other_city, category=self.other_category)
        self.errors(self.get311(f"requests/{other.tracking_code}", "json"), "json", 404)

    def test_the_list_reads_only_what_a_request_shows(self):
        # Up to 1,000 rows a page: whole rows (and the jurisdiction joined into each) cost most of its time.
        self.submit()
        with CaptureQueriesContext(connection) as captured:
            data = self.get311("requests", "json").json()
        page = next(q["sql"] for q in captured if 'FROM "complaints_complaint"' in q["sql"])
        for column in ('"secret_hash"', '"title"', '"reporter_user_id"', '"verified_at"'):
            self.assertNotIn(column, page)
        self.assertNotIn('"organisations_jurisdiction"', page)
        self.assertEqual(data[0]["agency_responsible"], self.city.name)  # the jurisdiction it was asked for

    def test_a_list_element_is_the_request_s_own_answer(self):
        # The list reads plain columns for its up to 1,000 rows, one request reads the case: the same element.
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post311("requests", "json", self.request_form(media_url="https://img.example.org/a.jpg"))
        self.assertEqual(response.status_code, 200, response.content)
        for language in ("id", "en"):
            listed = self.client.get("/open311/v2/requests.json", self.jid, HTTP_ACCEPT_LANGUAGE=language).json()
            self.assertEqual(len(listed), 4)
            self.assertTrue(any(r["media_url"] for r in listed) and any(r["service_notice"] for r in listed))
            for element in listed:
                with self.subTest(language=language, request=element["service_request_id"]):
                    one = self.client.get(
                        f"/open311/v2/requests/{element['service_request_id']}.json", self.jid,
                        HTTP_ACCEPT_LANGUAGE=language,
                    ).json()  # fmt: skip
                    self.assertEqual(one, [element])
        self.assertNotEqual(listed[-1]["service_name"], self.get311("requests", "json").json()[-1]["service_name"])

    def test_the_list_takes_a_fixed_number_of_queries(self):
        for _ in range(5):
            self.submit()
        with self.assertNumQueries(3):
            # how many tenants, which one, and the page with its joins; nothing per request
            self.get311("requests", "json")
