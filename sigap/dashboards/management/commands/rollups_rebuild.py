"""Recompute every jurisdiction's daily dashboard figures (after bulk imports)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.dashboards.rollups import rollups_rebuild
from sigap.organisations.models import Jurisdiction


class Command(BaseCommand):
    help = "Recompute the daily figures behind dashboards, reports and public statistics."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jurisdiction", help="slug; all jurisdictions when left out")

    def handle(self, *args: Any, **options: Any) -> None:
        jurisdictions = Jurisdiction.objects.exclude(kind=Jurisdiction.Kind.OMBUDSMAN)
        if options["jurisdiction"]:
            jurisdictions = jurisdictions.filter(slug=options["jurisdiction"])
        for jurisdiction in jurisdictions:
            started = time.monotonic()
            rows = rollups_rebuild(jurisdiction=jurisdiction)
            self.stdout.write(f"{jurisdiction.slug}: {rows:,} rows in {time.monotonic() - started:.1f} s")
