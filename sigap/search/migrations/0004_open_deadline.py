"""Keep each open case's deadline in the PostgreSQL search table.

With it, a search with the deadline filter ("past due", "due soon") is
answered from `search_document` like every other filter, instead of joining
each match of the words to its case for the live due date. The partial index
holds the words of open cases only (about 4 % of a decade's cases), so its
cost follows the open workload, not the archive.
"""

from __future__ import annotations

from django.db import migrations

# The open statuses when this migration was written; `search_rebuild` refills the
# column from the workflow's current list.
OPEN = ["answered", "dispatched", "in_followup", "incomplete", "received", "reopened", "verified"]

POSTGRES = [
    # NULL once the case has ended, or while it has no running deadline.
    "ALTER TABLE search_document ADD COLUMN open_due_at timestamptz",
    """
    UPDATE search_document d SET open_due_at = c.due_at
    FROM complaints_complaint c
    WHERE c.id = d.complaint_id AND c.status = ANY(%s) AND c.due_at IS NOT NULL
    """,
    # An OPD's and a jurisdiction's search among open cases (btree_gin holds opd_id, see 0003).
    "CREATE INDEX search_document_open_vector_idx ON search_document USING gin (opd_id, vector)"
    " WHERE open_due_at IS NOT NULL",
    # "Due soon" is a day or two of deadlines: a narrow range, read before the words.
    "CREATE INDEX search_document_open_due_idx ON search_document (open_due_at) WHERE open_due_at IS NOT NULL",
    # The planner's choice between the two needs the new column's figures now, not at autovacuum's next visit.
    "ANALYZE search_document",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement, [OPEN] if "%s" in statement else None)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_open_vector_idx")
        schema_editor.execute("DROP INDEX IF EXISTS search_document_open_due_idx")
        schema_editor.execute("ALTER TABLE search_document DROP COLUMN open_due_at")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_scope_index"), ("complaints", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
