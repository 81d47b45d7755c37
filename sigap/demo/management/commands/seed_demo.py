"""Seed the demo city: organisation, staff for every role, and complaints.

Safe to re-run: reference data and accounts are created only when missing,
and story complaints only when the city has none. `--complaints N` adds N
synthetic cases with bulk inserts (for benchmarks: a million on PostgreSQL).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandParser

if TYPE_CHECKING:
    from sigap.organisations.models import Jurisdiction

from sigap.dashboards.rollups import rollups_rebuild
from sigap.demo import city as data
from sigap.demo.oversight import seed_oversight
from sigap.demo.people import DEMO_TOTP_KEY, seed_demo_second_factor, seed_demo_training
from sigap.demo.seeding import (
    seed_bulk_complaints,
    seed_city,
    seed_public_reports,
    seed_staff,
    seed_story_complaints,
)


class Command(BaseCommand):
    help = "Seed the demo city (idempotent); optionally add N synthetic complaints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stories", type=int, default=60, help="complaints filed through the services")
        parser.add_argument("--complaints", type=int, default=0, help="extra synthetic complaints (bulk)")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        city = seed_city()
        seed_staff(city)
        seed_demo_second_factor()
        seed_demo_training(city)
        filed = seed_story_complaints(city, options["stories"])
        self.stdout.write(f"Demo city: {city.name}; {filed} story complaints filed.")
        shown = seed_public_reports(city, limit=max(options["stories"], 60))
        self.stdout.write(f"Public-report choices recorded for {shown} complaints.")
        added = seed_oversight(city)
        self.stdout.write("Oversight demo data added: " + ", ".join(f"{n} {what}" for what, n in added.items()))
        self.stdout.write(f"Demo staff password: {data.DEMO_PASSWORD} (users: admin.pengaduan, petugas.dpupr, ...)")
        self.stdout.write(
            f"Demo authenticator key: {DEMO_TOTP_KEY} (or: manage.py demo_code admin.pengaduan prints the code)"
        )
        total = options["complaints"]
        if total:
            started = time.monotonic()

            def progress(done: int) -> None:
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"\r  {done:>9,}/{total:,} synthetic complaints ({rate:,.0f}/s)", ending="")
                self.stdout.flush()

            seed_bulk_complaints(city, total, batch_size=options["batch_size"], progress=progress)
            self.stdout.write("")
        else:
            # The dashboards' figures, so they are there on the first visit (bulk seeds: the worker's job).
            rows = rollups_rebuild(jurisdiction=city)
            self.stdout.write(f"Dashboard figures computed ({rows} rows).")
        self._seed_api_key(city)

    def _seed_api_key(self, city: Jurisdiction) -> None:
        """Install the key named by SIGAP_DEMO_API_KEY, so Open311/REST clients can use the demo."""
        from sigap.demo.seeding import seed_demo_api_key

        demo_key = os.environ.get("SIGAP_DEMO_API_KEY", "").strip()
        if demo_key:
            created = seed_demo_api_key(city, demo_key)
            self.stdout.write(
                "Demo API key from SIGAP_DEMO_API_KEY " + ("installed." if created else "already installed.")
            )
