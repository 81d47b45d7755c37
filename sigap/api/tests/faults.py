"""Complaint intake under faults: many clients file through the REST API while the app and the database crash.

A private PostgreSQL cluster (its own directory and port, never a shared server) and gunicorn with
several workers run on the loopback. Client threads each file complaints with their own
Idempotency-Key and retry with the same key on connection errors, 5xx and 429 until the complaint is
acknowledged (bounded in attempts and time). Meanwhile a chaos thread SIGKILLs gunicorn workers,
kills the whole app (master and workers) and restarts it, and restarts PostgreSQL in immediate mode
(a crash: no checkpoint, recovery from the WAL). Afterwards every acknowledged tracking code must be
in the database with what was sent, and no complaint may exist twice.

Used by the suite (a short run, `test_intake_faults.py`) and by `bench/faults.py` (a long run).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
PG_BIN = Path(os.environ.get("SIGAP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def postgres_available() -> bool:
    return all((PG_BIN / name).exists() for name in ("initdb", "pg_ctl", "postgres"))


class PrivatePostgres:
    """A throw-away cluster in a temporary directory; only this cluster is ever stopped or restarted."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="sigap-faults-pg-"))
        self.data = self.dir / "data"
        # PostgreSQL refuses to run as root: drop to its own account when we are root.
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.run_as:
            shutil.chown(self.dir, "postgres")

    def _run(self, *args: str) -> None:
        # Output goes to a file, not a pipe: the server inherits it and would hold a pipe open for ever.
        with open(self.dir / "pg_ctl.out", "ab") as out:
            subprocess.run([*self.run_as, *args], check=True, stdout=out, stderr=out, timeout=120)

    def _pg_ctl(self, *args: str) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", *args)

    def start(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._pg_ctl("-o", options, "start")
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "sigap")

    def restart_crash(self) -> None:
        """Immediate mode: the server is killed without a checkpoint and recovers from its WAL."""
        self._pg_ctl("-m", "immediate", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/sigap"


def free_port(low: int, high: int, *, in_order: bool = False) -> int:
    ports = range(low, high + 1)
    for port in ports if in_order else random.sample(ports, len(ports)):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def app_env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "HUEY_", "PYTEST", "DATABASE_URL", "CACHE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sigap.settings",
        DATABASE_URL=database_url,
        SIGAP_VAR_DIR=str(var_dir),
        # The clients all use one API key; the rate limit is not what is tested here.
        SIGAP_API_WRITES_PER_KEY="1000000",
        SECRET_KEY="faults-" + "x" * 50,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    return env


def prepare_database() -> None:
    """Run in a subprocess with `app_env`: migrate, create a city and print an API key for it."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from sigap.apikeys.scopes import Scope
    from sigap.apikeys.services import apikey_create
    from sigap.demo.seeding import seed_city
    from sigap.organisations.models import Category

    city = seed_city()
    category = Category.objects.filter(jurisdiction=city).order_by("code").first()
    _key, raw = apikey_create(name="fault test", jurisdiction=city, scopes=[Scope.COMPLAINTS_CREATE], actor=None)
    from django.db import connection

    # Start from a checkpoint, so a crash restart replays only the run's own WAL, not the migrations'.
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    print(json.dumps({"key": raw, "category": category.code if category else None}))


class App:
    """gunicorn as `manage.py serve` runs it, with several workers."""

    def __init__(self, port: int, workers: int, env: dict[str, str], log_path: Path) -> None:
        self.port, self.workers, self.env, self.log_path = port, workers, env, log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> None:
        command = [
            sys.executable, "-m", "gunicorn", "sigap.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--log-level", "error", "--timeout", "30", "--graceful-timeout", "5",
        ]  # fmt: skip
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/v1/jurisdictions")
                conn.getresponse().read()
                return  # any answer: gunicorn is up (the database may still be restarting)
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        self.kill_all()
        raise RuntimeError("gunicorn did not answer")

    def restart(self, tries: int = 3) -> None:
        """Kill everything and start again; a start that fails is killed and retried."""
        for attempt in range(tries):
            self.kill_all()
            try:
                self.start()
                return
            except RuntimeError:
                if attempt == tries - 1:
                    raise
                time.sleep(1)

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def kill_worker(self) -> bool:
        pids = self.worker_pids()
        if not pids:
            return False
        try:
            os.kill(random.choice(pids), signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def kill_all(self) -> None:
        """SIGKILL the master and every worker at once (a crashed machine or container)."""
        if self.process is None:
            return
        pids = self.worker_pids()
        if self.process.poll() is not None:
            return
        for pid in [self.process.pid, *pids]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()
        for pid in pids:
            _wait_gone(pid)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill_all()


def _wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


@dataclass
class Counts:
    submitted: int = 0
    acknowledged: int = 0
    found_after: int = 0
    lost: int = 0
    duplicated: int = 0
    # How the run went: what the clients and the chaos thread saw.
    gave_up: int = 0
    attempts: int = 0
    replayed: int = 0
    errors_seen: dict[str, int] = field(default_factory=dict)
    worker_kills: int = 0
    app_kills: int = 0
    db_restarts: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def table(self) -> str:
        rows = [
            ("submitted", self.submitted),
            ("acknowledged", self.acknowledged),
            ("found after", self.found_after),
            ("lost", self.lost),
            ("duplicated", self.duplicated),
            ("not acknowledged (gave up)", self.gave_up),
            ("requests made", self.attempts),
            ("acknowledged by a replay", self.replayed),
            ("gunicorn workers killed", self.worker_kills),
            ("whole app killed and restarted", self.app_kills),
            ("PostgreSQL crash restarts", self.db_restarts),
            ("seconds", round(self.seconds, 1)),
        ]
        width = max(len(name) for name, _ in rows)
        lines = [f"{name:<{width}}  {value}" for name, value in rows]
        if self.errors_seen:
            seen = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_seen.items()))
            lines.append(f"{'failed requests':<{width}}  {seen}")
        return "\n".join(lines)


def complaint_body(run: str, n: int, category: str | None) -> dict[str, Any]:
    """A complaint whose every field names it, so what is stored can be compared field by field."""
    marker = f"{run}-{n:06d}"
    return {
        "category": category,
        "kind": "pengaduan" if n % 3 else "aspirasi",
        "title": f"Uji gangguan {marker}",
        "description": f"Lampu jalan di gang {n} mati sejak minggu lalu; laporan uji {marker}. Ümlaut ok: ñ, ß.",
        "expectation": f"Mohon diperbaiki ({marker})",
        "address": f"Jl. Uji No. {n}",
        "lat": round(-7.6 - n / 1e6, 6),
        "lng": round(112.9 + n / 1e6, 6),
        "reporter": {
            "name": f"Pelapor {marker}",
            "email": f"pelapor{n}@example.id",
            "phone": f"0812{n:08d}",
            "address": f"Rumah {marker}",
        },
    }


def file_complaint(
    port: int, api_key: str, key: str, body: dict[str, Any], *, deadline: float, max_attempts: int, counts: Counts,
    lock: threading.Lock,
) -> dict[str, Any] | None:  # fmt: skip
    """POST until acknowledged (201) with the same Idempotency-Key; None after the attempts or the time run out."""
    payload = json.dumps(body).encode()
    headers = {
        "Authorization": f"Bearer {api_key}",
        "Idempotency-Key": key,
        "Content-Type": "application/json",
    }
    pause = 0.05
    # An impatient client (one in three) gives up on its first request early and retries while the
    # first is still being served: the two requests with one key then overlap on the server.
    impatient = random.random() < 1 / 3
    for attempt in range(max_attempts):
        if time.monotonic() > deadline:
            return None
        with lock:
            counts.attempts += 1
        reason = ""
        try:
            timeout = random.uniform(0.05, 0.5) if impatient and attempt == 0 else 40
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            try:
                conn.request("POST", "/api/v1/complaints", body=payload, headers=headers)
                response = conn.getresponse()
                data = response.read()
            finally:
                conn.close()
            if response.status == 201:
                if response.getheader("Idempotent-Replayed") == "true":
                    # The first answer was lost after the commit; the retry got it replayed.
                    with lock:
                        counts.replayed += 1
                return dict(json.loads(data))
            if response.status < 500 and response.status != 429:
                # A refusal is not a fault to ride out: report it (the test fails on it).
                with lock:
                    counts.problems.append(f"{key}: HTTP {response.status} {data[:300]!r}")
                return None
            reason = f"HTTP {response.status}"
        except (OSError, http.client.HTTPException) as exc:
            reason = type(exc).__name__
        with lock:
            counts.errors_seen[reason] = counts.errors_seen.get(reason, 0) + 1
        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 2, 1.0)
    return None


def verify(
    database_url: str, run: str, sent: dict[str, dict[str, Any]], acknowledged: dict[str, str]
) -> tuple[int, int, int, list[str]]:
    """Return (found with full content, lost, duplicated, differences) by reading the database directly."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        rows = conn.execute(
            """
            SELECT c.tracking_code, c.title, c.description, c.expectation, c.address, c.lat, c.lng, c.kind,
                   c.channel, c.is_anonymous, cat.code, r.name, r.email, r.phone, r.address
            FROM complaints_complaint c
            LEFT JOIN organisations_category cat ON cat.id = c.category_id
            LEFT JOIN complaints_reporter r ON r.complaint_id = c.id
            WHERE c.title LIKE %s
            """,
            [f"Uji gangguan {run}-%"],
        ).fetchall()
    by_code: dict[str, tuple[Any, ...]] = {}
    per_marker: dict[str, int] = {}
    for row in rows:
        by_code[row[0]] = row
        marker = row[1].removeprefix("Uji gangguan ")
        per_marker[marker] = per_marker.get(marker, 0) + 1
    duplicated = sum(n - 1 for n in per_marker.values() if n > 1)
    found, lost, differences = 0, 0, []
    for key, code in acknowledged.items():
        row = by_code.get(code)
        if row is None:
            lost += 1
            differences.append(f"{key}: {code} missing")
            continue
        body = sent[key]
        r = body["reporter"]
        expected = (
            code, body["title"], body["description"], body["expectation"], body["address"], body["lat"], body["lng"],
            body["kind"], "api", False, body["category"], r["name"], r["email"], r["phone"], r["address"],
        )  # fmt: skip
        if tuple(row) == expected:
            found += 1
        else:
            lost += 1
            differences.append(f"{key}: stored {tuple(row)!r}, sent {expected!r}")
    return found, lost, duplicated, differences


def run_faults(
    *,
    complaints: int,
    clients: int,
    workers: int = 3,
    max_seconds: float = 120,
    chaos_every: tuple[float, float] = (0.4, 1.2),
    pg_port: int | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> Counts:
    """Run one fault test from scratch (cluster, migration, app) and return the counts."""
    counts = Counts(submitted=complaints)
    database = PrivatePostgres(pg_port or free_port(55433, 55499, in_order=True))
    app: App | None = None
    var_dir = Path(tempfile.mkdtemp(prefix="sigap-faults-var-"))
    try:
        log(f"PostgreSQL on 127.0.0.1:{database.port} in {database.dir}")
        database.start()
        env = app_env(database.url, var_dir)
        prepared = subprocess.run(
            [sys.executable, "-c", "from sigap.api.tests.faults import prepare_database; prepare_database()"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        setup = json.loads(prepared.stdout.strip().splitlines()[-1])
        app = App(free_port(8200, 8299), workers, env, var_dir / "gunicorn.log")
        app.restart()
        log(f"gunicorn with {workers} workers on 127.0.0.1:{app.port}")

        run = f"F{random.randrange(16**6):06x}"
        sent = {f"{run}-key-{n}": complaint_body(run, n, setup["category"]) for n in range(complaints)}
        keys = list(sent)
        acknowledged: dict[str, str] = {}
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + max_seconds
        done = threading.Event()
        next_index = iter(range(complaints))

        def client() -> None:
            while True:
                with lock:
                    n = next(next_index, None)
                if n is None:
                    return
                key = keys[n]
                reply = file_complaint(
                    app.port, setup["key"], key, sent[key], deadline=deadline, max_attempts=200, counts=counts,
                    lock=lock,
                )  # fmt: skip
                with lock:
                    if reply is None:
                        counts.gave_up += 1
                    else:
                        acknowledged[key] = reply["tracking_code"]

        def chaos() -> None:
            # Every run gets each kind of fault at fixed points of its progress (however fast the
            # machine), and a random mix at random moments in between.
            plan = [("worker", 0.1), ("db", 0.2), ("app", 0.35), ("worker", 0.5), ("db", 0.65), ("worker", 0.8)]
            next_random = time.monotonic() + random.uniform(*chaos_every)
            while not done.wait(0.05):
                with lock:
                    finished = len(acknowledged) + counts.gave_up
                if plan and finished >= plan[0][1] * complaints:
                    action = plan.pop(0)[0]
                elif time.monotonic() >= next_random:
                    action = random.choices(["worker", "db", "app"], [6, 2, 1])[0]
                else:
                    continue
                try:
                    if action == "worker":
                        counts.worker_kills += app.kill_worker()
                    elif action == "db":
                        began = time.monotonic()
                        database.restart_crash()
                        counts.db_restarts += 1
                        log(f"PostgreSQL crash restart took {time.monotonic() - began:.1f} s")
                    else:
                        app.restart()
                        counts.app_kills += 1
                except Exception as exc:  # a failed restart is a failure of the harness, reported as such
                    counts.problems.append(f"chaos {action}: {exc}")
                    return
                next_random = time.monotonic() + random.uniform(*chaos_every)

        threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
        agent = threading.Thread(target=chaos, daemon=True)
        agent.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        agent.join()
        counts.seconds = time.monotonic() - started
        counts.acknowledged = len(acknowledged)
        counts.found_after, counts.lost, counts.duplicated, differences = verify(database.url, run, sent, acknowledged)
        counts.problems.extend(differences[:20])
        return counts
    finally:
        if app is not None:
            app.stop()
        database.stop()
        if os.environ.get("SIGAP_FAULTS_KEEP_LOG") and (var_dir / "gunicorn.log").exists():
            shutil.copy(var_dir / "gunicorn.log", os.environ["SIGAP_FAULTS_KEEP_LOG"])
        shutil.rmtree(var_dir, ignore_errors=True)
