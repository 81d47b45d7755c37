"""What the benchmarks share: one PostgreSQL database per size (seeded once, reused), percentiles, tables.

A benchmark picks its database before Django starts (`use_database`), so each size runs in its own
process; `bench/run_all.py` runs them one after another.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "sigap_bench")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
# Complaints received in the benchmark city's latest year. A larger size is that year and the years before it
# (10M: a decade of a large province), whose cases have all ended, as a decade's history has.
YEARLY = 1_000_000


def size_label(size: int) -> str:
    return next((label for label, n in SIZES.items() if n == size), str(size))


def parse_sizes(text: str) -> list[int]:
    """'10k,100k,1m' (or plain numbers) -> [10000, 100000, 1000000]."""
    return [SIZES[part] if part in SIZES else int(part) for part in text.lower().replace("_", "").split(",") if part]


def database_name(size: int) -> str:
    return f"{PREFIX}_{size_label(size)}"


def use_database(name: str) -> str:
    """Create the database if missing, point Django at it and set Django up; return its URL."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{SERVER}/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return url


def seed_to(size: int) -> None:
    """Bring the demo city to `size` complaints, indexed and rolled up.

    Up to YEARLY complaints are the demo's mix of statuses received over the last year; the rest are received
    over the years before, YEARLY a year, in the statuses a case ends in (closed, forwarded, archived) in the
    demo's proportions. Runs every step only when needed, so a database seeded once is reused as it is.
    """
    from django.core.management import call_command
    from django.db import connection

    from sigap.complaints.models import Complaint
    from sigap.dashboards.models import DailyStat
    from sigap.dashboards.rollups import rollups_rebuild
    from sigap.demo.seeding import seed_bulk_complaints, seed_city, seed_staff, seed_story_complaints
    from sigap.search.documents import documents_rebuild

    call_command("migrate", "--noinput", verbosity=0)
    city = seed_city()
    seed_staff(city)
    seed_story_complaints(city, 60)
    missing = size - Complaint.objects.filter(jurisdiction=city).count()
    changed = missing > 0
    if changed:
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            print(f"\r  seeding {done:>9,}/{missing:,} complaints ({rate:,.0f}/s)", end="", flush=True)

        recent = max(0, min(missing, YEARLY - (size - missing)))
        if recent:
            seed_bulk_complaints(city, recent, batch_size=10_000, progress=progress)
        _seed_history(city, missing - recent, lambda done: progress(recent + done))
        print()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document")
        indexed = cursor.fetchone()[0]
    if changed or indexed < size:
        started = time.monotonic()
        documents_rebuild(batch_size=20_000)
        print(f"  search index rebuilt in {time.monotonic() - started:.0f} s", flush=True)
    if changed or not DailyStat.objects.filter(jurisdiction=city).exists():
        started = time.monotonic()
        rollups_rebuild(jurisdiction=city)
        print(f"  dashboard figures rebuilt in {time.monotonic() - started:.0f} s", flush=True)
    if changed:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def vacuum_as_autovacuum_would() -> list[str]:
    """VACUUM or ANALYZE each table autovacuum would have visited by now; print and return what was done.

    A running system has autovacuum on; a test server may not (CI's PostgreSQL is set up without it),
    and pages timed after a sweep would then read tables no running system leaves unvacuumed: an
    index-only scan goes back to the table for every row changed since. Each table's thresholds are
    its own storage parameters, else the server's settings. Does nothing where autovacuum is on.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('autovacuum')::bool")
        if cursor.fetchone()[0]:
            return []
        names = ["vacuum_threshold", "vacuum_scale_factor", "vacuum_insert_threshold",
                 "vacuum_insert_scale_factor", "analyze_threshold", "analyze_scale_factor"]  # fmt: skip
        cursor.execute("SELECT " + ", ".join(f"current_setting('autovacuum_{n}')::float" for n in names))
        server = dict(zip(names, cursor.fetchone(), strict=True))
        cursor.execute(
            "SELECT s.relname, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze,"
            " greatest(c.reltuples, 0), coalesce(c.reloptions, '{}') FROM pg_stat_user_tables s"
            " JOIN pg_class c ON c.oid = s.relid"
        )
        tables = cursor.fetchall()
        done = []
        for table, dead, inserted, changed, rows, options in tables:
            pairs = (option.split("=", 1) for option in options)
            own = {k.removeprefix("autovacuum_"): float(v) for k, v in pairs if k.removeprefix("autovacuum_") in server}
            limit = {**server, **own}
            vacuum = dead > limit["vacuum_threshold"] + limit["vacuum_scale_factor"] * rows or (
                inserted > limit["vacuum_insert_threshold"] + limit["vacuum_insert_scale_factor"] * rows
            )
            analyze = changed > limit["analyze_threshold"] + limit["analyze_scale_factor"] * rows
            if vacuum or analyze:
                command = "VACUUM (ANALYZE)" if vacuum and analyze else "VACUUM" if vacuum else "ANALYZE"
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
                done.append(f"{command} {table} ({dead:,} dead, {inserted:,} inserted, {changed:,} changed rows)")
                print(f"  autovacuum is off here: {done[-1]}", flush=True)
    return done


def _seed_history(city: Any, count: int, progress: Callable[[int], None]) -> None:
    """Seed `count` ended complaints into the years before the latest, the most recent year first.

    One call per year, so each year's deadlines are counted on that year's calendar.
    """
    from datetime import timedelta

    from django.utils import timezone

    from sigap.complaints.models import Complaint
    from sigap.complaints.workflow import TERMINAL
    from sigap.demo.seeding import WEIGHTS, seed_bulk_complaints

    ended = {status: weight for status, weight in WEIGHTS.items() if status in TERMINAL}
    now = timezone.now()
    year, seeded = 1, 0
    while count > seeded:
        until = now - timedelta(days=365 * year)
        already = Complaint.objects.filter(created_at__lte=until, created_at__gt=until - timedelta(days=365)).count()
        batch = min(count - seeded, YEARLY - already)
        if batch > 0:
            seed_bulk_complaints(city, batch, seed=7 + year, batch_size=10_000, until=until, weights=ended,
                                 progress=lambda done, offset=seeded: progress(offset + done))  # fmt: skip
            seeded += batch
        year += 1


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile, q in 0..1."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def explain(sql: str, settings: Sequence[str] = ()) -> str:
    """The plan PostgreSQL runs `sql` with, run for real: EXPLAIN (ANALYZE, BUFFERS), after `settings` (SET LOCAL)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(setting)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; numbers right-aligned, floats with one decimal."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.1f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int | float) for row in rows) if rows else False for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        padded = (v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True))
        return "| " + " | ".join(padded) + " |"

    dashes = (("-" * (w + 1) + ":") if n else ("-" * (w + 2)) for w, n in zip(widths, numeric, strict=True))
    rule = "|" + "|".join(dashes) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}"


def in_child(script: str, size: int, *args: str) -> object:
    """Run `script --one SIZE ARGS` in a fresh process (Django binds one database per process).

    The child prints progress as it goes and its result as one line `RESULT <json>`; returns that result.
    """
    import json
    import subprocess

    command = [sys.executable, "-u", script, "--one", str(size), *args]
    result = None
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("RESULT "):
                result = json.loads(line[len("RESULT ") :])
            else:
                print(line, end="", flush=True)
    if child.returncode or result is None:
        raise SystemExit(f"{Path(script).name} failed for {size:,} complaints")
    return result


def child_result(value: object) -> None:
    import json

    print("RESULT " + json.dumps(value), flush=True)
