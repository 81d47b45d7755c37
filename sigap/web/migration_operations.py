"""Migration operations the apps share."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only: the indexes SQLite's small databases do without.

    In a migration with `atomic = False`, an index built `CONCURRENTLY` does not hold intake
    behind its lock while it builds.
    """

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def index_concurrently(name: str, definition: str) -> PostgresOnlySQL:
    """CREATE INDEX CONCURRENTLY `name` ON `definition` (table, columns, predicate); DROP it going back.

    For a migration with `atomic = False`: the build does not hold intake behind its lock, and
    IF [NOT] EXISTS lets an interrupted migration run again.
    """
    return PostgresOnlySQL(
        [f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition}"],
        [f"DROP INDEX CONCURRENTLY IF EXISTS {name}"],
    )


# Each a fraction of the table's rows: dead rows, inserted rows and changed rows that start autovacuum's
# VACUUM or ANALYZE of the table. PostgreSQL's defaults are 0.2, 0.2 and 0.1.
VACUUM_SOONER = {
    "autovacuum_vacuum_scale_factor": "0.01",
    "autovacuum_vacuum_insert_scale_factor": "0.01",
    "autovacuum_analyze_scale_factor": "0.02",
}


def vacuum_sooner(*tables: str) -> PostgresOnlySQL:
    """Autovacuum visits `tables` after a hundredth of their rows change, instead of a fifth.

    For the tables that grow with every complaint (complaints migration 0012 says why). Setting
    storage parameters takes a lock that lets reads and writes go on.
    """
    settings = ", ".join(f"{name} = {value}" for name, value in VACUUM_SOONER.items())
    names = ", ".join(VACUUM_SOONER)
    return PostgresOnlySQL(
        [f"ALTER TABLE {table} SET ({settings})" for table in tables],
        [f"ALTER TABLE {table} RESET ({names})" for table in tables],
    )
