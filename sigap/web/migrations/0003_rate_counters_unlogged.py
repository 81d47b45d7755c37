"""Rate-limit counters in an unlogged table (PostgreSQL).

Every API write bumps a counter in its own short transaction. In a logged table
that commit waits for the WAL to reach the disk: a second flush per intake
beside the intake's own. A counter is worth nothing after a crash (the windows
are minutes to an hour long), so the table skips the WAL: after a crash
PostgreSQL empties it and the limits start over. Replicas never read it (the
router keeps the `web` app on the primary).
"""

from __future__ import annotations

from django.db import migrations


def unlogged(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE web_ratecounter SET UNLOGGED")


def logged(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE web_ratecounter SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("web", "0002_i17_reference_version")]
    operations = [migrations.RunPython(unlogged, logged)]
