"""Benchmark the REST and Open311 APIs on PostgreSQL behind gunicorn (several processes), on loopback,
and compare API intake with a raw psycopg loop writing the same rows.

    .venv/bin/python bench/api.py [--concurrency 1,8,32]

Prepares its own database (`<prefix>_api`: migrate, demo city, `--preload` synthetic complaints, one
API key acting as the complaint administrator), starts gunicorn with `--workers` processes, then for
each concurrency level keeps that many client threads busy for `--duration` seconds per operation:

- REST create, Open311 create, REST list, Open311 list, through gunicorn;
- raw intake: the same number of threads, one psycopg connection each, writing the case an API
  intake writes (complaint, reporter, "created" timeline event and search document in one
  transaction), with no Django, HTTP or validation in between;
- raw intake, every row: the same, plus the rows an API intake writes around the case: its key's
  rate counter (a statement of its own, before the transaction) and the idempotency record that
  makes a retry safe (claimed first in the transaction, its response stored last), with the app's
  own statements.

Prints one table per level and the intake summary (app vs raw throughput). Every request goes to
127.0.0.1 only, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import itertools
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import harness

# What the raw loops write per intake; the second is checked against what the API actually writes
# (see write_set), statement by statement.
RAW_TABLES = ["complaints_complaint", "complaints_reporter", "complaints_complaintevent", "search_document"]
RAW_EVERY_ROW = [
    "INSERT web_ratecounter", "INSERT api_idempotencyrecord", *(f"INSERT {t}" for t in RAW_TABLES),
    "UPDATE api_idempotencyrecord",
]  # fmt: skip

# Every call files a different body: the intake answers a plain repeat of a POST (same key, same body,
# within the idempotency window) from its record instead of filing it again, and the runs of one
# database (warm-up, levels, earlier processes) must not replay each other's bodies.
RUN = secrets.token_hex(4)
CALLS = itertools.count()


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def ms(self, q: float) -> float:
        if q == 0.5 and self.latencies:
            return statistics.median(self.latencies) * 1000
        return harness.percentile(self.latencies, q) * 1000


def prepare(preload: int) -> tuple[str, str]:
    """Migrate and seed through Django in this process; return a fresh API key and the city's id."""
    from django.core.management import call_command
    from django.db import connection

    from sigap.accounts.models import User
    from sigap.apikeys.scopes import Scope
    from sigap.apikeys.services import apikey_create
    from sigap.complaints.models import Complaint
    from sigap.demo.seeding import seed_bulk_complaints, seed_city, seed_staff, seed_story_complaints

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # served by WhiteNoise, as in production
    city = seed_city()
    seed_staff(city)
    seed_story_complaints(city, 60)
    missing = preload - Complaint.objects.filter(jurisdiction=city).count()
    if missing > 0:
        print(f"preloading {missing:,} synthetic complaints ...", flush=True)
        seed_bulk_complaints(city, missing, batch_size=5000)
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
    return raw, str(city.pk)


def create_body(i: int) -> dict[str, Any]:
    return {
        "category": "jalan",
        "title": f"Jalan berlubang nomor {i}",
        "description": f"Lubang di jalan nomor {i} membahayakan pengendara motor setiap malam ({RUN}).",
        "reporter": {"name": "Pelapor Uji", "phone": "081200000000"},
        "lat": -7.64,
        "lng": 112.9,
    }


def open311_form(i: int) -> bytes:
    """The same complaint as `create_body`, as an Open311 POST form (the key goes in X-API-Key)."""
    body = create_body(i)
    return urlencode({
        "service_code": body["category"], "description": body["description"], "attribute[title]": body["title"],
        "first_name": body["reporter"]["name"], "phone": body["reporter"]["phone"],
        "lat": str(body["lat"]), "long": str(body["lng"]),
    }).encode()  # fmt: skip


def write_set(key: str) -> list[str]:
    """The statements one API intake writes, e.g. 'INSERT complaints_complaint', from one in-process request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {"Authorization": f"Bearer {key}", "Accept-Language": "id"}
    for _ in range(2):  # the first request may also stamp the key's last use
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                "/api/v1/complaints", create_body(next(CALLS)), content_type="application/json", headers=headers
            )
        assert response.status_code == 201, response.content
    pattern = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
    writes = []
    for query in captured.captured_queries:
        match = pattern.match(query["sql"])
        if match:
            writes.append(f"{match.group(1).split()[0].upper()} {match.group(2)}")
    return writes


def raw_statements(city_id: int) -> tuple[str, dict[str, Any], str, str, str, dict[str, Any]]:
    """SQL and values for the raw loop: the columns the app fills, built the way complaint_submit builds them."""
    from django.db import connection

    from sigap.complaints.codes import hash_secret, new_secret
    from sigap.complaints.models import Channel, Complaint, ComplaintEvent, Reporter
    from sigap.organisations.models import Category
    from sigap.search.backends import PostgresBackend
    from sigap.sla import deadlines
    from sigap.sla.models import Stage

    category = Category.objects.get(jurisdiction_id=city_id, code="jalan")
    now = datetime.now().astimezone()
    body = create_body(0)
    proto = Complaint(
        jurisdiction_id=city_id, secret_hash=hash_secret(new_secret()), channel=Channel.API, title=body["title"],
        description=body["description"], lat=body["lat"], lng=body["lng"], category=category,
        service=category.service, created_at=now, updated_at=now,
        due_at=deadlines.deadline(jurisdiction=category.jurisdiction, category=category, stage=Stage.VERIFICATION,
                                  start=now),
    )  # fmt: skip
    fields = [f for f in Complaint._meta.concrete_fields if f.column != "id"]
    values = {f.column: f.get_db_prep_save(getattr(proto, f.attname), connection) for f in fields}
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({c})s" for c in values)
    complaint_sql = f"INSERT INTO {Complaint._meta.db_table} ({columns}) VALUES ({placeholders}) RETURNING id"  # noqa: S608
    reporter_sql = (
        f"INSERT INTO {Reporter._meta.db_table} (complaint_id, name, email, phone, address) "  # noqa: S608
        "VALUES (%s, %s, '', %s, '')"
    )
    event_sql = (
        f"INSERT INTO {ComplaintEvent._meta.db_table} (complaint_id, at, kind, action, actor_id, actor_role, "  # noqa: S608
        "from_status, to_status, body, is_public, data) "
        "VALUES (%s, %s, 'created', '', NULL, 'reporter', '', 'received', '', true, %s)"
    )
    # The very statement the app runs in the intake transaction to index the new case.
    document_sql = PostgresBackend._DOCUMENT.format(where="c.id = ANY(%(ids)s)")
    return complaint_sql, values, reporter_sql, event_sql, document_sql, PostgresBackend._params()


def around_statements() -> tuple[str, str, str]:
    """The app's own rate-counter bump, idempotency claim and finishing UPDATE (sigap.web.ratelimit, sigap.api)."""
    from django.db import connection

    from sigap.api import idempotency
    from sigap.web.ratelimit import increment_statement

    claim, finish = idempotency._sql(connection)
    return increment_statement(connection), claim, finish


def start_server(port: int, workers: int, env: dict[str, str], extra: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
    """Start gunicorn (with `extra` arguments, e.g. a worker class) and wait until it answers."""
    command = [
        sys.executable, "-m", "gunicorn", "sigap.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning", *extra,
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=harness.ROOT, env=env)
    deadline = time.monotonic() + 180  # a busy machine takes a while to import Django in every worker
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited")
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


def run(name: str, duration: float, concurrency: int, worker_for: Callable[[int], Callable[[int], int]],
        ok: int) -> Result:  # fmt: skip
    """Keep `concurrency` threads calling their operation for `duration` seconds; each call returns a status."""
    result = Result(name)
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)
    stop = [0.0]
    failures: list[BaseException] = []

    def worker(n: int) -> None:
        operation = worker_for(n)  # per-thread set-up (e.g. a connection) stays out of the timing
        ready.wait()
        while time.monotonic() < stop[0]:
            started = time.perf_counter()
            try:
                status = operation(next(CALLS))
            except OSError:
                status = 0
            except Exception as exc:  # a broken operation must stop the run, not leave a silent row of zeros
                with lock:
                    failures.append(exc)
                return
            elapsed = time.perf_counter() - started
            with lock:
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status == ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    stop[0] = time.monotonic() + duration
    began = time.monotonic()
    ready.wait()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{name}: {failures[0]!r}")
    result.seconds = time.monotonic() - began
    return result


def raw_intake(
    url: str,
    statements: tuple[str, dict[str, Any], str, str, str, dict[str, Any]],
    around: tuple[str, str, str] | None = None,
) -> Callable[[int], Callable[[int], int]]:
    """A worker factory for `run`: one connection per thread, one intake per call.

    With `around` (see around_statements) each intake also bumps one shared rate counter, as every
    API write bumps its key's, and claims and finishes an idempotency record of its own.
    """
    import psycopg
    from psycopg.types.json import Jsonb

    from sigap.complaints.codes import new_tracking_code

    complaint_sql, values, reporter_sql, event_sql, document_sql, document_params = statements

    def worker_for(n: int) -> Callable[[int], int]:
        conn = psycopg.connect(url, autocommit=True)

        def intake(i: int) -> int:
            now = datetime.now().astimezone()
            code = new_tracking_code()
            row = {**values, "tracking_code": code, "created_at": now, "updated_at": now,
                   "title": f"Jalan berlubang nomor {i}",
                   "description": f"Lubang di jalan nomor {i} membahayakan pengendara motor setiap malam."}  # fmt: skip
            if around is not None:
                bump, claim, finish = around
                window = int(time.time()) // 60 * 60
                conn.execute(bump, [f"rl:raw-write:{RUN}:{window}", window + 60])
            with conn.transaction():  # BEGIN … COMMIT
                if around is not None:
                    digest = hashlib.sha256(f"{RUN}:{i}".encode()).hexdigest()
                    (record,) = conn.execute(claim, [f"raw:{RUN}", digest, "raw.intake", digest, 0, Jsonb({}), None,
                                                     now, now - timedelta(hours=24)]).fetchone()  # type: ignore[misc]  # fmt: skip
                (pk,) = conn.execute(complaint_sql, row).fetchone()  # type: ignore[misc]
                conn.execute(reporter_sql, [pk, "Pelapor Uji", "081200000000"])
                conn.execute(event_sql, [pk, now, Jsonb({"channel": "api", "attachments": [],
                                                         "due_at": values["due_at"].isoformat()})])  # fmt: skip
                # In the same transaction, as the app indexes a new case.
                conn.execute(document_sql, {**document_params, "ids": [pk]})
                if around is not None:
                    # What the app stores to replay: the answer it gave (its fields, the sealed secret).
                    answer = {"tracking_code": code, "secret": secrets.token_urlsafe(24), "status": "received",
                              "public_status": "Diterima", "created_at": now.isoformat(),
                              "due_at": values["due_at"].isoformat(),
                              "tracking_url": f"http://127.0.0.1:8000/lacak/?code={code}"}  # fmt: skip
                    conn.execute(finish, [201, Jsonb(answer), pk, record])
            return 201

        return intake

    return worker_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--concurrency", default="1,8,32", help="client threads, one run per comma-separated level")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per operation and level")
    parser.add_argument("--preload", type=int, default=20_000, help="complaints in the database before the run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of untimed intake before the levels")
    parser.add_argument("--intake-only", action="store_true", help="skip the list operations")
    args = parser.parse_args()
    levels = [int(n) for n in args.concurrency.split(",") if n]

    var_dir = tempfile.mkdtemp(prefix="sigap-bench-")
    env = {
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        "SIGAP_VAR_DIR": var_dir,
        # The limits are tested elsewhere; here they would only measure 429s.
        "SIGAP_API_WRITES_PER_KEY": "100000000",
        "SIGAP_API_WRITES_PER_ADDRESS": "100000000",
        "HUEY_IMMEDIATE": "0",
    }
    os.environ.update(env)
    url = harness.use_database(f"{harness.PREFIX}_api")
    key, city_id = prepare(args.preload)
    writes = write_set(key)
    statements = raw_statements(int(city_id))
    around = around_statements()
    server = start_server(args.port, args.workers, {**os.environ, **env})
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Accept-Language": "id"}
    form_headers = {"X-API-Key": key, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "id"}

    def http_worker(method: str, path: str, with_body: bool) -> Callable[[int], Callable[[int], int]]:
        def worker_for(n: int) -> Callable[[int], int]:
            def operation(i: int) -> int:
                body = json.dumps(create_body(i)).encode() if with_body else None
                return call(args.port, method, path, body, headers)

            return operation

        return worker_for

    def open311_create(n: int) -> Callable[[int], int]:
        def operation(i: int) -> int:
            return call(args.port, "POST", "/open311/v2/requests.json", open311_form(i), form_headers)

        return operation

    operations = [
        ("REST create  POST /api/v1/complaints", http_worker("POST", "/api/v1/complaints", True), 201),
        ("Open311 create POST /open311/v2/requests.json", open311_create, 200),
    ]
    if not args.intake_only:
        operations += [
            ("REST list    GET  /api/v1/complaints?limit=50",
             http_worker("GET", "/api/v1/complaints?limit=50", False), 200),
            ("Open311 list GET  /open311/v2/requests.json?page_size=50",
             http_worker("GET", "/open311/v2/requests.json?page_size=50", False), 200),
        ]  # fmt: skip
    # Warm every worker up (imports, connections, caches) before anything is timed.
    run("warm-up", args.warmup, args.workers * 2, operations[0][1], 201)
    load_before = harness.machine()
    by_level: dict[int, list[Result]] = {}
    try:
        for level in levels:
            results = [run(name, args.duration, level, make, ok) for name, make, ok in operations]
            # Straight after the API intake phase, at the same concurrency.
            results.append(run("raw psycopg intake (the case)", args.duration, level, raw_intake(url, statements), 201))
            results.append(run("raw psycopg intake (every row)", args.duration, level,
                               raw_intake(url, statements, around), 201))  # fmt: skip
            by_level[level] = results
            print(f"concurrency {level}: done", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    print(f"gunicorn workers={args.workers}, {args.duration:.0f} s per operation and level, "
          f"{args.preload:,} complaints preloaded, PostgreSQL, loopback; before: {load_before}; "
          f"after: {harness.machine()}")  # fmt: skip
    print(f"one API intake writes: {', '.join(writes)}")
    if writes != RAW_EVERY_ROW:
        print(f"WARNING: the raw loop of every row writes {', '.join(RAW_EVERY_ROW)}; not like for like")
    for level, results in by_level.items():
        print(f"\nconcurrency {level}")
        print(harness.table(
            ["operation", "ok", "errors", "req/s", "p50 ms", "p99 ms"],
            [[r.name, len(r.latencies), r.errors, r.rate, r.ms(0.5), r.ms(0.99)] for r in results],
        ))  # fmt: skip
        for r in results:
            if r.errors:
                print(f"    {r.name} statuses: {r.statuses}")
    print("\nintake: REST create (gunicorn) vs raw psycopg writing the case, and every row the API writes")
    rows = []
    for level, results in by_level.items():
        app, case, every = results[0], results[-2], results[-1]
        rows.append([level, app.rate, app.ms(0.5), case.rate, case.ms(0.5), every.rate, every.ms(0.5),
                     f"{app.rate / case.rate:.2f}" if case.rate else "-",
                     f"{app.rate / every.rate:.2f}" if every.rate else "-"])  # fmt: skip
    print(harness.table(
        ["concurrency", "app req/s", "app p50 ms", "case ops/s", "case p50 ms", "every row ops/s",
         "every row p50 ms", "app/case", "app/every row"],
        rows,
    ))  # fmt: skip


if __name__ == "__main__":
    main()
