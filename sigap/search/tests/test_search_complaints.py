"""Full-text search of cases: Indonesian stemming, ranking, highlights and visibility."""

from __future__ import annotations

from django.urls import reverse

from sigap.accounts.principal import principal_for
from sigap.complaints.selectors import InboxFilters
from sigap.complaints.services import ReporterDetails, complaint_add_note
from sigap.complaints.workflow import Action
from sigap.search.documents import documents_rebuild
from sigap.search.selectors import search_complaints, search_highlights
from sigap.test import BaseTestCase

ALL = InboxFilters(status="")


class IndexedTestCase(BaseTestCase):
    """Run the on-commit observers (the index refresh) as a real commit would."""

    def submit(self, **overrides):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            return super().submit(**overrides)

    def advance(self, complaint, *steps, **kwargs):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            return super().advance(complaint, *steps, **kwargs)


class SearchTests(IndexedTestCase):
    def setUp(self) -> None:
        self.slow_service, _ = self.submit(
            title="Petugas loket tidak mau melayani",
            description="Saya datang jam sembilan tetapi petugas tidak melayani warga dan sibuk bermain ponsel.",
            category=self.health,
        )
        self.road, _ = self.submit()
        self.confidential, _ = self.submit(
            title="Dugaan pungutan di puskesmas",
            description="Petugas meminta uang tambahan untuk pelayanan rawat jalan di puskesmas.",
            category=self.health,
            is_confidential=True,
            reporter=ReporterDetails(name="Wulandari Kusumawati", phone="0811111111"),
        )

    def find(self, user, query: str, **filters):  # type: ignore[no-untyped-def]
        return list(search_complaints(principal=principal_for(user), query=query, filters=InboxFilters(**filters)))

    def test_it_finds_pelayanan_from_other_forms_of_the_word(self) -> None:
        found = self.find(self.admin, "pelayanan", status="")
        self.assertIn(self.slow_service, found)  # the case says "melayani"
        self.assertIn(self.confidential, found)  # the case says "pelayanan"
        self.assertNotIn(self.road, found)
        self.assertIn(self.slow_service, self.find(self.admin, "dilayani", status=""))

    def test_it_needs_every_word_of_a_two_word_query(self) -> None:
        self.assertEqual(self.find(self.admin, "lubang sekolah", status=""), [self.road])
        self.assertEqual(self.find(self.admin, "lubang puskesmas", status=""), [])

    def test_stop_words_alone_fall_back_to_the_filtered_inbox(self) -> None:
        self.assertEqual(len(self.find(self.admin, "yang dan di", status="")), 3)

    def test_it_ranks_a_title_match_above_a_description_match(self) -> None:
        found = self.find(self.admin, "petugas melayani", status="")
        self.assertEqual(found[0], self.slow_service)

    def test_it_combines_text_with_the_inbox_filters(self) -> None:
        self.assertEqual(self.find(self.admin, "petugas", status="", category_id=self.roads.pk), [])
        self.assertEqual(len(self.find(self.admin, "petugas", status="", category_id=self.health.pk)), 2)

    def test_a_tracking_code_finds_the_case(self) -> None:
        self.assertEqual(self.find(self.admin, self.road.tracking_code.lower(), status=""), [self.road])

    def test_an_opd_officer_never_finds_another_opds_case(self) -> None:
        self.advance(self.road, Action.VERIFY, Action.DISPATCH)  # DPUPR holds it
        self.advance(self.slow_service, Action.VERIFY, Action.DISPATCH, opd=self.opd_b)
        self.assertEqual(self.find(self.petugas_a, "jalan lubang", status=""), [self.road])
        self.assertEqual(self.find(self.petugas_b, "jalan lubang", status=""), [])
        self.assertEqual(self.find(self.petugas_a, "melayani", status=""), [])
        self.assertEqual(self.find(self.admin_lain, "jalan", status=""), [])
        self.assertEqual(self.find(self.sysadmin, "jalan", status=""), [])

    def test_answers_and_notes_are_searchable_by_staff(self) -> None:
        self.advance(self.road, Action.VERIFY, Action.DISPATCH, Action.ACCEPT)
        self.advance(self.road, Action.ANSWER, text="Penambalan aspal dikerjakan oleh tim pemeliharaan.")
        with self.captureOnCommitCallbacks(execute=True):
            complaint_add_note(
                complaint=self.road, actor=self.inspektur, acting_as="inspektorat", body="Cek kontraktor"
            )
        self.assertEqual(self.find(self.inspektur, "pemeliharaan", status=""), [self.road])
        self.assertEqual(self.find(self.petugas_a, "kontraktor", status=""), [self.road])

    def test_a_confidential_identity_is_never_found_nor_shown(self) -> None:
        """UU 25/2009 Pasal 39 / SP4N-LAPOR! *rahasia*: the identity is for the administrator only."""
        for user in (self.admin, self.inspektur, self.ombudsman):
            self.assertEqual(self.find(user, "Wulandari", status=""), [])
            self.assertEqual(self.find(user, "Kusumawati", status=""), [])
        found = self.find(self.inspektur, "pungutan", status="")
        self.assertEqual(found, [self.confidential])
        excerpts = search_highlights(complaints=found, query="pungutan")
        self.assertNotIn("Wulandari", excerpts[self.confidential.pk])
        self.assertNotIn("0811111111", excerpts[self.confidential.pk])

    def test_highlights_mark_matches_and_escape_the_text(self) -> None:
        case, _ = self.submit(
            title="Skrip",
            description="<script>alert(1)</script> Pelayanan loket sangat lambat sekali hari ini.",
        )
        excerpts = search_highlights(complaints=[case], query="layanan lambat")
        self.assertIn("<mark>lambat</mark>", excerpts[case.pk])
        self.assertIn("<mark>Pelayanan</mark>", excerpts[case.pk])
        self.assertNotIn("<script>", excerpts[case.pk])

    def test_rebuilding_the_index_gives_the_same_results(self) -> None:
        before = self.find(self.admin, "petugas pelayanan", status="")
        self.assertEqual(documents_rebuild(batch_size=2), 3)
        self.assertEqual(self.find(self.admin, "petugas pelayanan", status=""), before)


class InboxSearchTests(IndexedTestCase):
    def test_the_inbox_text_filter_searches_and_highlights(self) -> None:
        case, _ = self.submit(title="Air tidak mengalir", description="Air PDAM mati sejak kemarin di rumah kami.")
        self.submit()
        self.client.force_login(self.admin)
        response = self.client.get(reverse("backoffice:inbox"), {"q": "air kemarin", "status": ""})
        self.assertEqual([c.pk for c, _ in response.context["rows"]], [case.pk])
        self.assertContains(response, "<mark>")

    def test_an_opd_officer_searching_the_inbox_sees_only_their_cases(self) -> None:
        self.submit()
        self.client.force_login(self.petugas_b)
        response = self.client.get(reverse("backoffice:inbox"), {"q": "jalan berlubang", "status": ""})
        self.assertEqual(list(response.context["rows"]), [])


class ManyMatchesTests(IndexedTestCase):
    def setUp(self) -> None:
        self.cases = [self.submit(title=f"Jalan berlubang nomor {i}")[0] for i in range(3)]
        self.advance(self.cases[0], Action.VERIFY, Action.DISPATCH)

    def test_beyond_the_rank_limit_the_newest_matches_come_first(self) -> None:
        from unittest import mock

        from django.db import connection

        from sigap.search.selectors import SearchResults

        with mock.patch("sigap.search.selectors.RANK_LIMIT", 2):
            results = SearchResults(principal=principal_for(self.admin), query="jalan lubang", filters=ALL)
            count = results.count()
            page = results[0:2]
        # Both backends: SQLite reads through the inbox selector, PostgreSQL from the search table.
        self.assertTrue(results.capped, connection.vendor)
        self.assertEqual(count, 2)
        self.assertEqual(page, [self.cases[2], self.cases[1]])

    def test_the_inbox_says_more_than_the_limit_matched(self) -> None:
        from unittest import mock

        self.client.force_login(self.admin)
        with mock.patch("sigap.search.selectors.RANK_LIMIT", 2):
            response = self.client.get(reverse("backoffice:inbox"), {"q": "jalan lubang", "status": ""})
        self.assertContains(response, "lebih dari 2 pengaduan — yang terbaru ditampilkan lebih dulu")

    def test_the_overdue_filter_finds_only_the_matches_past_their_deadline(self) -> None:
        # On PostgreSQL answered from the search table and the open matches' deadlines: the count
        # must agree with the rows, not count matches the inbox selector then drops.
        from datetime import timedelta

        import time_machine
        from django.utils import timezone

        from sigap.search.selectors import SearchResults

        overdue = InboxFilters(status="", due="overdue")
        admin = principal_for(self.admin)
        results = SearchResults(principal=admin, query="jalan lubang", filters=overdue)
        self.assertEqual((results.count(), list(results)), (0, []))
        with time_machine.travel(timezone.now() + timedelta(days=60)):
            results = SearchResults(principal=admin, query="jalan lubang", filters=overdue)
            self.assertEqual((results.count(), sorted(c.pk for c in results)), (3, sorted(c.pk for c in self.cases)))

    def test_a_jurisdiction_s_past_due_page_checks_the_deadline_inside_the_index(self) -> None:
        # The newest open cases are mostly not yet due: walking them newest first, the deadline is
        # compared in search_document_open_recent_idx, not by reading each row (search migration 0005).
        from datetime import timedelta
        from unittest import mock

        import time_machine
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from sigap.search.selectors import SearchResults

        if connection.vendor != "postgresql":
            self.skipTest("SQLite reads through the inbox selector")
        overdue = InboxFilters(status="", due="overdue")
        with (
            time_machine.travel(timezone.now() + timedelta(days=60)),
            mock.patch("sigap.search.selectors.RANK_LIMIT", 2),
            CaptureQueriesContext(connection) as queries,
        ):
            results = SearchResults(principal=principal_for(self.admin), query="jalan lubang", filters=overdue)
            self.assertEqual(results.count(), 2)  # past the cap: newest first, as at 1M
            self.assertEqual(results[0:2], [self.cases[2], self.cases[1]])
        [page] = [q["sql"] for q in queries if q["sql"].startswith("SELECT d.complaint_id") and "ORDER BY" in q["sql"]]
        self.assertNotIn("ts_rank", page)
        with transaction.atomic(), connection.cursor() as cursor:
            # A few rows make any plan cheap; take the table out of the choice to see the index's.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {page}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("search_document_open_recent_idx", plan)
        [condition] = [line for line in plan.splitlines() if "Index Cond" in line]
        self.assertIn("open_due_at <", condition)

    def test_past_the_limit_the_page_walks_newest_first_and_due_soon_reads_its_deadlines_first(self) -> None:
        # Past the limit the words are common, and the planner, underestimating how common, would
        # read every match and sort them; walking newest first finds a page in a few thousand rows
        # (at 1M, "lampu mati" past due: 16 ms against 2 ms). "Due soon" reads its day or two of
        # deadlines first, never the words' index of every case (at 10M, 160 ms for 130 rows).
        from datetime import timedelta
        from unittest import mock

        import time_machine
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from sigap.search.selectors import SearchResults

        if connection.vendor != "postgresql":
            self.skipTest("SQLite reads through the inbox selector")

        def settings(filters: InboxFilters, limit: int) -> dict[str, list[str]]:
            """The planner settings each search statement ran under, by its first words."""
            with mock.patch("sigap.search.selectors.RANK_LIMIT", limit), CaptureQueriesContext(connection) as queries:
                results = SearchResults(principal=principal_for(self.admin), query="jalan lubang", filters=filters)
                self.assertTrue(results.count() and results[0:1])
                self.assertEqual(results.capped, limit == 1)
            statements = [q["sql"] for q in queries]
            found = {}
            for i, sql in enumerate(statements):
                if sql.startswith(("SELECT count(*) FROM (SELECT 1 FROM search_document", "SELECT d.complaint_id")):
                    begun = max(j for j, s in enumerate(statements[:i]) if s.startswith(("SAVEPOINT", "BEGIN")))
                    found[sql[:15]] = [s for s in statements[begun:i] if s.startswith("SET LOCAL")]
            return found

        walk = "SET LOCAL enable_bitmapscan = off"
        self.assertIn(walk, settings(ALL, 1)["SELECT d.compla"])
        self.assertNotIn(walk, settings(ALL, 1000)["SELECT d.compla"])  # best first: every match is read
        with time_machine.travel(timezone.now() + timedelta(days=60)):
            self.assertIn(walk, settings(InboxFilters(status="", due="overdue"), 1)["SELECT d.compla"])
        with time_machine.travel(timezone.now() + timedelta(days=3)):
            for limit in (1, 1000):
                self.assertEqual(
                    [walk in found for found in settings(InboxFilters(status="", due="due_soon"), limit).values()],
                    [True, True],
                )

    def test_with_the_deadline_filter_the_count_stops_at_the_rank_limit_too(self) -> None:
        # The deadline filter needs each case's live due date, so it is not answered from the search
        # table; it must not count (and rank) every match instead.
        from datetime import timedelta
        from unittest import mock

        import time_machine
        from django.utils import timezone

        from sigap.search.selectors import SearchResults

        overdue = InboxFilters(status="", due="overdue")
        with (
            time_machine.travel(timezone.now() + timedelta(days=60)),
            mock.patch("sigap.search.selectors.RANK_LIMIT", 2),
        ):
            results = SearchResults(principal=principal_for(self.admin), query="jalan lubang", filters=overdue)
            count = results.count()
            page = results[0:2]
        self.assertTrue(results.capped)
        self.assertEqual(count, 2)
        self.assertEqual(page, [self.cases[2], self.cases[1]])

    def test_ended_matches_are_counted_when_the_open_ones_stay_under_the_limit(self) -> None:
        from unittest import mock

        from sigap.search.selectors import SearchResults

        self.advance(self.cases[1], Action.ARCHIVE, archive_reason="spam")
        self.advance(self.cases[2], Action.ARCHIVE, archive_reason="spam")
        with mock.patch("sigap.search.selectors.RANK_LIMIT", 2):
            results = SearchResults(principal=principal_for(self.admin), query="jalan lubang", filters=ALL)
            self.assertEqual(results.count(), 2)
        self.assertTrue(results.capped)

    def test_when_the_open_matches_pass_the_limit_the_ended_ones_are_not_read(self) -> None:
        # The open cases' words have their own small index; a decade of ended cases need not be counted.
        from unittest import mock

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sigap.search.selectors import SearchResults

        if connection.vendor != "postgresql":
            self.skipTest("SQLite counts through the inbox selector")
        with mock.patch("sigap.search.selectors.RANK_LIMIT", 2), CaptureQueriesContext(connection) as queries:
            results = SearchResults(principal=principal_for(self.admin), query="jalan lubang", filters=ALL)
            self.assertEqual(results.count(), 2)
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT count(*)")]
        self.assertEqual(len(counts), 1, counts)
        self.assertIn("open_due_at IS NOT NULL", counts[0])

    def test_the_paged_results_keep_to_the_users_reach(self) -> None:
        from sigap.search.selectors import SearchResults

        for user, expected in ((self.petugas_a, [self.cases[0]]), (self.petugas_b, []), (self.admin_lain, [])):
            results = SearchResults(principal=principal_for(user), query="jalan berlubang", filters=ALL)
            self.assertEqual((results.count(), list(results)), (len(expected), expected), user)


class DeadlineFilterTests(IndexedTestCase):
    """The deadline filters, which PostgreSQL answers from the open deadline each search document keeps."""

    def test_a_holiday_that_moves_a_deadline_moves_it_for_search_too(self) -> None:
        """Filed Mon 7 Dec 2026, 3 working days to verify (SP4N-LAPOR!, docs/legal-sources.md §2a): due Thu 10 Dec.
        A holiday added on Wed 9 Dec moves it to Fri 11 Dec (the escalation tests pin that arithmetic). At noon
        on Fri 11 the case is due soon, not overdue, in the inbox and in a search alike."""
        from datetime import datetime
        from zoneinfo import ZoneInfo

        import time_machine
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sigap.complaints.selectors import inbox
        from sigap.escalation.holidays import holiday_override_save
        from sigap.search.consistency import disagreements
        from sigap.search.selectors import SearchResults
        from sigap.sla.models import HolidayOverride

        wib = ZoneInfo("Asia/Jakarta")
        with time_machine.travel(datetime(2026, 12, 7, 10, tzinfo=wib), tick=False):
            case, _ = self.submit()
        holiday_override_save(
            override=HolidayOverride(date=datetime(2026, 12, 9).date(), name="Pemungutan suara"), actor=self.admin
        )
        self.assertEqual(list(disagreements()), [])

        admin = principal_for(self.admin)
        with time_machine.travel(datetime(2026, 12, 11, 12, tzinfo=wib), tick=False):
            for due, expected in (("overdue", []), ("due_soon", [case])):
                filters = InboxFilters(status="", due=due)
                with CaptureQueriesContext(connection) as queries:
                    results = SearchResults(principal=admin, query="jalan lubang", filters=filters)
                    found = (results.count(), list(results))
                self.assertEqual(found, (len(expected), expected), due)
                self.assertEqual(list(inbox(principal=admin, filters=filters)), expected, due)
                if connection.vendor == "postgresql":
                    # Counted from the search table's own deadline column, not from each match's case.
                    count = next(q["sql"] for q in queries if q["sql"].startswith("SELECT count(*)"))
                    self.assertIn("open_due_at", count)
                    self.assertNotIn("complaints_complaint", count)

    def test_an_ended_case_has_no_open_deadline_to_be_found_by(self) -> None:
        from datetime import timedelta

        import time_machine
        from django.utils import timezone

        from sigap.search.consistency import disagreements
        from sigap.search.selectors import SearchResults

        case, _ = self.submit()
        self.advance(case, Action.ARCHIVE, text="Bukan kewenangan", archive_reason="spam")
        self.assertEqual(list(disagreements()), [])
        with time_machine.travel(timezone.now() + timedelta(days=60)):
            results = SearchResults(
                principal=principal_for(self.admin),
                query="jalan lubang",
                filters=InboxFilters(status="", due="overdue"),
            )
            self.assertEqual((results.count(), list(results)), (0, []))
