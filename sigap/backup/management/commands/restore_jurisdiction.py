"""Restore a jurisdiction from an archive made by backup_jurisdiction (see docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.backup.archive import RestoreRefused, restore


class Command(BaseCommand):
    help = "Restore one jurisdiction from a backup archive into a database that lacks it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="a .tar.gz written by backup_jurisdiction")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["archive"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            summary = restore(path)
        except RestoreRefused as refusal:
            raise CommandError(f"Nothing restored. {refusal}") from refusal
        rows = sum(summary.counts.values())
        self.stdout.write(
            f"Restored {summary.jurisdiction}: {rows} rows in {len(summary.counts)} tables, {summary.files} files."
        )
