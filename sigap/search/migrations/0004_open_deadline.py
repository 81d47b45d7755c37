"""Keep each open case's deadline in the PostgreSQL search table.

With it, a search with the deadline filter ("past due", "due soon") is
answered from `search_document` like every other filter, instead of joining
each match of the words to its case for the live due date. The partial indexes
hold open cases only (about 4 % of a decade's cases), so their cost follows
the open workload, not the archive.

Not atomic: every intake writes this table, and in one transaction the column's
exclusive lock would be held until the last index is built (minutes at 10M
cases), stalling intake that long. Each step commits on its own instead; the
copy goes in batches and the indexes are built concurrently, and every step can
run again if the migration is interrupted.
"""

from __future__ import annotations

from django.db import migrations

# The open statuses when this migration was written; `search_rebuild` refills the
# column from the workflow's current list.
OPEN = ["answered", "dispatched", "in_followup", "incomplete", "received", "reopened", "verified"]
BATCH = 20_000

INDEXES = [
    # An OPD's and a jurisdiction's search among open cases (btree_gin holds opd_id, see 0003).
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS search_document_open_vector_idx ON search_document"
    " USING gin (opd_id, vector) WHERE open_due_at IS NOT NULL",
    # "Due soon" is a day or two of deadlines: a narrow range, read before the words.
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS search_document_open_due_idx ON search_document (open_due_at)"
    " WHERE open_due_at IS NOT NULL",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    # NULL once the case has ended, or while it has no running deadline.
    schema_editor.execute("ALTER TABLE search_document ADD COLUMN IF NOT EXISTS open_due_at timestamptz")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM complaints_complaint WHERE status = ANY(%s) AND due_at IS NOT NULL ORDER BY id", [OPEN]
        )
        ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), BATCH):
        schema_editor.execute(
            "UPDATE search_document d SET open_due_at = c.due_at FROM complaints_complaint c"
            " WHERE c.id = d.complaint_id AND c.id = ANY(%s) AND c.status = ANY(%s) AND c.due_at IS NOT NULL",
            [ids[start : start + BATCH], OPEN],
        )
    for statement in INDEXES:
        schema_editor.execute(statement)
    # The planner's choice between the indexes needs the new column's figures now, not at autovacuum's next visit.
    schema_editor.execute("ANALYZE search_document")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_open_vector_idx")
        schema_editor.execute("DROP INDEX IF EXISTS search_document_open_due_idx")
        schema_editor.execute("ALTER TABLE search_document DROP COLUMN IF EXISTS open_due_at")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0003_scope_index"), ("complaints", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
