"""PostgreSQL plans a statement an app server runs again and again once per connection, not every time."""

from __future__ import annotations

import os
from unittest import mock, skipUnless

from django.db import connection
from django.test import SimpleTestCase

from sigap.settings import prepared_statements
from sigap.test import BaseTestCase
from sigap.web.models import ReferenceVersion


class ThresholdTest(SimpleTestCase):
    def test_values_travel_apart_and_a_statement_is_prepared_on_its_fifth_run_by_default(self):
        with mock.patch.dict(os.environ, {"DATABASE_PREPARE_THRESHOLD": ""}):
            self.assertEqual(
                prepared_statements({"sslmode": "require"}),
                {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 5},
            )

    def test_a_pooler_without_prepared_statements_can_turn_them_off(self):
        for value in ("off", "OFF", "none"):
            with self.subTest(value=value), mock.patch.dict(os.environ, {"DATABASE_PREPARE_THRESHOLD": value}):
                self.assertEqual(prepared_statements({}), {"server_side_binding": True, "prepare_threshold": None})

    def test_a_threshold_is_a_number(self):
        with mock.patch.dict(os.environ, {"DATABASE_PREPARE_THRESHOLD": "2"}):
            self.assertEqual(prepared_statements({})["prepare_threshold"], 2)


@skipUnless(connection.vendor == "postgresql", "prepared statements are PostgreSQL's")
class PreparedTest(BaseTestCase):
    def prepared(self) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    def test_a_query_run_often_is_planned_once_with_its_values_apart(self):
        for _ in range(7):
            list(ReferenceVersion.objects.filter(pk=1).values_list("token", flat=True))
        [statement] = [s for s in self.prepared() if "web_referenceversion" in s and "token" in s]
        # Server-side binding: the value is a parameter of the one plan, not part of the SQL text.
        self.assertIn("$1", statement)
