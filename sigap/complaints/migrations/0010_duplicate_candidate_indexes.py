"""Indexes for the likely-duplicate candidates of a case (sigap/suggestions/duplicates.py).

The candidates are the newest cases of a window of dates in the same category, and those around the
case's place. The category's are read newest first from one index. The place's: on PostgreSQL a
covering index holds every column that query reads, so it is an index-only scan of the box; at 1M
complaints the box's rows otherwise cost thousands of heap visits. SQLite's small databases do without.
"""

from django.db import migrations, models

PLACE_INDEX = (
    "CREATE INDEX complaint_dup_place_idx ON complaints_complaint (lat, lng, created_at)"
    " INCLUDE (id, jurisdiction_id, status) WHERE lat IS NOT NULL"
)


def place_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PLACE_INDEX)


def place_index_drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_dup_place_idx")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0009_i16_compensation")]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["category", "-created_at", "-id"], name="complaint_dup_category_idx"),
        ),
        migrations.RunPython(place_index, place_index_drop),
    ]
