"""The statements every intake runs are planned once per connection; a page's queries never are."""

from __future__ import annotations

import secrets
from unittest import skipUnless

from django.db import connection
from django.test import override_settings

from sigap.complaints.models import Complaint
from sigap.test import BaseTestCase
from sigap.web.prepared import prepared_cursor


@skipUnless(connection.vendor == "postgresql", "prepared statements are PostgreSQL's")
class PreparedTest(BaseTestCase):
    def prepared_statements(self) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    def run_marked(self) -> str:
        """Run a statement no other test runs on a prepared cursor; return its text."""
        text = f"SELECT %s::bigint + {secrets.randbelow(10**12)}"
        with prepared_cursor(connection) as cursor:
            cursor.execute(text, [1])
        return text.replace("%s", "$1")

    def test_a_statement_marked_is_prepared_on_its_first_run_with_its_values_apart(self):
        statement = self.run_marked()
        self.assertIn(statement, self.prepared_statements())
        self.assertIsNone(connection.connection.prepare_threshold)  # nothing outside is prepared

    def test_an_intake_s_writes_are_prepared(self):
        self.submit()
        statements = self.prepared_statements()
        for table in ("complaints_complaint", "complaints_reporter", "complaints_complaintevent", "search_document"):
            with self.subTest(table=table):
                self.assertTrue([s for s in statements if s.lstrip().startswith(f'INSERT INTO "{table}"')
                                 or s.lstrip().startswith(f"INSERT INTO {table}")], statements)  # fmt: skip

    def test_a_page_s_queries_are_planned_for_their_values_every_time(self):
        # A generic plan over skewed data can be far worse than one made for the values at hand.
        marker = f"marker{secrets.randbelow(10**9)}"
        for _ in range(8):
            list(Complaint.objects.filter(title=marker).values_list("pk", flat=True))
        self.assertFalse([s for s in self.prepared_statements() if "complaints_complaint" in s and '"title" = $1' in s])

    @override_settings(DATABASE_PREPARED_STATEMENTS=False)
    def test_a_pooler_without_prepared_statements_can_turn_them_off(self):
        statement = self.run_marked()
        self.assertNotIn(statement, self.prepared_statements())
