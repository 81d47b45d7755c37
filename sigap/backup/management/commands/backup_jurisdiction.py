"""Write one jurisdiction's data and files to a .tar.gz archive (see docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.backup.archive import backup
from sigap.organisations.models import Jurisdiction


class Command(BaseCommand):
    help = "Back up one jurisdiction (rows and stored files) into a .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the jurisdiction's code, e.g. kota-pasuruan")
        parser.add_argument("archive", type=Path, help="the file to write, e.g. kota-pasuruan.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        jurisdiction = Jurisdiction.objects.filter(slug=options["slug"]).first()
        if jurisdiction is None:
            raise CommandError(f"No jurisdiction with the code {options['slug']!r}.")
        path: Path = options["archive"]
        if path.exists():
            raise CommandError(f"{path} already exists; choose a new file name.")
        summary = backup(jurisdiction, path)
        rows = sum(summary.counts.values())
        self.stdout.write(
            f"Backed up {summary.jurisdiction}: {rows} rows in {len(summary.counts)} tables, "
            f"{summary.files} files, to {path}."
        )
