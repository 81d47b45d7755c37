"""Copy every case's current state to its public report again (the repair `check_consistency` names)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.publicreports.models import PublicReport
from sigap.publicreports.services import public_reports_refresh


class Command(BaseCommand):
    help = "Refresh every public report from its case, in batches (each its own transaction)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        ids = PublicReport.objects.order_by("complaint_id").values_list("complaint_id", flat=True)
        size, done, last = options["batch_size"], 0, 0
        while batch := list(ids.filter(complaint_id__gt=last)[:size]):
            public_reports_refresh(complaint_ids=batch)
            done, last = done + len(batch), batch[-1]
            self.stdout.write(f"\r{done:,} public reports refreshed", ending="")
        self.stdout.write(f"\r{done:,} public reports refreshed")
