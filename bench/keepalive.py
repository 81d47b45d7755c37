"""Keep-alive for API clients: gunicorn's sync workers against gthread workers that keep connections.

Uses the API benchmark's database (`sigap_bench_api`, seeded by `bench/api.py`'s `prepare`) and the
same requests. For each round, and in alternating order, it starts gunicorn with each worker class
and runs, at every concurrency level, client threads that each hold one HTTP/1.1 connection and
reuse it for as long as the server allows:

| operation | request |
|---|---|
| REST create | `POST /api/v1/complaints` (JSON, API key) |
| REST list | `GET /api/v1/complaints?limit=50` |
| reference | `GET /api/v1/categories?jurisdiction=<city>` (a small answer: connection cost shows most) |

It prints requests per second, median and p95 latency, and how many TCP connections the clients had
to open per 100 requests (sync workers answer `Connection: close`, so every request opens one).
Medians over `--rounds` rounds.

    .venv/bin/python bench/keepalive.py --concurrency 1,8 --rounds 3 --duration 5
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import api
import harness

CLASSES = {
    "sync": ["--worker-class", "sync"],
    "gthread": ["--worker-class", "gthread", "--threads", "4", "--keep-alive", "5"],
}


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    connections: int = 0
    errors: int = 0
    seconds: float = 0.0


def run(port: int, concurrency: int, duration: float, request: Callable[[int], tuple[str, str, bytes | None]],
        ok: int, headers: dict[str, str]) -> Outcome:  # fmt: skip
    outcome = Outcome()
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)
    stop = [0.0]

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies: list[float] = []
        opened = errors = 0
        ready.wait()
        i = 0
        while time.monotonic() < stop[0]:
            method, path, body = request(n * 1_000_000 + i)
            i += 1
            started = time.perf_counter()
            try:
                if conn.sock is None:
                    opened += 1  # http.client connects on demand: a new TCP connection (and worker accept)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.will_close:
                    conn.close()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            elapsed = time.perf_counter() - started
            if status == ok:
                latencies.append(elapsed)
            else:
                errors += 1
        conn.close()
        with lock:
            outcome.latencies.extend(latencies)
            outcome.connections += opened
            outcome.errors += errors

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    stop[0] = time.monotonic() + duration
    began = time.monotonic()
    ready.wait()
    for thread in threads:
        thread.join()
    outcome.seconds = time.monotonic() - began
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (both classes)")
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per operation, level and class")
    parser.add_argument("--preload", type=int, default=20_000)
    args = parser.parse_args()
    levels = [int(n) for n in args.concurrency.split(",") if n]

    env = {
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        "SIGAP_VAR_DIR": tempfile.mkdtemp(prefix="sigap-bench-"),
        "SIGAP_API_WRITES_PER_KEY": "100000000",
        "SIGAP_API_WRITES_PER_ADDRESS": "100000000",
        "HUEY_IMMEDIATE": "0",
    }
    os.environ.update(env)
    harness.use_database(f"{harness.PREFIX}_api")
    key, city_id = api.prepare(args.preload)
    from sigap.organisations.models import Jurisdiction

    city = Jurisdiction.objects.get(pk=city_id).slug
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Accept-Language": "id"}
    operations: list[tuple[str, Callable[[int], tuple[str, str, bytes | None]], int]] = [
        ("REST create", lambda i: ("POST", "/api/v1/complaints", json.dumps(api.create_body(i)).encode()), 201),
        ("REST list", lambda i: ("GET", "/api/v1/complaints?limit=50", None), 200),
        ("reference", lambda i: ("GET", f"/api/v1/categories?jurisdiction={city}", None), 200),
    ]
    results: dict[tuple[str, str, int], list[Outcome]] = {}
    load_before = harness.machine()
    for round_ in range(args.rounds):
        order = list(CLASSES) if round_ % 2 == 0 else list(reversed(CLASSES))
        for name in order:
            server = api.start_server(
                args.port, args.workers, {**os.environ, **env}, ("--timeout", "120", *CLASSES[name])
            )
            try:
                run(args.port, args.workers * 2, 2.0, operations[0][1], 201, headers)  # warm-up, untimed
                for level in levels:
                    for label, request, ok in operations:
                        outcome = run(args.port, level, args.duration, request, ok, headers)
                        results.setdefault((name, label, level), []).append(outcome)
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(f"round {round_ + 1}: {name} done", flush=True)
    load_after = harness.machine()

    rows = []
    for (name, label, level), outcomes in results.items():
        rates = [len(o.latencies) / o.seconds for o in outcomes if o.seconds]
        medians = [statistics.median(o.latencies) * 1000 for o in outcomes if o.latencies]
        p95s = [harness.percentile(o.latencies, 0.95) * 1000 for o in outcomes if o.latencies]
        per_100 = [100 * o.connections / max(len(o.latencies) + o.errors, 1) for o in outcomes]
        errors = sum(o.errors for o in outcomes)
        rows.append([
            label, level, name, f"{statistics.median(rates):.1f}", f"{statistics.median(medians):.1f}",
            f"{statistics.median(p95s):.1f}", f"{statistics.median(per_100):.1f}", errors,
        ])  # fmt: skip
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    print(f"\ngunicorn --workers {args.workers}; gthread: {' '.join(CLASSES['gthread'][2:])}; "
          f"{args.duration:.0f} s per operation, level and class; medians of {args.rounds} rounds")  # fmt: skip
    print(f"machine before: {load_before}\nmachine after:  {load_after}\n")
    print(harness.table(
        ["operation", "clients", "worker class", "req/s", "p50 ms", "p95 ms", "connections per 100 req", "errors"],
        rows,
    ))  # fmt: skip


if __name__ == "__main__":
    main()
