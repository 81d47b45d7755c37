"""Database triggers that make a table append-only, for use in migrations.

UPDATE is refused on every database. DELETE is refused on PostgreSQL too; on
SQLite (the single-machine demo) it is left to the ORM's PROTECT rules,
because SQLite has no TRUNCATE and its test-database flush deletes rows.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

MESSAGE = "append-only table"


def append_only(table: str) -> migrations.RunPython:
    def create(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
        elif vendor == "postgresql":
            # params=None: the % below are PL/pgSQL's, not query placeholders.
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION sigap_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{MESSAGE}: % on %', TG_OP, TG_TABLE_NAME; END $$",
                None,
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sigap_refuse_change()"
            )

    def drop(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")

    return migrations.RunPython(create, drop)
