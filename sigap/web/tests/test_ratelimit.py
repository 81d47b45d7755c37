"""Rate-limit counters are shared and atomic: concurrent hits from many connections are all counted."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test import override_settings

from sigap.web import ratelimit
from sigap.web.models import RateCounter
from sigap.web.tests.redis import redis_available, redis_server

THREADS = 8
HITS = 25
LIMIT = 50


def hammer(hit: Callable[[], ratelimit.Verdict]) -> list[bool]:
    """THREADS threads (each with its own database connection) hit at once; the verdicts in any order."""
    verdicts: list[bool] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait()
            for _ in range(HITS):
                verdict = hit()
                with lock:
                    verdicts.append(verdict.allowed)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return verdicts


# serialized_rollback: the flush afterwards must not leave later tests without the migrations' data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(SIGAP_RATE_COUNTERS="database")
def test_database_counters_lose_no_hit_under_concurrency() -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        # An in-memory test database is one connection's: concurrency is PostgreSQL's pass to show.
        verdicts = [ratelimit.hit("t", "addr", limit=LIMIT, window=3600).allowed for _ in range(THREADS * HITS)]
    else:
        verdicts = hammer(lambda: ratelimit.hit("t", "addr", limit=LIMIT, window=3600))
    assert len(verdicts) == THREADS * HITS
    assert verdicts.count(True) == LIMIT  # exactly the limit let through, however the hits interleave
    assert ratelimit.current("t", "addr", window=3600) == THREADS * HITS
    assert ratelimit.exceeded("t", "addr", limit=LIMIT, window=3600) is not None
    assert ratelimit.exceeded("t", "other", limit=LIMIT, window=3600) is None
    assert RateCounter.objects.count() == 1


@pytest.mark.django_db
@override_settings(SIGAP_RATE_COUNTERS="database")
def test_finished_windows_are_swept_when_a_new_one_opens() -> None:
    RateCounter.objects.create(bucket="rl:t:old:0", count=9, expires_at=1)
    ratelimit.hit("t", "addr", limit=1, window=60)
    assert list(RateCounter.objects.values_list("count", flat=True)) == [1]


@pytest.mark.django_db
@override_settings(SIGAP_RATE_COUNTERS="database")
def test_a_long_key_is_hashed_to_fit() -> None:
    key = "x" * 500
    assert ratelimit.hit("t", key, limit=1, window=60).allowed
    assert not ratelimit.hit("t", key, limit=1, window=60).allowed
    assert len(RateCounter.objects.get().bucket) < 255


@pytest.fixture
def redis_cache() -> Iterator[None]:
    if not redis_available():
        pytest.skip("redis-server is not installed")
    with redis_server() as url:
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"{url}/0"}
        with override_settings(CACHES={"default": backend}, SIGAP_RATE_COUNTERS="cache"):
            yield
        caches["default"].close()


@pytest.mark.django_db
def test_redis_counters_lose_no_hit_under_concurrency(redis_cache: None) -> None:
    verdicts = hammer(lambda: ratelimit.hit("t", "addr", limit=LIMIT, window=3600))
    assert verdicts.count(True) == LIMIT
    assert ratelimit.current("t", "addr", window=3600) == THREADS * HITS
    assert ratelimit.exceeded("t", "addr", limit=LIMIT, window=3600) is not None
    assert not RateCounter.objects.exists()  # counted in Redis, not in the database


def test_the_default_settings_count_in_the_database_and_a_redis_cache_switches_to_it() -> None:
    import os
    import subprocess
    import sys

    def counters(**extra: str) -> str:
        env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "SIGAP_RATE_COUNTERS")}
        env.update(DJANGO_SETTINGS_MODULE="sigap.settings", **extra)
        code = "import django; django.setup(); from django.conf import settings; print(settings.SIGAP_RATE_COUNTERS)"
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert counters() == "database"
    assert counters(CACHE_URL="redis://127.0.0.1:6379/3") == "cache"


@pytest.mark.django_db
def test_database_counters_skip_the_write_ahead_log_on_postgresql() -> None:
    # A hit commits on its own; in a logged table that commit would wait for a WAL flush, a second
    # disk sync per API write beside the intake's. Counters are worth nothing after a crash.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no unlogged tables")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE oid = %s::regclass", [RateCounter._meta.db_table])
        assert cursor.fetchone() == ("u",)
