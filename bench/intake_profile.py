"""Count the SQL statements of one API intake and profile many, in process (no HTTP server).

    DATABASE_URL=postgres://... .venv/bin/python bench/intake_profile.py [--creates 200] [--sql]

Uses the database `DATABASE_URL` names (migrated, with the demo city of `manage.py seed_demo`), creates an
API key acting as the complaint administrator, then through Django's test client (the whole middleware,
view and services, but no network): the statements of one REST create (`POST /api/v1/complaints`) and
one Open311 create (`POST /open311/v2/requests.json`) after a warm-up, and a cProfile of `--creates`
creates of each kind. Statement counts and profile shares do not depend on the machine's load; the
milliseconds do.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api import create_body, open311_form  # the bodies bench/api.py sends, each one unlike any sent before

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
    # The limits are tested elsewhere; here they would only measure 429s.
    os.environ.setdefault("SIGAP_API_WRITES_PER_KEY", "100000000")
    os.environ.setdefault("SIGAP_API_WRITES_PER_ADDRESS", "100000000")
    os.environ.setdefault("HUEY_IMMEDIATE", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def api_key() -> str:
    from sigap.accounts.models import User
    from sigap.apikeys.scopes import Scope
    from sigap.apikeys.services import apikey_create
    from sigap.organisations.models import Jurisdiction

    user = User.objects.get(username="admin.pengaduan")
    city = Jurisdiction.objects.get(slug="kota-pasuruan")
    _key, raw = apikey_create(
        name=f"profile {secrets.token_hex(3)}", jurisdiction=city, scopes=list(Scope), user=user, actor=None
    )
    return raw


def rest_create(key: str) -> Callable[[int], Any]:
    from django.test import Client

    client = Client()
    headers = {"Authorization": f"Bearer {key}", "Accept-Language": "id"}

    def create(i: int) -> Any:
        body = create_body(i)
        response = client.post("/api/v1/complaints", body, content_type="application/json", headers=headers)
        assert response.status_code == 201, response.content
        return response

    return create


def open311_create(key: str) -> Callable[[int], Any]:
    from django.test import Client

    client = Client()
    headers = {"X-API-Key": key, "Accept-Language": "id"}

    def create(i: int) -> Any:
        form = open311_form(i)
        response = client.post(
            "/open311/v2/requests.json", form, content_type="application/x-www-form-urlencoded", headers=headers
        )
        assert response.status_code == 200, response.content
        return response

    return create


def statements(create: Callable[[int], Any], i: int) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        create(i)
    return [q["sql"] for q in captured.captured_queries]


def summary(sql: str) -> str:
    text = re.sub(r"\s+", " ", sql)
    return text if len(text) <= 150 else text[:147] + "..."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--creates", type=int, default=200, help="creates of each kind to profile")
    parser.add_argument("--sql", action="store_true", help="print every statement of one create")
    parser.add_argument("--top", type=int, default=25, help="functions listed per profile")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime, ...")
    parser.add_argument("--only", choices=["rest", "open311"], help="profile one kind of create only")
    args = parser.parse_args()
    setup()
    key = api_key()
    counter = iter(range(10**9))
    kinds = [("rest", "REST create", rest_create), ("open311", "Open311 create", open311_create)]
    for kind, name, make in kinds:
        if args.only and kind != args.only:
            continue
        create = make(key)
        for _ in range(3):  # warm-up: imports, caches, the key's last-use stamp
            create(next(counter))
        sql = statements(create, next(counter))
        print(f"\n## {name}: {len(sql)} statements")
        if args.sql:
            for n, text in enumerate(sql, 1):
                print(f"{n:3}. {summary(text)}")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.creates):
            create(next(counter))
        profiler.disable()
        elapsed = time.perf_counter() - started
        print(f"{args.creates} creates in {elapsed:.2f} s ({elapsed / args.creates * 1000:.1f} ms each, profiled)")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
