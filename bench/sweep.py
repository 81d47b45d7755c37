"""Benchmark the deadline sweep on PostgreSQL at 10k, 100k and 1M complaints.

    .venv/bin/python bench/sweep.py --sizes 10k,100k,1m [--runs 5]

Uses the per-size databases of the other benchmarks (`<prefix>_10k`, ...: the demo's mix of
statuses received over a year, about 40% of them open; seeded on first use, see harness.seed_to)
and times the sweep in three situations:

- backlog: the very first sweep over cases never swept (every overdue case is
  escalated, every silent answered case closed, every stale incomplete report
  archived): the worst case, once after installing; timed once, committed, so
  only the first run on a fresh database shows it;
- +5 min: the sweep as the worker runs it, five minutes after the previous one;
- +1 day: a sweep after a whole day without one (a day's worth of deadlines crossed).

`--open-cases 1m` measures the same on a database of its own (`<prefix>_open_1m`) holding that many
*open* complaints (received over the last 120 days, the open statuses in the demo's proportions),
the load the sweep's target is stated for: topped up and swept until the open cases number at
least 99% of it, then timed.

Before the later situations every case is swept up to now (committed). Those runs each happen
inside a transaction that is rolled back, so every run starts from the same data (each batch is
then a savepoint instead of a commit). Prints the median, min and max of --runs runs per size.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta

import harness


class Rollback(Exception):
    pass


def timed(now, runs: int) -> tuple[list[float], dict[str, int]]:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from sigap.escalation.sweep import sweep

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


def measure(size: int, runs: int) -> list[list[object]]:
    harness.use_database(harness.database_name(size))
    harness.seed_to(size)
    from django.db import connection
    from django.utils import timezone

    from sigap.complaints.models import Complaint
    from sigap.complaints.workflow import OPEN
    from sigap.escalation.sweep import sweep

    rows: list[list[object]] = []
    label = harness.size_label(size)
    fresh = not Complaint.objects.filter(escalation_level__gt=0).exists()
    print("  sweeping every case up to now (committed) ...", flush=True)
    started = time.perf_counter()
    run = sweep(now=timezone.now())
    if fresh:
        rows.append([label, "backlog (first sweep ever)", 1, time.perf_counter() - started, run.counts])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE complaints_complaint")
    harness.vacuum_as_autovacuum_would()  # the search table and timeline the sweep wrote
    open_cases = Complaint.objects.filter(status__in=OPEN).count()
    now = timezone.now()
    for situation, later in [("+5 min (as scheduled)", timedelta(minutes=5)), ("+1 day", timedelta(days=1))]:
        times, counts = timed(now + later, runs)
        rows.append([label, situation, len(times), statistics.median(times), counts, min(times), max(times)])
    total = Complaint.objects.count()
    return [[*row[:2], total, open_cases, *row[2:]] for row in rows]


def top_up_open(cases: int) -> None:
    """Seed open complaints only until `cases` are open; sweep up to now until that holds after sweeping."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sigap.complaints.models import Complaint
    from sigap.complaints.workflow import OPEN
    from sigap.demo.seeding import WEIGHTS, seed_bulk_complaints, seed_city, seed_staff
    from sigap.escalation.sweep import sweep

    call_command("migrate", "--noinput", verbosity=0)
    city = seed_city()
    seed_staff(city)
    weights = {status: weight for status, weight in WEIGHTS.items() if status in OPEN}
    while True:
        missing = cases - Complaint.objects.filter(status__in=OPEN).count()
        if missing <= cases * 0.01:
            return
        started = time.monotonic()

        def progress(done: int, missing: int = missing, started: float = started) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            print(f"\r  seeding {done:>9,}/{missing:,} open complaints ({rate:,.0f}/s)", end="", flush=True)

        seed_bulk_complaints(city, missing, days=120, weights=weights, batch_size=10_000, progress=progress)
        print()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE complaints_complaint")
        print("  sweeping every case up to now (committed) ...", flush=True)
        sweep(now=timezone.now())


def measure_open(cases: int, runs: int) -> list[list[object]]:
    harness.use_database(f"{harness.PREFIX}_open_{harness.size_label(cases)}")
    top_up_open(cases)
    from django.db import connection
    from django.utils import timezone

    from sigap.complaints.models import Complaint
    from sigap.complaints.workflow import OPEN

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE complaints_complaint")
    open_cases = Complaint.objects.filter(status__in=OPEN).count()
    total = Complaint.objects.count()
    now = timezone.now()
    rows: list[list[object]] = []
    for situation, later in [("+5 min (as scheduled)", timedelta(minutes=5)), ("+1 day", timedelta(days=1))]:
        times, counts = timed(now + later, runs)
        label = f"{harness.size_label(cases)} open"
        rows.append(
            [
                label,
                situation,
                total,
                open_cases,
                len(times),
                statistics.median(times),
                counts,
                *[min(times), max(times)],
            ]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per situation")
    parser.add_argument("--open-cases", default="", help="also sweep a database of this many open cases (1m)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in a child process
    parser.add_argument("--one-open", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_open:  # checked first: in_child passes --one too
        harness.child_result(measure_open(args.one_open, args.runs))
        return
    if args.one:
        harness.child_result(measure(args.one, args.runs))
        return
    rows = []
    for cases in harness.parse_sizes(args.open_cases) if args.open_cases else []:
        print(f"{harness.PREFIX}_open_{harness.size_label(cases)} ...", flush=True)
        rows += harness.in_child(__file__, cases, "--runs", str(args.runs), "--one-open", str(cases))  # type: ignore[operator]
    for size in harness.parse_sizes(args.sizes) if args.sizes else []:
        print(f"{harness.database_name(size)} ...", flush=True)
        rows += harness.in_child(__file__, size, "--runs", str(args.runs))  # type: ignore[operator]
    print(f"\ndeadline sweep by size, PostgreSQL; {harness.machine()}; target: under 10 s")
    table_rows = []
    for size, situation, total, open_cases, n, median, counts, *spread in rows:
        touched = ", ".join(f"{k} {v:,}" for k, v in counts.items() if v) or "none"
        low, high = spread if spread else (median, median)
        seconds = [f"{median:.3f}", f"{low:.3f}", f"{high:.3f}"]
        table_rows.append([size, total, open_cases, situation, n, *seconds, touched])
    print(harness.table(
        ["size", "complaints", "open", "situation", "runs", "median s", "min s", "max s", "cases touched per run"],
        table_rows,
    ))  # fmt: skip


if __name__ == "__main__":
    main()
