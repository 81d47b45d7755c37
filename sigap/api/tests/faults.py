"""Complaint intake under faults: many clients file through the REST API and Open311 while the app,
the job consumer and the database crash, and every reporter must get one acknowledgement e-mail.

A private PostgreSQL cluster (its own directory and port, never a shared server), gunicorn with
several workers, the huey job consumer (`manage.py run_huey`, its queue in the run's var/) and an SMTP
server (aiosmtpd, in this process) run on the loopback. Client threads file complaints, each with a
reporter e-mail: REST clients with their own Idempotency-Key, plain Open311 clients form-encoded with
`api_key` and no key at all, resending the byte-identical POST (as real Open311 clients do). Both
retry on connection errors, timeouts, 5xx and 429 until the complaint is acknowledged (bounded in
attempts and time), and every error answer must be in its endpoint's own shape (REST `{code,
message}`, Open311 `[{code, description}]`). Meanwhile a chaos thread SIGKILLs gunicorn workers,
kills the whole app (master and workers) and restarts it, SIGKILLs and restarts the job consumer, and
restarts PostgreSQL in immediate mode (a crash: no checkpoint, recovery from the WAL); and some
gunicorn workers SIGKILL themselves the moment a filing has committed, before the app queued the
acknowledgement's delivery job (`faults_wsgi.py`), so only the consumer's re-drive can send it.
Afterwards every acknowledged tracking code must be in the database with what was sent, no logical
request may exist twice, and every complaint's reporter must have received exactly one
acknowledgement e-mail.

Used by the suite (a short run, `test_intake_faults.py`) and by `bench/faults.py` (a long run).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import random
import re
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
from urllib.parse import urlencode

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


def app_env(database_url: str, var_dir: Path, smtp_port: int | None = None) -> dict[str, str]:
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
    if smtp_port is not None:
        env.update(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            SIGAP_SEND_EMAIL="1",
            EMAIL_TIMEOUT="2",
            # A consumer killed while sending leaves its row claimed until the lease runs out; a short
            # lease (still well above the local SMTP exchange) lets the run see the re-drive send it.
            SIGAP_NOTIFY_LEASE_SECONDS="12",
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
    _key, raw = apikey_create(
        name="fault test", jurisdiction=city, scopes=[Scope.COMPLAINTS_CREATE, Scope.OPEN311_POST], actor=None
    )
    from django.db import connection

    # Start from a checkpoint, so a crash restart replays only the run's own WAL, not the migrations'.
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    print(json.dumps({"key": raw, "category": category.code if category else None}))


class App:
    """gunicorn as `manage.py serve` runs it, with several workers."""

    def __init__(
        self, port: int, workers: int, env: dict[str, str], log_path: Path, wsgi: str = "sigap.wsgi:application"
    ) -> None:
        self.port, self.workers, self.env, self.log_path, self.wsgi = port, workers, env, log_path, wsgi
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120) -> None:
        command = [
            sys.executable, "-m", "gunicorn", self.wsgi,
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


class Consumer:
    """`manage.py run_huey` (the job consumer), with or without the periodic-job scheduler."""

    def __init__(self, env: dict[str, str], log_path: Path, *, periodic: bool, start: bool = True) -> None:
        self.env, self.log_path, self.periodic = env, log_path, periodic
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        if start:
            self.start()

    def start(self) -> None:
        command = [sys.executable, "manage.py", "run_huey", "--workers", "2"]
        if not self.periodic:
            command.append("--no-periodic")
        self.started = time.time()
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=out, start_new_session=True
            )

    def kill(self) -> None:
        """SIGKILL the consumer and its worker threads at once: jobs it held are lost with it."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


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
    submitted_open311: int = 0
    acknowledged: int = 0
    acknowledged_open311: int = 0
    found_after: int = 0
    lost: int = 0
    duplicated: int = 0
    # The acknowledgement e-mails: one per complaint filed (acknowledged or not), each with an address.
    emails_expected: int = 0
    emails_received: int = 0
    missing_emails: int = 0
    duplicate_emails: int = 0
    resent_emails: int = 0  # the same message again after a consumer died between the 250 and recording it
    # How the run went: what the clients and the chaos thread saw.
    gave_up: int = 0
    attempts: int = 0
    replayed: int = 0
    retried_open311: int = 0
    errors_seen: dict[str, int] = field(default_factory=dict)
    error_bodies: dict[str, int] = field(default_factory=dict)
    worker_kills: int = 0
    kills_after_commit: int = 0
    app_kills: int = 0
    consumer_kills: int = 0
    db_restarts: int = 0
    seconds: float = 0.0
    mail_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def table(self) -> str:
        rows = [
            ("submitted (of them Open311)", f"{self.submitted} ({self.submitted_open311})"),
            ("acknowledged (of them Open311)", f"{self.acknowledged} ({self.acknowledged_open311})"),
            ("found after", self.found_after),
            ("lost", self.lost),
            ("duplicated", self.duplicated),
            ("acknowledgement e-mails expected", self.emails_expected),
            ("acknowledgement e-mails received", self.emails_received),
            ("missing e-mails", self.missing_emails),
            ("duplicate e-mails", self.duplicate_emails),
            ("resent after a consumer died mid-handover (same Message-ID)", self.resent_emails),
            ("not acknowledged (gave up)", self.gave_up),
            ("requests made", self.attempts),
            ("REST acknowledged by a replay", self.replayed),
            ("Open311 acknowledged after a plain retry", self.retried_open311),
            ("gunicorn workers killed", self.worker_kills),
            ("workers killed right after a commit", self.kills_after_commit),
            ("whole app killed and restarted", self.app_kills),
            ("job consumer killed and restarted", self.consumer_kills),
            ("PostgreSQL crash restarts", self.db_restarts),
            ("seconds (filing)", round(self.seconds, 1)),
            ("seconds (until the last e-mail)", round(self.mail_seconds, 1)),
        ]
        width = max(len(name) for name, _ in rows)
        lines = [f"{name:<{width}}  {value}" for name, value in rows]
        if self.errors_seen:
            seen = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_seen.items()))
            lines.append(f"{'failed requests':<{width}}  {seen}")
        if self.error_bodies:
            seen = ", ".join(f"{k}: {v}" for k, v in sorted(self.error_bodies.items()))
            lines.append(f"{'error answers (all in shape)':<{width}}  {seen}")
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


def open311_form(api_key: str, body: dict[str, Any]) -> bytes:
    """The same complaint as a plain Open311 client sends it: form-encoded, api_key in the body, no key header.

    GeoReport has no reporter address; the name comes as first and last name.
    """
    reporter = body["reporter"]
    first, last = reporter["name"].split(" ", 1)
    fields = [
        ("api_key", api_key),
        ("service_code", body["category"]),
        ("lat", str(body["lat"])),
        ("long", str(body["lng"])),
        ("address_string", body["address"]),
        ("description", body["description"]),
        ("email", reporter["email"]),
        ("first_name", first),
        ("last_name", last),
        ("phone", reporter["phone"]),
        ("attribute[title]", body["title"]),
        ("attribute[kind]", body["kind"]),
        ("attribute[expectation]", body["expectation"]),
    ]
    return urlencode(fields).encode()


def error_in_shape(endpoint: str, data: bytes) -> bool:
    """Is this error body in the endpoint's documented shape (docs/api.md)?"""
    try:
        doc = json.loads(data)
    except ValueError:
        return False
    if endpoint == "open311":
        return (
            isinstance(doc, list)
            and len(doc) > 0
            and all(isinstance(e, dict) and "code" in e and isinstance(e.get("description"), str) for e in doc)
        )
    return isinstance(doc, dict) and isinstance(doc.get("code"), str) and isinstance(doc.get("message"), str)


def file_complaint(
    port: int, api_key: str, key: str, body: dict[str, Any], *, open311: bool, deadline: float, max_attempts: int,
    counts: Counts, lock: threading.Lock,
) -> str | None:  # fmt: skip
    """POST until acknowledged; return the tracking code, or None after the attempts or the time run out.

    A REST client resends with its Idempotency-Key; an Open311 client resends the same bytes without any.
    """
    endpoint = "open311" if open311 else "rest"
    if open311:
        path, payload = "/open311/v2/requests.json", open311_form(api_key, body)
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    else:
        path, payload = "/api/v1/complaints", json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {api_key}", "Idempotency-Key": key, "Content-Type": "application/json"}
    pause = 0.05
    # An impatient client (one in three) gives up on its first request early and retries while the
    # first is still being served: the two requests then overlap on the server.
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
                conn.request("POST", path, body=payload, headers=headers)
                response = conn.getresponse()
                data = response.read()
            finally:
                conn.close()
            if open311 and response.status == 200:
                with lock:
                    counts.retried_open311 += attempt > 0
                return str(json.loads(data)[0]["service_request_id"])
            if not open311 and response.status == 201:
                if response.getheader("Idempotent-Replayed") == "true":
                    # The first answer was lost after the commit; the retry got it replayed.
                    with lock:
                        counts.replayed += 1
                return str(json.loads(data)["tracking_code"])
            with lock:
                if error_in_shape(endpoint, data):
                    name = f"{endpoint} {response.status}"
                    counts.error_bodies[name] = counts.error_bodies.get(name, 0) + 1
                else:
                    counts.problems.append(
                        f"{key}: {endpoint} error not in its shape: {response.status} {data[:200]!r}"
                    )
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


def _connect(database_url: str) -> Any:
    import psycopg

    return psycopg.connect(database_url.replace("postgres://", "postgresql://"), autocommit=True)


def verify(
    database_url: str, run: str, sent: dict[str, dict[str, Any]], acknowledged: dict[str, str], open311: set[str]
) -> tuple[int, int, int, list[str]]:
    """Return (found with full content, lost, duplicated, differences) by reading the database directly."""
    with _connect(database_url) as conn:
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
        via_open311 = key in open311
        expected = (
            code, body["title"], body["description"], body["expectation"], body["address"], body["lat"], body["lng"],
            body["kind"], "open311" if via_open311 else "api", False, body["category"], r["name"], r["email"],
            r["phone"], "" if via_open311 else r["address"],
        )  # fmt: skip
        if tuple(row) == expected:
            found += 1
        else:
            lost += 1
            differences.append(f"{key}: stored {tuple(row)!r}, sent {expected!r}")
    return found, lost, duplicated, differences


def acknowledgement_rows(database_url: str, run: str) -> list[tuple[str, str, str, str, int]]:
    """(tracking code, reporter address, outbox row uuid or '', row state or '', claims of the row) per complaint."""
    with _connect(database_url) as conn:
        return [
            (code, email, str(uuid) if uuid else "", state or "", attempts or 0)
            for code, email, uuid, state, attempts in conn.execute(
                """
                SELECT c.tracking_code, r.email, n.uuid, n.state, n.attempts
                FROM complaints_complaint c
                JOIN complaints_reporter r ON r.complaint_id = c.id
                LEFT JOIN notifications_notification n
                  ON n.complaint_id = c.id AND n.kind = 'acknowledgement' AND n.channel = 'email'
                WHERE c.title LIKE %s
                """,
                [f"Uji gangguan {run}-%"],
            ).fetchall()
        ]


MESSAGE_ID = re.compile(r"<([0-9a-f-]{36})@")


def check_mail(rows: list[tuple[str, str, str, str, int]], messages: list[Any], counts: Counts) -> None:
    """One acknowledgement e-mail per complaint: none missing, none twice.

    The one repeat the outbox admits (docs/notifications.md) is a consumer killed in the milliseconds
    between the SMTP server's 250 and recording `sent`: the row is claimed again and the same message,
    with the same Message-ID, goes out again. Such a repeat counts as `resent`, and only when the row
    shows the second claim; any other second e-mail is a problem.
    """
    uuids: dict[str, str] = {}
    rows_per_code: dict[str, int] = {}
    claims: dict[str, int] = {}
    address: dict[str, str] = {}
    for code, email, uuid, _state, attempts in rows:
        address[code] = email
        rows_per_code.setdefault(code, 0)
        if uuid:
            uuids[uuid] = code
            rows_per_code[code] += 1
            claims[code] = attempts
    received: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    for message in messages:
        case = str(message.get("X-Sigap-Case") or "")
        match = MESSAGE_ID.search(str(message.get("Message-ID") or ""))
        uuid = match.group(1) if match else ""
        if case not in address and uuid not in uuids:
            continue  # another run's, or not an acknowledgement of a test complaint
        code = uuids.get(uuid, case)
        if uuid not in uuids or code != case:
            counts.problems.append(f"{case}: e-mail {message.get('Message-ID')} is not its acknowledgement row")
        if address.get(code, "") not in str(message.get("To") or ""):
            counts.problems.append(f"{code}: acknowledgement sent to {message.get('To')}, not {address.get(code)}")
        received[code] = received.get(code, 0) + 1
        ids.setdefault(code, set()).add(str(message.get("Message-ID")))
    counts.emails_expected = len(address)
    counts.emails_received = sum(received.values())
    for code in address:
        n = received.get(code, 0)
        if rows_per_code[code] != 1:
            counts.problems.append(f"{code}: {rows_per_code[code]} acknowledgement rows in the outbox")
        if n == 0:
            counts.missing_emails += 1
            counts.problems.append(f"{code}: no acknowledgement e-mail")
        elif n > 1 and len(ids[code]) == 1 and claims.get(code, 0) >= n:
            counts.resent_emails += n - 1
        elif n > 1:
            counts.duplicate_emails += n - 1
            counts.problems.append(
                f"{code}: {n} acknowledgement e-mails, Message-IDs {sorted(ids[code])}, row claimed {claims.get(code)}x"
            )


def wait_for_mail(
    database_url: str, run: str, consumer: Consumer, *, lease: float, timeout: float, log: Callable[[str], None]
) -> bool:
    """Wait until every acknowledgement row is sent; restart the consumer when nothing moves for a lease.

    A row whose job was lost (a worker killed right after the commit, a consumer killed holding the
    job) waits for a re-drive: the consumer's own at its start or its minute schedule. Restarting the
    consumer once a lease has passed without progress runs the start-up re-drive without waiting for
    the minute.
    """
    deadline = time.monotonic() + timeout
    last_change, last_left = time.monotonic(), -1
    while time.monotonic() < deadline:
        try:
            rows = acknowledgement_rows(database_url, run)
        except Exception:  # the database may still be recovering from the last crash
            time.sleep(0.5)
            continue
        left = sum(1 for _code, _email, _uuid, state, _claims in rows if state != "sent")
        if left == 0:
            return True
        if left != last_left:
            last_change, last_left = time.monotonic(), left
        elif time.monotonic() - last_change > lease + 1:
            log(f"{left} acknowledgements unsent for {lease + 1:.0f} s: restarting the consumer (start-up re-drive)")
            consumer.restart()
            last_change = time.monotonic()
        time.sleep(0.5)
    return False


def run_faults(
    *,
    complaints: int,
    clients: int,
    workers: int = 3,
    max_seconds: float = 120,
    chaos_every: tuple[float, float] = (0.4, 1.2),
    open311_share: float = 0.5,
    kill_after_commit: float = 0.03,
    pg_port: int | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> Counts:
    """Run one fault test from scratch (cluster, migration, app, consumer, SMTP) and return the counts."""
    from sigap.notifications.tests.servers import smtp_server

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    counts = Counts(submitted=complaints)
    database = PrivatePostgres(pg_port or free_port(55433, 55499, in_order=True))
    app: App | None = None
    consumer: Consumer | None = None
    var_dir = Path(tempfile.mkdtemp(prefix="sigap-faults-var-"))
    kills_log = var_dir / "killed-after-commit"
    try:
        with smtp_server() as (mailbox, smtp_port):
            log(f"PostgreSQL on 127.0.0.1:{database.port} in {database.dir}; SMTP on 127.0.0.1:{smtp_port}")
            database.start()
            env = app_env(database.url, var_dir, smtp_port)
            prepared = subprocess.run(
                [sys.executable, "-c", "from sigap.api.tests.faults import prepare_database; prepare_database()"],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            setup = json.loads(prepared.stdout.strip().splitlines()[-1])
            app_env_faulty = {
                **env,
                "SIGAP_FAULTS_KILL_AFTER_COMMIT": str(kill_after_commit),
                "SIGAP_FAULTS_KILL_LOG": str(kills_log),
            }
            app = App(
                free_port(8200, 8299), workers, app_env_faulty, var_dir / "gunicorn.log",
                wsgi="sigap.api.tests.faults_wsgi:application",
            )  # fmt: skip
            app.restart()
            consumer = Consumer(env, var_dir / "consumer.log", periodic=True)
            log(f"gunicorn with {workers} workers on 127.0.0.1:{app.port}; job consumer pid {consumer.process.pid}")  # type: ignore[union-attr]

            run = f"F{random.randrange(16**6):06x}"
            sent = {f"{run}-key-{n}": complaint_body(run, n, setup["category"]) for n in range(complaints)}
            keys = list(sent)
            # Interleaved, so both kinds of client file throughout the run and meet every fault.
            via_open311 = {key for n, key in enumerate(keys) if (n * open311_share) % 1 + open311_share >= 1}
            counts.submitted_open311 = len(via_open311)
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
                    code = file_complaint(
                        app.port, setup["key"], key, sent[key], open311=key in via_open311, deadline=deadline,
                        max_attempts=200, counts=counts, lock=lock,
                    )  # fmt: skip
                    with lock:
                        if code is None:
                            counts.gave_up += 1
                        else:
                            acknowledged[key] = code

            def chaos() -> None:
                # Every run gets each kind of fault at fixed points of its progress or of its time,
                # whichever comes first (however fast or loaded the machine), and a random mix at
                # random moments in between.
                plan = [
                    ("worker", 0.1), ("db", 0.2), ("consumer", 0.3), ("app", 0.35), ("worker", 0.5), ("db", 0.65),
                    ("consumer", 0.7), ("worker", 0.8),
                ]  # fmt: skip
                next_random = time.monotonic() + random.uniform(*chaos_every)
                while not done.wait(0.05):
                    with lock:
                        finished = len(acknowledged) + counts.gave_up
                    if plan and (
                        finished >= plan[0][1] * complaints or time.monotonic() - started >= plan[0][1] * max_seconds
                    ):
                        action = plan.pop(0)[0]
                    elif time.monotonic() >= next_random:
                        action = random.choices(["worker", "db", "app", "consumer"], [6, 2, 1, 1])[0]
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
                        elif action == "consumer":
                            consumer.restart()
                            counts.consumer_kills += 1
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
            counts.acknowledged_open311 = len(via_open311 & set(acknowledged))
            with contextlib.suppress(FileNotFoundError):
                counts.kills_after_commit = len(kills_log.read_text().split())
            counts.found_after, counts.lost, counts.duplicated, differences = verify(
                database.url, run, sent, acknowledged, via_open311
            )
            counts.problems.extend(differences[:20])

            lease = float(env["SIGAP_NOTIFY_LEASE_SECONDS"])
            if not wait_for_mail(database.url, run, consumer, lease=lease, timeout=4 * lease + 30, log=log):
                counts.problems.append("acknowledgements still unsent when the run stopped waiting")
            counts.mail_seconds = time.monotonic() - started
            time.sleep(1.5)  # a second copy of a message, if any, would arrive now
            consumer.stop()
            check_mail(acknowledgement_rows(database.url, run), list(mailbox.messages), counts)
            del counts.problems[40:]
            return counts
    finally:
        if consumer is not None:
            consumer.kill()
        if app is not None:
            app.stop()
        database.stop()
        keep = os.environ.get("SIGAP_FAULTS_KEEP_LOG")
        if keep:
            for name in ("gunicorn.log", "consumer.log"):
                if (var_dir / name).exists():
                    shutil.copy(var_dir / name, f"{keep}.{name}")
        shutil.rmtree(var_dir, ignore_errors=True)
