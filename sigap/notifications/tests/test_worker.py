"""The job queue for real: a huey consumer (not immediate mode) runs the jobs from an SQLite queue."""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from sigap.notifications.models import Kind, Notification, State
from sigap.notifications.senders import message_id
from sigap.notifications.tasks import deliver
from sigap.notifications.tests.servers import Mailbox, free_port, smtp_sending
from sigap.test import Personas

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def _leave_the_reference_data(django_db_blocker) -> Iterator[None]:
    """Put the migrations' data (time limits …) back after this module's flush.

    A transactional test ends by emptying every table; later tests that use
    an event loop (the browser test) cannot restore it themselves.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def consumer(tmp_path) -> Iterator[object]:
    """Switch huey from immediate mode to a queue file and run a consumer with two worker threads."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    HUEY.immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "queue.sqlite3"))
    worker = HUEY.create_consumer(workers=2, worker_type="thread", periodic=False, initial_delay=0.05, max_delay=0.2)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop(graceful=True)
        HUEY.immediate = True
        for number, handler in handlers.items():
            signal.signal(number, handler)


def wait_for(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


class City:
    pass


def test_the_worker_sends_the_acknowledgement_and_a_rerun_sends_nothing_twice(consumer):
    from sigap.complaints.services import ReporterDetails, Submission, complaint_submit

    city = City()
    Personas.build(city)
    with smtp_sending() as mailbox:
        complaint, _ = complaint_submit(
            submission=Submission(
                jurisdiction=city.city,
                title="Lampu jalan mati",
                description="Lampu penerangan jalan mati sejak seminggu, rawan kejahatan.",
                reporter=ReporterDetails(name="Ani", email="ani@example.id"),
            )
        )
        # The request returned before anything was sent: the job is in the queue, not run inline.
        assert wait_for(lambda: len(mailbox.messages) == 1), "the worker did not send the e-mail"
        row = Notification.objects.get(complaint=complaint, kind=Kind.ACKNOWLEDGEMENT)
        assert wait_for(lambda: Notification.objects.get(pk=row.pk).state == State.SENT)

        # The same job again (a retry, or a duplicate from the re-drive) finds the row sent.
        result = deliver.enqueue(row.pk)
        assert wait_for(lambda: deliver.get_backend().get_result(result.id).status == "SUCCESSFUL")
        finished = deliver.get_backend().get_result(result.id)
        assert finished.return_value is False
        assert finished.worker_ids, "run by a consumer's worker, not inline"
        time.sleep(0.3)
        assert len(mailbox.messages) == 1
        assert mailbox.messages[0]["To"] == "ani@example.id"


class Gate:
    """Holds every delivery at the receivers (before they accept it) while closed, and counts who waits."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.open = threading.Event()
        self.open.set()
        self._lock = threading.Lock()
        self.waiting = 0

    def _count(self, step: int) -> None:
        with self._lock:
            self.waiting += step

    def pass_sync(self) -> None:
        self._count(1)
        try:
            time.sleep(self.delay)
            self.open.wait()
        finally:
            self._count(-1)

    async def pass_async(self) -> None:
        self._count(1)
        try:
            await asyncio.sleep(self.delay)
            while not self.open.is_set():
                await asyncio.sleep(0.02)
        finally:
            self._count(-1)


class SlowMailbox(Mailbox):
    """A slow SMTP server: it waits at RCPT, so a sender killed there never got its message accepted."""

    gate: Gate | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        assert self.gate is not None
        await self.gate.pass_async()
        envelope.rcpt_tos.append(address)
        return "250 OK"


@contextmanager
def slow_smtp_server(gate: Gate) -> Iterator[tuple[Mailbox, int]]:
    mailbox = SlowMailbox()
    mailbox.gate = gate
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def _peer_gone(sock: socket.socket) -> bool:
    """True when the sender closed its end (it was killed while waiting for our answer)."""
    readable, _w, _x = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


@contextmanager
def slow_http_receiver(gate: Gate) -> Iterator[list[dict[str, str]]]:
    """Records each webhook's headers; a request whose sender died before the answer is not processed."""
    received: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            gate.pass_sync()
            if _peer_gone(self.connection):
                self.close_connection = True
                return
            received.append({name.lower(): value for name, value in self.headers.items()})
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hook"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield received, server.url  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def _worker_env(tmp_path, smtp_port: int) -> dict[str, str]:
    from django.db import connection

    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HUEY_", "PYTEST", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="sigap.settings",
        DATABASE_URL=url,
        SIGAP_VAR_DIR=str(tmp_path),
        HUEY_WORKERS="2",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        SIGAP_SEND_EMAIL="1",
        # Short, so the test need not wait five minutes; still far longer than one send here.
        SIGAP_NOTIFY_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    return env


LEASE_SECONDS = 2
WORKERS = 2


def _start_worker(env: dict[str, str], log) -> subprocess.Popen[bytes]:
    # The consumer exactly as `manage.py serve` starts it.
    return subprocess.Popen([sys.executable, "manage.py", "run_huey"], cwd=ROOT, env=env, stdout=log, stderr=log)


@pytest.mark.postgres_only
def test_a_worker_killed_mid_job_runs_the_job_again_and_sends_nothing_twice(tmp_path):
    # The worker is a separate process and must open the test database: an in-memory SQLite
    # database is invisible to it, so this runs in the suite's PostgreSQL pass.
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open: runs in the PostgreSQL pass")
    from sigap.notifications.models import Channel, WebhookEndpoint
    from sigap.notifications.services import dedupe_key, enqueue, notifications_create

    city = City()
    Personas.build(city)
    emails, hooks = 30, 30
    gate = Gate(delay=0.05)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    with (
        slow_smtp_server(gate) as (mailbox, smtp_port),
        slow_http_receiver(gate) as (webhooks, hook_url),
        open(tmp_path / "worker.log", "ab") as log,
    ):
        endpoint = WebhookEndpoint.objects.create(jurisdiction=city.city, name="Dasbor", url=hook_url, secret="rahasia")
        rows = [
            Notification(
                dedupe_key=dedupe_key("fault", "mail", n),
                kind=Kind.DIGEST,
                channel=Channel.EMAIL,
                recipient=f"staf{n}@example.id",
                jurisdiction=city.city,
                subject=f"Ringkasan {n}",
                body=f"Isi ringkasan {n}",
            )
            for n in range(emails)
        ] + [
            Notification(
                dedupe_key=dedupe_key("fault", "hook", n),
                kind=Kind.WEBHOOK,
                channel=Channel.WEBHOOK,
                recipient=hook_url,
                jurisdiction=city.city,
                context={"endpoint": endpoint.pk},
                subject="complaint.created",
                body=json.dumps({"n": n}),
            )
            for n in range(hooks)
        ]
        ids = notifications_create(rows)
        assert len(ids) == emails + hooks
        env = _worker_env(tmp_path, smtp_port)
        # This process only queues: the same SQLite queue file the worker process reads.
        HUEY.immediate = False
        HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "huey.sqlite3"))
        worker = _start_worker(env, log)
        try:
            enqueue(ids)
            assert wait_for(lambda: len(mailbox.messages) + len(webhooks) >= 15, timeout=60), "nothing delivered"
            # Hold every delivery at the receivers until both worker threads are stuck mid-send, then kill.
            gate.open.clear()
            assert wait_for(lambda: gate.waiting == WORKERS, timeout=30)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            gate.open.set()
            in_flight = set(Notification.objects.filter(state=State.SENDING).values_list("pk", flat=True))
            assert len(in_flight) == WORKERS
            sent_before = Notification.objects.filter(state=State.SENT).count()
            assert sent_before < emails + hooks

            # A new worker once the dead one's lease has run out (as after a restart by the service manager).
            time.sleep(LEASE_SECONDS + 0.5)
            worker = _start_worker(env, log)
            assert wait_for(lambda: Notification.objects.filter(state=State.SENT).count() == emails + hooks, 90), list(
                Notification.objects.exclude(state=State.SENT).values_list("pk", "state", "last_error")
            )
            time.sleep(0.5)  # anything sent twice would arrive now
        finally:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=20)
            HUEY.immediate = True
            for number, handler in handlers.items():
                signal.signal(number, handler)

    rows_after = {n.pk: n for n in Notification.objects.filter(pk__in=ids)}
    mail_ids = Counter(message["Message-ID"] for message in mailbox.messages)
    hook_ids = Counter(request["x-sigap-delivery"] for request in webhooks)
    expected_mail = {message_id(n) for n in rows_after.values() if n.channel == Channel.EMAIL}
    expected_hooks = {str(n.uuid) for n in rows_after.values() if n.channel == Channel.WEBHOOK}
    counts = {
        "e-mails queued": emails,
        "e-mails received": sum(mail_ids.values()),
        "e-mails received twice": sum(1 for c in mail_ids.values() if c > 1),
        "webhooks queued": hooks,
        "webhooks received": sum(hook_ids.values()),
        "webhooks received twice": sum(1 for c in hook_ids.values() if c > 1),
        "sent before the kill": sent_before,
        "in flight when killed": len(in_flight),
        "sent again by the new worker": sum(1 for pk in in_flight if rows_after[pk].attempts == 2),
    }
    print("\n".join(f"{name:<30} {value}" for name, value in counts.items()))
    assert set(mail_ids) == expected_mail and set(mail_ids.values()) == {1}
    assert set(hook_ids) == expected_hooks and set(hook_ids.values()) == {1}
    # The jobs the killed worker was running ran again: their rows were claimed a second time and sent.
    assert all(rows_after[pk].attempts == 2 and rows_after[pk].state == State.SENT for pk in in_flight)
    assert all(n.attempts == 1 for pk, n in rows_after.items() if pk not in in_flight)
