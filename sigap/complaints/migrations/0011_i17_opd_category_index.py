"""The inbox filtered by an OPD and a category at once counts through one index.

The inbox counts up to COUNT_CAP + 1 matching cases (backoffice.inbox_pages). With an OPD and a
category both chosen, PostgreSQL had only their separate indexes to combine: at 10M complaints
539,605 and 625,595 entries, 209 ms to count 1,001. This index holds the pair, so the count is an
index scan of 1,001 entries (1-5 ms). It leaves out the cases no OPD holds yet, so intake, which
files a case without one, writes nothing to it; a dispatch writes one entry. 334 MB at 10M, built
concurrently in 32 s; not atomic, so intake is never held behind its lock. SQLite does without.
"""

from django.db import migrations

from sigap.web.migration_operations import index_concurrently


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0010_i17_inbox_keyset_index")]

    operations = [
        index_concurrently(
            "complaint_opd_category_idx",
            "complaints_complaint (opd_id, category_id) INCLUDE (jurisdiction_id) WHERE opd_id IS NOT NULL",
        )
    ]
