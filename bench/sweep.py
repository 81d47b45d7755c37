"""Benchmark the deadline sweep on PostgreSQL with a million open cases.

    createdb -h 127.0.0.1 -U postgres sigap_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench .venv/bin/python bench/sweep.py

Seeds the demo city and tops it up to --cases open complaints (bulk COPY; later
runs reuse them), sweeps them all up to date (topping up again for the cases
the sweep closed), then times the sweep in three situations:

- backlog: the very first sweep over cases never swept (every overdue case is
  escalated, every silent answered case closed, every stale incomplete report
  archived): the worst case, once after installing; timed once, committed;
- +5 min: the sweep as the worker runs it, five minutes after the previous one;
- +1 day: a sweep after a whole day without one (a day's worth of deadlines crossed).

The later runs each happen inside a transaction that is rolled back, so
every run starts from the same data (each batch is then a savepoint instead
of a commit). Prints a table with the median, min and max of --runs runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from sigap.complaints.models import Complaint  # noqa: E402
from sigap.complaints.workflow import OPEN  # noqa: E402
from sigap.demo.seeding import WEIGHTS, seed_bulk_complaints, seed_city, seed_staff  # noqa: E402
from sigap.escalation.sweep import sweep  # noqa: E402

OPEN_WEIGHTS = {status: weight for status, weight in WEIGHTS.items() if status in OPEN}


class Rollback(Exception):
    pass


def timed(now, runs: int) -> tuple[list[float], dict[str, int]]:
    times, counts = [], {}
    for _ in range(runs):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                run = sweep(now=now)
                times.append(time.perf_counter() - started)
                counts = run.counts
                raise Rollback
        except Rollback:
            pass
    return times, counts


def top_up(city, cases: int, days: int) -> None:  # type: ignore[no-untyped-def]
    missing = cases - Complaint.objects.filter(status__in=OPEN).count()
    if missing <= 0:
        return
    started = time.monotonic()

    def progress(done: int) -> None:
        rate = done / max(time.monotonic() - started, 1e-6)
        print(f"\r  seeding {done:>9,}/{missing:,} open complaints ({rate:,.0f}/s)", end="", flush=True)

    seed_bulk_complaints(city, missing, days=days, weights=OPEN_WEIGHTS, batch_size=10_000, progress=progress)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE complaints_complaint")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000, help="open complaints to sweep over")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per situation")
    parser.add_argument("--days", type=int, default=120, help="cases were received over this many days")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL: set DATABASE_URL=postgres://…")

    call_command("migrate", verbosity=0)
    city = seed_city()
    seed_staff(city)
    fresh = not Complaint.objects.filter(escalation_level__gt=0).exists()
    rows = []
    # Top up to --cases open complaints and bring every deadline up to date; the first sweep on a
    # fresh database is the backlog. Sweeping closes some cases, so top up and sweep again until
    # the steady-state runs below see (nearly) --cases open complaints, all swept.
    while True:
        top_up(city, args.cases, args.days)
        print("  sweeping every case up to now (committed) …", flush=True)
        started = time.perf_counter()
        run = sweep(now=timezone.now())
        if fresh:
            rows.append(("backlog (first sweep ever)", [time.perf_counter() - started], run.counts))
            fresh = False
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE complaints_complaint")
        if Complaint.objects.filter(status__in=OPEN).count() >= args.cases * 0.99:
            break
    open_cases = Complaint.objects.filter(status__in=OPEN).count()
    counted = Complaint.objects.filter(status__in=OPEN).values("status").annotate(n=Count("pk"))
    by_status = {row["status"]: row["n"] for row in counted.order_by()}
    print(f"open cases: {open_cases:,}  " + ", ".join(f"{s} {n:,}" for s, n in sorted(by_status.items())))
    now = timezone.now()
    for label, later in [("+5 min (as scheduled)", timedelta(minutes=5)), ("+1 day", timedelta(days=1))]:
        times, counts = timed(now + later, args.runs)
        rows.append((label, times, counts))

    print()
    print(f"{'situation':<28} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7}  cases touched per run")
    for label, times, counts in rows:
        touched = ", ".join(f"{k} {v:,}" for k, v in counts.items() if v) or "none"
        print(
            f"{label:<28} {len(times):>4} {statistics.median(times):>9.3f} {min(times):>7.3f} {max(times):>7.3f}"
            f"  {touched}"
        )
    print(f"\n{open_cases:,} open cases on PostgreSQL {connection.pg_version // 10000}; target: under 10 s")


if __name__ == "__main__":
    main()
