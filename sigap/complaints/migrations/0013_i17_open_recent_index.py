"""A jurisdiction's open cases, newest first, for Open311's list of open requests.

Open311 lists the newest 1,000 open requests of the last 90 days. At 10M synthetic complaints
PostgreSQL read them through complaint_inbox_idx (jurisdiction, status, newest first), one run per
open status, and sorted all of them: 81,500 rows and 438 ms, 380-480 ms a request. It expected 7,278,
taking "open" (4 % of a decade) and "the last 90 days" (2.5 %) as independent, where nearly every
recent case is open; at 1M, where open cases are 40 %, it walked the newest cases instead. This
index holds the open cases only, in the list's order, so the list reads its 1,000 rows in order
whatever the estimate. Intake writes one entry to it per case; a case leaves it when it ends.

The statuses are the open ones when this migration was written; the query must name the same set
for PostgreSQL to use the index. Built concurrently, not atomic, as 0011. SQLite does without.
"""

from django.db import migrations

from sigap.web.migration_operations import index_concurrently

OPEN = ["answered", "dispatched", "in_followup", "incomplete", "received", "reopened", "verified"]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("complaints", "0012_i17_vacuum_sooner")]

    operations = [
        index_concurrently(
            "complaint_open_recent_idx",
            "complaints_complaint (jurisdiction_id, created_at DESC, id DESC)"
            f" WHERE status IN ({', '.join(repr(s) for s in OPEN)})",
        )
    ]
