"""The search index: a tsvector table on PostgreSQL, an FTS5 table on SQLite.

Neither is a Django model: each database keeps the index in its own native
form, and `sigap.search.backends` is the only code that reads or writes it.
"""

from __future__ import annotations

from django.db import migrations

POSTGRES = [
    """
    CREATE TABLE search_document (
        -- No foreign key: the table is derived data, rebuilt at will, and must not
        -- stop Django from truncating complaints (tests' flush). Searches join
        -- back to complaints, so a stale row is never shown.
        complaint_id bigint PRIMARY KEY,
        vector tsvector NOT NULL,
        public_vector tsvector NOT NULL
    )
    """,
    # Staff search: title (A), description (B), public timeline (C), internal notes (D).
    "CREATE INDEX search_document_vector_idx ON search_document USING gin (vector)",
    # The portal's "is this already reported?" look-up: public text only.
    "CREATE INDEX search_document_public_idx ON search_document USING gin (public_vector)",
]
SQLITE = [
    # rowid is the complaint id; every column holds PySastrawi stems, not the original text.
    """
    CREATE VIRTUAL TABLE search_document USING fts5(
        title, body, public_notes, internal_notes, tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for statement in POSTGRES if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []:
        schema_editor.execute(statement)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("DROP TABLE IF EXISTS search_document")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
