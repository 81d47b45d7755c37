"""Copy the inbox's filter columns into the PostgreSQL search table.

With them, a search is answered from `search_document` alone (visibility
pre-filter, inbox filters, order) before the page's 50 cases are read, so its
cost follows the page size, not the number of matches.
"""

from __future__ import annotations

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE search_document
        ADD COLUMN jurisdiction_id bigint,
        ADD COLUMN opd_id bigint,
        ADD COLUMN category_id bigint,
        ADD COLUMN channel varchar(12) NOT NULL DEFAULT '',
        ADD COLUMN status varchar(12) NOT NULL DEFAULT '',
        ADD COLUMN created_at timestamptz
    """,
    # Newest matches first, for a jurisdiction's staff and for an OPD's.
    "CREATE INDEX search_document_jurisdiction_recent_idx ON search_document (jurisdiction_id, created_at DESC)",
    "CREATE INDEX search_document_opd_recent_idx ON search_document (opd_id, created_at DESC)",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_document DROP COLUMN jurisdiction_id, DROP COLUMN opd_id, DROP COLUMN category_id, "
            "DROP COLUMN channel, DROP COLUMN status, DROP COLUMN created_at"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_document")]
    operations = [migrations.RunPython(forwards, backwards)]
