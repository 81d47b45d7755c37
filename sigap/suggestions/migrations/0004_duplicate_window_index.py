"""A covering index of the duplicate candidates' window by date (sigap/suggestions/duplicates.py).

The place branch reads the cases of a 60-day window inside a small box around the case. Through
`complaint_dup_place_idx` (lat, lng, created_at) it walks the box's latitude band over every year held,
which grows with the decade; PostgreSQL then prefers the window by date, through the plain
`created_at` index and a heap visit per row (at 10M complaints 31,000 rows, 120 ms cold). This index
holds what that query reads, so the window is an index-only scan whose cost depends on the window, not
on how many years the table holds (5 ms at 10M). SQLite's small databases do without.
"""

from django.db import migrations

from sigap.web.migration_operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0003_duplicate_candidate_indexes")]

    operations = [
        PostgresOnlySQL(
            ["CREATE INDEX IF NOT EXISTS complaint_dup_window_idx ON complaints_complaint (created_at)"
             " INCLUDE (id, lat, lng, jurisdiction_id, status) WHERE lat IS NOT NULL"],
            ["DROP INDEX IF EXISTS complaint_dup_window_idx"],
        )
    ]  # fmt: skip
