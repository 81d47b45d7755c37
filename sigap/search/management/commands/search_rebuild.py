"""Rebuild the full-text search index of every complaint (after bulk imports or restores)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.search.documents import documents_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every complaint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()

        def progress(done: int) -> None:
            self.stdout.write(f"\r  {done:>9,} complaints indexed", ending="")
            self.stdout.flush()

        total = documents_rebuild(batch_size=options["batch_size"], progress=progress)
        self.stdout.write(f"\nIndexed {total:,} complaints in {time.monotonic() - started:.1f} s.")
