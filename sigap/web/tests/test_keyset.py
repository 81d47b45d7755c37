"""The keyset cursor shared by the public report list and the REST API."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

from django.test import SimpleTestCase

from sigap.publicreports.models import PublicReport
from sigap.publicreports.selectors import Filters, report_page
from sigap.publicreports.services import public_report_create
from sigap.test import BaseTestCase
from sigap.web import keyset


class CursorTest(SimpleTestCase):
    def test_a_cursor_names_the_moment_and_id_it_was_made_from(self) -> None:
        moment = datetime(2026, 6, 1, 8, 30, 15, 123456, tzinfo=UTC)
        self.assertEqual(keyset.decode(keyset.encode(moment, 42)), (moment, 42))

    def test_anything_else_is_not_a_cursor(self) -> None:
        for text in ("", "bm9wZQ", "%%%", keyset.encode(datetime(2026, 1, 1, tzinfo=UTC), 1)[:-3] + "!!!", "e30"):
            with self.subTest(text=text):
                self.assertIsNone(keyset.decode(text))


def publish_at_one_moment(test: BaseTestCase, count: int) -> None:
    """`count` published reports all filed at the same moment: only their ids tell them apart."""
    moment = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
    for n in range(count):
        report = public_report_create(complaint=test.submit(title=f"Laporan {n}")[0])
        PublicReport.objects.filter(pk=report.pk).update(is_published=True, filed_at=moment)


class PageTest(BaseTestCase):
    def test_rows_filed_at_the_same_moment_are_each_on_exactly_one_page(self) -> None:
        publish_at_one_moment(self, 45)
        seen: list[int] = []
        cursor = ""
        for _page in range(5):
            rows, cursor = report_page(Filters(), after=cursor)
            seen += [r.pk for r in rows]
            if not cursor:
                break
        self.assertEqual(len(seen), 45)
        self.assertEqual(len(set(seen)), 45)
        self.assertEqual(seen, sorted(seen, reverse=True))

    def test_a_cursor_that_is_not_ours_starts_the_public_list_at_its_first_page(self) -> None:
        report = public_report_create(complaint=self.submit(title="Laporan pertama")[0])
        PublicReport.objects.filter(pk=report.pk).update(is_published=True)
        rows, _cursor = report_page(Filters(), after="bukan-kursor")
        self.assertEqual([r.pk for r in rows], [report.pk])


class WindowTest(BaseTestCase):
    def test_going_back_from_any_page_shows_the_page_before_it(self) -> None:
        publish_at_one_moment(self, 7)
        reports = PublicReport.objects.all()
        pages = []
        after = None
        while True:
            window = keyset.window(reports, after=after, before=None, size=3, time_field="filed_at")
            pages.append(window.rows)
            if not window.next:
                break
            after = keyset.decode(window.next)
        self.assertEqual([len(p) for p in pages], [3, 3, 1])
        for earlier, later in pairwise(pages):
            cursor = keyset.decode(keyset.encode(later[0].filed_at, later[0].pk))
            back = keyset.window(reports, after=None, before=cursor, size=3, time_field="filed_at")
            self.assertEqual(back.rows, earlier)
        self.assertEqual(keyset.window(reports, after=None, before=None, size=3, time_field="filed_at").previous, "")
