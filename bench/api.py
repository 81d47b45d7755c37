"""Benchmark the REST and Open311 APIs on PostgreSQL behind gunicorn (several processes), on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench .venv/bin/python bench/api.py

Prepares the database (migrate, demo city, `--preload` synthetic complaints, one API key acting as the
complaint administrator), starts gunicorn with `--workers` processes, then for `--duration` seconds per
operation keeps `--concurrency` client threads busy and prints throughput and p50/p99 latency.
Every request goes to 127.0.0.1 only, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0


def prepare(preload: int) -> str:
    """Migrate and seed through Django in this process; return a fresh API key."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from sigap.accounts.models import User
    from sigap.apikeys.scopes import Scope
    from sigap.apikeys.services import apikey_create
    from sigap.complaints.models import Complaint
    from sigap.demo.seeding import seed_bulk_complaints, seed_city, seed_staff, seed_story_complaints

    call_command("migrate", "--noinput", verbosity=0)
    city = seed_city()
    seed_staff(city)
    seed_story_complaints(city, 60)
    missing = preload - Complaint.objects.filter(jurisdiction=city).count()
    if missing > 0:
        print(f"preloading {missing:,} synthetic complaints ...", flush=True)
        seed_bulk_complaints(city, missing, batch_size=5000)
    from django.db import connection

    # Fresh planner statistics after the bulk load, as autovacuum would give a running system.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _key, raw = apikey_create(
        name=f"bench {secrets.token_hex(3)}",
        jurisdiction=city,
        scopes=list(Scope),
        user=User.objects.get(username="admin.pengaduan"),
        actor=None,
    )
    return raw


def start_server(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn", "sigap.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/jurisdictions")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def call(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def run(name: str, duration: float, concurrency: int, make: Callable[[int], tuple[str, str, bytes | None]],
        port: int, headers: dict[str, str], ok: int) -> Result:  # fmt: skip
    result = Result(name)
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            method, path, body = make(n * 1_000_000 + i)
            i += 1
            started = time.perf_counter()
            try:
                status = call(port, method, path, body, headers)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status == ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per operation")
    parser.add_argument("--preload", type=int, default=20_000, help="complaints in the database before the run")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "set DATABASE_URL to a PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/sigap_bench)"
        )

    var_dir = tempfile.mkdtemp(prefix="sigap-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        "SIGAP_VAR_DIR": var_dir,
        # The limits are tested elsewhere; here they would only measure 429s.
        "SIGAP_API_WRITES_PER_KEY": "100000000",
        "SIGAP_API_WRITES_PER_ADDRESS": "100000000",
        "HUEY_IMMEDIATE": "0",
    }
    os.environ.update(env)
    key = prepare(args.preload)
    server = start_server(args.port, args.workers, env)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Accept-Language": "id"}

    def create(i: int) -> tuple[str, str, bytes | None]:
        body = {
            "category": "jalan",
            "title": f"Jalan berlubang nomor {i}",
            "description": f"Lubang di jalan nomor {i} membahayakan pengendara motor setiap malam.",
            "reporter": {"name": "Pelapor Uji", "phone": "081200000000"},
            "lat": -7.64,
            "lng": 112.9,
        }
        return "POST", "/api/v1/complaints", json.dumps(body).encode()

    def rest_list(i: int) -> tuple[str, str, bytes | None]:
        return "GET", "/api/v1/complaints?limit=50", None

    def open311_list(i: int) -> tuple[str, str, bytes | None]:
        return "GET", "/open311/v2/requests.json?page_size=50", None

    load_before = os.getloadavg()[0]
    try:
        operations = [
            ("REST create  POST /api/v1/complaints", create, 201),
            ("REST list    GET  /api/v1/complaints?limit=50", rest_list, 200),
            ("Open311 list GET  /open311/v2/requests.json?page_size=50", open311_list, 200),
        ]
        results = [
            run(name, args.duration, args.concurrency, make, args.port, headers, ok) for name, make, ok in operations
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    print(f"gunicorn workers={args.workers}, client threads={args.concurrency}, {args.duration:.0f} s per operation, "
          f"{args.preload:,} complaints preloaded, PostgreSQL, loopback; "
          f"load average before/after {load_before:.1f}/{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'operation':<58} {'ok':>7} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for r in results:
        rate = len(r.latencies) / r.seconds if r.seconds else 0.0
        p50 = statistics.median(r.latencies) * 1000 if r.latencies else float("nan")
        p99 = percentile(r.latencies, 0.99) * 1000
        print(f"{r.name:<58} {len(r.latencies):>7} {r.errors:>6} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f}")
        if r.errors:
            print(f"    statuses: {r.statuses}")


if __name__ == "__main__":
    main()
