"""Index the OPD together with the text, so an OPD's search reads only its own matches.

btree_gin (a trusted extension shipped with PostgreSQL) lets one GIN index
hold a plain column beside the tsvector: "opd_id = X AND vector @@ q" is then
answered inside the index instead of by visiting every match of the words.
"""

from __future__ import annotations

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        schema_editor.execute(
            "CREATE INDEX search_document_opd_vector_idx ON search_document USING gin (opd_id, vector)"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_opd_vector_idx")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_document_filters")]
    operations = [migrations.RunPython(forwards, backwards)]
