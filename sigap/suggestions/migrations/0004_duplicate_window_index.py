"""A covering index of the duplicate candidates' window by date (sigap/suggestions/duplicates.py).

The place branch reads the cases of a 60-day window inside a small box around the case. Through
`complaint_dup_place_idx` (lat, lng, created_at) it walks the box's latitude band over every year held,
which grows with the decade; PostgreSQL then prefers the window by date, through the plain
`created_at` index and a heap visit per row (at 10M complaints 31,000 rows, 120 ms cold). This index
holds what that query reads, so the window is an index-only scan whose cost depends on the window, not
on how many years the table holds (5 ms at 10M). SQLite's small databases do without.
"""

from django.db import migrations

WINDOW_INDEX = (
    "CREATE INDEX IF NOT EXISTS complaint_dup_window_idx ON complaints_complaint (created_at)"
    " INCLUDE (id, lat, lng, jurisdiction_id, status) WHERE lat IS NOT NULL"
)


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WINDOW_INDEX)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_dup_window_idx")


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0003_duplicate_candidate_indexes")]

    operations = [migrations.RunPython(create, drop)]
