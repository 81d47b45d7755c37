"""Autovacuum visits the complaints and their timeline after 1 % of their rows change, not 20 %.

PostgreSQL's defaults wait for a fifth of a table to change: 2M rows at 10M complaints. Until a
VACUUM, every page holding a changed row is no longer marked all-visible, and the inbox's count of
an OPD's cases, an index-only scan, reads the table for each entry on such a page. At 10M synthetic
complaints, after the first deadline sweep rewrote 369,212 cases, the count read the table for all
of its 1,001 entries: 1.0 ms instead of 0.2-0.3 with the pages in memory, and 16.5-16.8 ms instead
of 1.8-2.2 from a cold cache once 92,372 of them were rewritten again. At 1 % (100,000 rows at
10M) autovacuum follows such a sweep on its next round. The timeline is only appended to: the
insert threshold keeps its pages marked visible and frozen in small steps. SQLite has no
autovacuum.
"""

from django.db import migrations

from sigap.web.migration_operations import vacuum_sooner


class Migration(migrations.Migration):
    dependencies = [("complaints", "0011_i17_opd_category_index")]

    operations = [vacuum_sooner("complaints_complaint", "complaints_complaintevent")]
