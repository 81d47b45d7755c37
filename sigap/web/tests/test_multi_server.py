"""Several app servers and several job consumers against one PostgreSQL, as docs/deploy.md sets them up.

Redis (a private redis-server) holds the job queue and the cache; two gunicorn instances and two huey
consumers (only one running the periodic jobs) share the test database and one media folder; a real
SMTP server receives the mail. Complaints are filed through both servers, and the test shows that
rate-limit counters are shared, a staff session from one server works on the other, each notification
is delivered once, the deadline sweep runs once per period, and an attachment uploaded through one
server is served by the other. PostgreSQL only: the processes need a database server.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from PIL import Image

from sigap.api.tests.faults import Consumer
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.complaints.models import Attachment, Complaint
from sigap.escalation.models import SweepRun
from sigap.notifications.models import Channel, Notification, State
from sigap.notifications.tests.servers import Mailbox, smtp_server
from sigap.test import PASSWORD, Personas, totp_code
from sigap.web.tests.cluster import (
    Browser,
    app_server,
    collected_static,
    database_url,
    deployment_env,
    tail,
)
from sigap.web.tests.redis import redis_available, redis_server

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WRITES_PER_KEY = 6
SWEEP_PERIOD = 60  # seconds: SIGAP_SWEEP_MINUTES=1


def wait_for(condition, timeout: float, what: str, interval: float = 0.5):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 24), "green").save(out, format="PNG")
    return out.getvalue()


def sign_in(browser: Browser, port: int, username: str, user: object) -> None:
    """Password, then the authenticator code, through the real pages of one server."""
    login = reverse("accounts:login")
    page = browser.get(port, login)
    answer = browser.request(
        port,
        "POST",
        login,
        f"csrfmiddlewaretoken={page.csrf()}&username={username}&password={PASSWORD}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 302, answer.status
    second = answer.headers["location"]
    assert second.startswith(reverse("staff:second_factor")), second
    page = browser.get(port, second)
    answer = browser.request(
        port,
        "POST",
        second,
        f"csrfmiddlewaretoken={page.csrf()}&token={totp_code(user)}".encode(),  # type: ignore[arg-type]
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 302, (answer.status, answer.text[:500])


def test_two_app_servers_and_two_consumers_share_one_deployment() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several processes need PostgreSQL (the suite's PostgreSQL pass runs this)")
    if not redis_available():
        pytest.skip("redis-server is not installed")

    world = SimpleNamespace()
    Personas.build(world)
    # The app servers run the production settings, whose hashers do not include the test suite's.
    hasher = PBKDF2PasswordHasher()
    type(world.admin).objects.filter(pk=world.admin.pk).update(password=hasher.encode(PASSWORD, hasher.salt()))
    _key, raw_key = apikey_create(
        name="City app", jurisdiction=world.city, scopes=[Scope.COMPLAINTS_CREATE], actor=world.sysadmin
    )

    work = Path(tempfile.mkdtemp(prefix="sigap-multi-"))
    media = work / "media"  # the shared media storage (one NFS export or bucket in production)
    media.mkdir()
    logs = {name: work / f"{name}.log" for name in ("a", "b", "periodic", "plain")}
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        redis_url = stack.enter_context(redis_server())
        mailbox, smtp_port = stack.enter_context(smtp_server())
        common = {
            "DATABASE_URL": database_url(connection.settings_dict),
            "CONN_MAX_AGE": "0",
            "REDIS_URL": f"{redis_url}/0",
            "CACHE_URL": f"{redis_url}/1",
            "MEDIA_ROOT": str(media),
            "STATIC_ROOT": str(collected_static()),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "SIGAP_SEND_EMAIL": "1",
            "SIGAP_API_WRITES_PER_KEY": str(WRITES_PER_KEY),
            "SIGAP_SWEEP_MINUTES": "1",
            "HUEY_WORKERS": "2",
        }

        def env(name: str) -> dict[str, str]:
            (work / name).mkdir(exist_ok=True)  # each machine's own var/ (nothing shared through it)
            return deployment_env(SIGAP_VAR_DIR=str(work / name), **common)

        # Stopped (last in, first out) before Redis and the SMTP server go away.
        for periodic, name in ((True, "periodic"), (False, "plain")):
            consumer = Consumer(env(name), logs[name], periodic=periodic)
            stack.callback(consumer.stop)
        apps = []
        for name in ("a", "b"):
            app = app_server(env(name), logs[name])
            stack.callback(app.stop)
            apps.append(app)
        try:
            run_scenario(world, raw_key, media, mailbox, *(app.port for app in apps))
        except AssertionError:
            for name, path in logs.items():
                print(f"--- {name} ---\n{tail(path)}")
            raise


def run_scenario(world: SimpleNamespace, raw_key: str, media: Path, mailbox: Mailbox, a: int, b: int) -> None:

    # Rate limits: one key files alternately through both servers; the limit holds for the two
    # together. Start early in a minute so the whole burst falls in one fixed window.
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)
    statuses = []
    for i in range(WRITES_PER_KEY + 4):
        body = {
            "jurisdiction": world.city.slug,
            "category": world.roads.code,
            "title": f"Lampu jalan mati nomor {i}",
            "description": "Lampu jalan di Jl. Pahlawan mati sejak seminggu, gelap dan rawan.",
            "reporter": {"name": "Rina Putri", "email": f"rina{i}@example.id"},
        }
        answer = Browser().request(
            (a, b)[i % 2],
            "POST",
            "/api/v1/complaints",
            json.dumps(body).encode(),
            {"Content-Type": "application/json", "Authorization": f"Bearer {raw_key}"},
        )
        statuses.append(answer.status)
    assert statuses.count(201) == WRITES_PER_KEY, statuses
    assert statuses[WRITES_PER_KEY:] == [429] * 4, statuses

    # A citizen files through server A with a photo; the photo is served by server B.
    citizen = Browser()
    form = citizen.get(a, reverse("portal:submit"))
    photo = png()
    answer = citizen.post_form(
        a,
        reverse("portal:submit"),
        {
            "csrfmiddlewaretoken": form.csrf(),
            "jurisdiction": str(world.city.pk),
            "kind": "pengaduan",
            "category": str(world.roads.pk),
            "title": "Jalan berlubang di depan pasar",
            "description": "Lubang di depan pasar sangat dalam dan berbahaya bagi pengendara.",
            "reporter_name": "Ani",
            "reporter_email": "ani@example.id",
        },
        {"attachments": ("foto.png", photo, "image/png")},
    )
    assert answer.status == 302, (answer.status, answer.text[:2000])
    code = answer.headers["location"].rstrip("/").rsplit("/", 1)[-1]
    attachment = Attachment.objects.get(complaint__tracking_code=code)
    stored = (media / attachment.file.name).read_bytes()
    served = citizen.get(b, reverse("portal:attachment", args=[code, attachment.pk]))
    assert served.status == 200, served.status
    assert served.body == stored
    assert Browser().get(b, reverse("portal:attachment", args=[code, attachment.pk])).status in (302, 403, 404)

    # A staff member signs in on server A; the session works on server B, attachment included.
    staff = Browser()
    sign_in(staff, a, "admin", world.admin)
    inbox = staff.get(b, reverse("backoffice:inbox"))
    assert inbox.status == 200, inbox.status
    assert "Jalan berlubang di depan pasar" in inbox.text
    served = staff.get(b, reverse("backoffice:attachment", args=[code, attachment.pk]))
    assert served.status == 200, served.status
    assert served.body == stored

    # Every notification is delivered once, whichever consumer took it.
    filed = Complaint.objects.count()
    assert filed == WRITES_PER_KEY + 1

    def all_sent() -> bool:
        mail = Notification.objects.filter(channel=Channel.EMAIL)
        return mail.exists() and not mail.exclude(state__in=[State.SENT, State.SUPPRESSED]).exists()

    wait_for(all_sent, 60, "the e-mail notifications to be sent")
    sent = list(Notification.objects.filter(channel=Channel.EMAIL, state=State.SENT))
    assert {f"rina{i}@example.id" for i in range(WRITES_PER_KEY)} | {"ani@example.id"} <= {n.recipient for n in sent}
    time.sleep(2)  # a duplicate, if any, would arrive now
    message_ids = [str(message["Message-ID"]) for message in mailbox.messages]
    assert len(message_ids) == len(set(message_ids)), "a message was delivered twice"
    assert sorted(message_ids) == sorted(f"<{n.uuid}@" + message_ids[0].split("@", 1)[1] for n in sent)

    # The sweep: once at the scheduler's start, then once per period, never twice in one.
    first = wait_for(lambda: SweepRun.objects.order_by("started_at").first(), 60, "the first sweep")
    wait_for(
        lambda: time.time() > first.started_at.timestamp() + SWEEP_PERIOD + 15,
        SWEEP_PERIOD + 60,
        "a second sweep period",
        interval=1,
    )
    runs = list(SweepRun.objects.order_by("started_at"))
    assert len(runs) == 2, [run.started_at for run in runs]
    gap = runs[1].started_at - runs[0].started_at
    assert timedelta(seconds=SWEEP_PERIOD - 5) <= gap <= timedelta(seconds=SWEEP_PERIOD + 10), gap
    assert all(run.finished_at is not None for run in runs)
