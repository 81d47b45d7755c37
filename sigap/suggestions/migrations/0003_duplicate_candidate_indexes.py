"""Indexes on complaints for the likely-duplicate candidates of a case (sigap/suggestions/duplicates.py).

They belong to that query, so they live with it. The candidates are the newest cases of a window of
dates in the same category, and those around the case's place. The category's are read newest first
from one index. The place's: on PostgreSQL a covering index holds every column that query reads, so
it is an index-only scan of the box (at 1M complaints the box's rows otherwise cost thousands of heap
visits); SQLite's small databases do without.
"""

from django.db import migrations

CATEGORY_INDEX = (
    "CREATE INDEX IF NOT EXISTS complaint_dup_category_idx"
    " ON complaints_complaint (category_id, created_at DESC, id DESC)"
)
PLACE_INDEX = (
    "CREATE INDEX IF NOT EXISTS complaint_dup_place_idx ON complaints_complaint (lat, lng, created_at)"
    " INCLUDE (id, jurisdiction_id, status) WHERE lat IS NOT NULL"
)


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(CATEGORY_INDEX)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PLACE_INDEX)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("DROP INDEX IF EXISTS complaint_dup_category_idx")
    schema_editor.execute("DROP INDEX IF EXISTS complaint_dup_place_idx")


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0002_i15_auto_dispatch"), ("complaints", "0009_i16_compensation")]

    operations = [migrations.RunPython(create, drop)]
