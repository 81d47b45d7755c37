"""Autovacuum visits the search table after 1 % of its rows change (complaints migration 0012 says why).

A change of a case's status or deadline rewrites its document here too: the first sweep at 1M
rewrote 92,000 of them, and the deadline filters read this table's indexes.
"""

from django.db import migrations

from sigap.web.migration_operations import vacuum_sooner


class Migration(migrations.Migration):
    dependencies = [("search", "0005_open_recent")]

    operations = [vacuum_sooner("search_document")]
