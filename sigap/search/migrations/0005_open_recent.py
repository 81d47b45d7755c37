"""An index for searching a whole jurisdiction's past-due cases, newest first.

The newest open cases are mostly not yet due, so walking the jurisdiction's
cases newest first (search_document_jurisdiction_recent_idx) read each of them
from the table only to drop it: at 1M synthetic complaints 30,316 rows for one
page of "jalan berlubang" past due (193 ms). This index holds the open cases
only, newest first, with each one's deadline beside it, so the deadline is
checked in the index and only past-due cases are read for their words (1,141
rows, 1.9 ms warm; docs/benchmarks.md). An OPD's search keeps to the smaller
(opd_id, vector) index of migration 0004.

Not atomic, like 0004: built concurrently so intake is not stalled while it builds.
"""

from __future__ import annotations

from django.db import migrations

from sigap.web.migration_operations import index_concurrently


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0004_open_deadline")]
    operations = [
        index_concurrently(
            "search_document_open_recent_idx",
            "search_document (jurisdiction_id, created_at DESC, open_due_at) WHERE open_due_at IS NOT NULL",
        )
    ]
