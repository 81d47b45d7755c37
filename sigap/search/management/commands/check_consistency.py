"""Report any disagreement between derived tables (the search documents) and their source."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.search.consistency import disagreements


class Command(BaseCommand):
    help = "Compare derived tables (search documents) with the complaints they come from; exit 1 on any difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--show", type=int, default=20, help="how many differing rows to list")

    def handle(self, *args: Any, **options: Any) -> None:
        found = 0
        for row in disagreements(batch_size=options["batch_size"]):
            found += 1
            if found <= options["show"]:
                self.stdout.write(f"{row.table} {row.key}: {row.problem}")
        if found:
            raise CommandError(f"{found:,} rows disagree with their source; run `manage.py search_rebuild`.")
        self.stdout.write("Derived tables agree with their source.")
