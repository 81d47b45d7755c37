"""Reports read from a real PostgreSQL streaming replica; writers read their own writes; a dead replica is skipped.

The test starts its own primary cluster (initdb on a free port, loaded with a copy of the test
database), a standby made with pg_basebackup, and gunicorn with `DATABASE_REPLICA_URL` set. Replay on
the standby is paused to make lag visible: a reporting read that cannot see a new complaint can only
have come from the replica. PostgreSQL pass only.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.test import Personas
from sigap.web.tests.cluster import Browser, app_server, collected_static, database_url, deployment_env, tail
from sigap.web.tests.pgreplica import PrimaryWithReplica, replica_tools_available
from sigap.web.tests.test_multi_server import sign_in, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PIN_SECONDS = 3


def titles(answer: Any) -> set[str]:
    assert answer.status == 200, (answer.status, answer.text[:500])
    return {item["title"] for item in json.loads(answer.body)["items"]}


def test_reports_read_from_the_replica_writers_read_their_writes_and_a_stopped_replica_is_skipped() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL (the suite's PostgreSQL pass runs this)")
    if not replica_tools_available():
        pytest.skip("the PostgreSQL server binaries (initdb, pg_basebackup) are not installed")

    world = SimpleNamespace()
    Personas.build(world)
    hasher = PBKDF2PasswordHasher()
    type(world.admin).objects.filter(pk=world.admin.pk).update(password=hasher.encode("rahasia-uji-123", hasher.salt()))
    _key, reader_key = apikey_create(
        name="Dashboard reader", jurisdiction=world.city, scopes=list(Scope), user=world.admin, actor=world.sysadmin
    )

    work = Path(tempfile.mkdtemp(prefix="sigap-replica-"))
    cluster = PrimaryWithReplica()
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        stack.callback(cluster.stop)
        started = time.monotonic()
        try:
            cluster.start_primary()
            cluster.load(database_url(connection.settings_dict))
            cluster.start_replica()
        except Exception:
            print(cluster.log())
            raise
        print(f"primary loaded and replica started in {time.monotonic() - started:.1f} s")
        env = deployment_env(
            DATABASE_URL=cluster.primary.url,
            DATABASE_REPLICA_URL=cluster.replica_url,
            SIGAP_REPLICA_PIN_SECONDS=str(PIN_SECONDS),
            SIGAP_REPLICA_RETRY_SECONDS="2",
            SIGAP_VAR_DIR=str(work),
            STATIC_ROOT=str(collected_static()),
            SIGAP_SEND_EMAIL="0",
        )
        log = work / "app.log"
        app = app_server(env, log)
        stack.callback(app.stop)
        try:
            scenario(cluster, app.port, world, reader_key)
        except AssertionError:
            print(f"--- app ---\n{tail(log)}\n{cluster.log()}")
            raise


def scenario(cluster: PrimaryWithReplica, port: int, world: SimpleNamespace, reader_key: str) -> None:
    reader = {"Authorization": f"Bearer {reader_key}"}
    staff = Browser()
    sign_in(staff, port, "admin", world.admin)
    time.sleep(PIN_SECONDS + 0.5)  # signing in wrote the session: let that pin pass

    def file(title: str) -> None:
        body = {
            "jurisdiction": world.city.slug,
            "category": world.roads.code,
            "title": title,
            "description": "Lampu jalan di Jl. Pahlawan mati sejak seminggu, gelap dan rawan.",
            "reporter": {"name": "Rina Putri", "email": "rina@example.id"},
        }
        headers = {"Content-Type": "application/json", "X-CSRFToken": staff.cookies["csrftoken"]}
        answer = staff.request(port, "POST", "/api/v1/complaints", json.dumps(body).encode(), headers)
        assert answer.status == 201, (answer.status, answer.text[:500])

    def staff_list() -> set[str]:
        return titles(staff.get(port, "/api/v1/complaints"))

    def reader_list() -> set[str]:
        return titles(Browser().request(port, "GET", "/api/v1/complaints", headers=reader))

    file("Sebelum jeda")
    wait_for(lambda: "Sebelum jeda" in reader_list(), 30, "the replica to replay the first complaint")

    # Lag: replay paused, a new complaint exists only on the primary.
    cluster.sql(cluster.replica_url, "SELECT pg_wal_replay_pause()")
    file("Selama jeda")
    assert "Selama jeda" in staff_list()  # the writer reads their own write (from the primary)
    assert "Selama jeda" not in reader_list()  # everyone else's report comes from the replica
    time.sleep(PIN_SECONDS + 0.5)
    assert "Selama jeda" not in staff_list()  # the window is over: the writer reads the replica too
    for path in (
        reverse("dashboards:dashboard"),
        reverse("dashboards:public"),
        reverse("exports:list"),
        f"/open311/v2/requests.json?jurisdiction_id={world.city.slug}",
        f"/open311/v2/services.json?jurisdiction_id={world.city.slug}",
    ):
        assert staff.get(port, path).status == 200, path

    cluster.sql(cluster.replica_url, "SELECT pg_wal_replay_resume()")
    wait_for(lambda: "Selama jeda" in reader_list(), 30, "the replica to catch up")

    # The replica stops (the pooled connections to it die): every page is answered from the primary.
    cluster.stop_replica()
    file("Replika mati")
    time.sleep(PIN_SECONDS + 0.5)
    assert {"Sebelum jeda", "Selama jeda", "Replika mati"} <= reader_list()
    assert "Replika mati" in staff_list()
    for path in (
        reverse("dashboards:dashboard"),
        reverse("dashboards:public"),
        reverse("exports:list"),
        f"/open311/v2/requests.json?jurisdiction_id={world.city.slug}",
        f"/open311/v2/services.json?jurisdiction_id={world.city.slug}",
    ):
        assert staff.get(port, path).status == 200, path
