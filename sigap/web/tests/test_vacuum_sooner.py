"""The tables that grow with every complaint are vacuumed after 1 % of their rows change, not 20 %."""

from __future__ import annotations

from unittest import skipUnless

from django.db import connection
from django.test import TestCase

from sigap.web.migration_operations import VACUUM_SOONER


@skipUnless(connection.vendor == "postgresql", "autovacuum is PostgreSQL's")
class VacuumSoonerTest(TestCase):
    def storage_parameters(self, table: str) -> dict[str, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [table])
            (options,) = cursor.fetchone()
        return dict(option.split("=", 1) for option in options or [])

    def test_the_complaints_their_timeline_and_their_search_documents_are_vacuumed_sooner(self):
        # At 10M complaints the default fifth is 2M rows: a first sweep rewriting 370,000 cases left
        # the table unvacuumed and an OPD's inbox count read the table for each entry (migration 0012).
        for table in ("complaints_complaint", "complaints_complaintevent", "search_document"):
            with self.subTest(table=table):
                self.assertEqual(self.storage_parameters(table), VACUUM_SOONER)

    def test_a_sweep_of_a_decade_s_backlog_would_start_autovacuum(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('autovacuum_vacuum_threshold')::int")
            (base,) = cursor.fetchone()
        rows, rewritten = 10_000_000, 370_000
        scale = float(self.storage_parameters("complaints_complaint")["autovacuum_vacuum_scale_factor"])
        self.assertLess(base + scale * rows, rewritten)
