"""Changing a holiday: how long moving the affected open deadlines takes, by database size.

.venv/bin/python bench/holiday_changes.py --sizes 100k,1m --runs 3

Each size up to a year of cases (1M) has a database of its own (`<prefix>_holidays_<size>`): the demo city
and that many synthetic complaints received over the past year in the demo's mix of statuses (about 40%
open), without the search index or dashboard figures the other benchmarks build. A larger size (10m) uses
the page benchmarks' database of that size (harness.seed_to): the same latest year and, before it, years
of cases that have ended. Three situations are timed, each inside a transaction
rolled back afterwards so every run sees the same data:
- add: a national holiday added on a working day 30 days ago (a Keppres declaring a holiday);
- remove: a cuti bersama cancelled (a revised SKB) — 24 Dec 2026 when in range, else the nearest cuti bersama;
- switch: the jurisdiction switched to working on cuti bersama (every cuti bersama day of three years at once).
The figure is the wall time of the service call (snapshot calendars, save, recompute, timeline events), median
of `--runs`, with the number of cases moved.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta

import harness


def seed(size: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sigap.complaints.models import Complaint
    from sigap.demo.seeding import seed_bulk_complaints, seed_city, seed_staff

    call_command("migrate", "--noinput", verbosity=0)
    city = seed_city()
    seed_staff(city)
    missing = size - Complaint.objects.filter(jurisdiction=city).count()
    if missing > 0:
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            print(f"\r  seeding {done:>9,}/{missing:,} complaints ({rate:,.0f}/s)", end="", flush=True)

        seed_bulk_complaints(city, missing, batch_size=10_000, progress=progress)
        print()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def prepare(size: int) -> None:
    """Use this size's database: its own up to a year of cases; above that the decade the page benchmarks seed."""
    if size > harness.YEARLY:
        harness.use_database(harness.database_name(size))
        harness.seed_to(size)
    else:
        harness.use_database(f"{harness.PREFIX}_holidays_{harness.size_label(size)}")
        seed(size)


def one(size: int, runs: int, wanted: list[str]) -> dict[str, object]:
    prepare(size)
    from django.db import transaction
    from django.utils import timezone

    from sigap.complaints.models import Complaint
    from sigap.complaints.workflow import OPEN
    from sigap.escalation.holidays import (
        holiday_override_save,
        jurisdiction_set_works_on_cuti_bersama,
    )
    from sigap.organisations.models import Jurisdiction
    from sigap.sla import deadlines
    from sigap.sla.calendars import CUTI_BERSAMA, library_holidays
    from sigap.sla.models import HolidayOverride

    city = Jurisdiction.objects.exclude(kind="ombudsman").order_by("pk").first()
    assert city is not None
    today = deadlines.local_date(timezone.now(), city)
    calendar = deadlines.calendar_for(city, today)
    added = today - timedelta(days=30)
    while calendar.is_non_working_day(added):
        added -= timedelta(days=1)
    cuti = sorted(
        d
        for year in (today.year - 1, today.year)
        for d in library_holidays(year, "", (CUTI_BERSAMA,))
        if d <= today and d.weekday() < 5
    )
    removed = date(2026, 12, 24) if date(2026, 12, 24) in cuti else cuti[-1]

    situations = {
        "add": lambda: (
            holiday_override_save(override=HolidayOverride(date=added, name="Libur tambahan"), actor=None).cases
        ),
        "remove": lambda: (
            holiday_override_save(
                override=HolidayOverride(date=removed, name="Cuti bersama dibatalkan", action="remove"), actor=None
            ).cases
        ),
        "switch": lambda: (
            jurisdiction_set_works_on_cuti_bersama(
                jurisdiction=Jurisdiction.objects.get(pk=city.pk), works_on_cuti_bersama=True, actor=None, today=today
            ).cases
        ),
    }
    result: dict[str, object] = {
        "complaints": Complaint.objects.count(),
        "open": Complaint.objects.filter(status__in=OPEN).count(),
        "added": added.isoformat(),
        "removed": removed.isoformat(),
    }
    for name, call in situations.items():
        if name not in wanted:
            continue
        times, moved = [], 0
        for _ in range(runs):
            with transaction.atomic():
                started = time.perf_counter()
                moved = call()
                times.append(time.perf_counter() - started)
                transaction.set_rollback(True)
        result[name] = {"median_s": statistics.median(times), "runs": [round(t, 2) for t in times], "moved": moved}
        print(f"  {name}: {moved:,} moved, median {statistics.median(times):.2f} s", flush=True)
    result["machine"] = harness.machine()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--situations", default="add,remove,switch", help="which changes to time")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seed-only", action="store_true", help="only seed the databases")
    args = parser.parse_args()
    if args.one:
        if args.seed_only:
            prepare(args.one)
            harness.child_result({})
        else:
            harness.child_result(one(args.one, args.runs, args.situations.split(",")))
        return
    rows = []
    for size in harness.parse_sizes(args.sizes):
        extra = ["--seed-only"] if args.seed_only else ["--runs", str(args.runs), "--situations", args.situations]
        result = harness.in_child(__file__, size, *extra)
        if args.seed_only:
            continue
        assert isinstance(result, dict)
        for name in args.situations.split(","):
            r = result[name]
            rows.append([harness.size_label(size), result["open"], name, r["moved"], r["median_s"], result["machine"]])
    if rows:
        print(harness.table(["complaints", "open", "change", "cases moved", "median s", "machine"], rows))


if __name__ == "__main__":
    main()
