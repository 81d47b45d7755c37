"""Report any disagreement between derived tables (the search documents) and their source."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.search.consistency import DERIVED_TABLES, disagreements


class Command(BaseCommand):
    help = (
        "Compare derived tables (search documents, public reports) with the complaints they come from;"
        " exit 1 on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--show", type=int, default=20, help="how many differing rows to list")

    def handle(self, *args: Any, **options: Any) -> None:
        found, tables = 0, set()
        for row in disagreements(batch_size=options["batch_size"]):
            found += 1
            tables.add(row.table)
            if found <= options["show"]:
                self.stdout.write(f"{row.table} {row.key}: {row.problem}")
        if found:
            repairs = ", ".join(f"`manage.py {d.repair}`" for d in DERIVED_TABLES if d.table in tables)
            raise CommandError(f"{found:,} rows disagree with their source; run {repairs}.")
        self.stdout.write("Derived tables agree with their source.")
