"""Autovacuum visits the complaints and their timeline after 1 % of their rows change, not 20 %.

PostgreSQL's defaults wait for a fifth of a table to change: 2M rows at 10M complaints. The first
deadline sweep of a decade's data rewrote 370,000 cases and left the table unvacuumed, so the pages
it touched lost their all-visible mark. The inbox counts an OPD's cases with an index-only scan,
which then went back to the table for every one of its 1,001 entries (one OPD's inbox 87 -> 162 ms
at p95 at 10M; no heap fetches again once vacuumed). At 1 % (100,000 rows at 10M) autovacuum
follows such a sweep on its next round. The timeline is only appended to: the insert threshold
keeps its pages marked visible and frozen in small steps. SQLite has no autovacuum.
"""

from django.db import migrations

from sigap.web.migration_operations import vacuum_sooner


class Migration(migrations.Migration):
    dependencies = [("complaints", "0011_i17_opd_category_index")]

    operations = [vacuum_sooner("complaints_complaint", "complaints_complaintevent")]
