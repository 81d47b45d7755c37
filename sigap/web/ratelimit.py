"""Fixed-window rate limits whose counters every app-server process shares.

The counters live where increments are atomic across processes and machines: in a shared cache
(Redis or Memcached, `CACHE_URL`) when one is configured, otherwise in the database (one
INSERT ... ON CONFLICT DO UPDATE ... RETURNING per hit). `SIGAP_RATE_COUNTERS` overrides the choice.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from sigap.web import reference_cache
from sigap.web.addresses import client_address  # noqa: F401 - where the rate limits' callers import it
from sigap.web.models import RateCounter
from sigap.web.prepared import prepared_cursor

# A finished window's rows are swept when a new window opens for some key, at most this many at a time.
_SWEEP_BATCH = 500


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window resets


def _bucket(scope: str, key: str, window_start: int) -> str:
    bucket = f"rl:{scope}:{key}:{window_start}"
    if len(bucket) > 200:  # the key is caller-chosen text (an address, an id): keep it to the column's size
        bucket = f"rl:{scope}:{hashlib.sha256(key.encode()).hexdigest()}:{window_start}"
    return bucket


def _in_cache() -> bool:
    return settings.SIGAP_RATE_COUNTERS == "cache"


def _count_in_cache(bucket: str, window: int) -> int:
    # Redis and Memcached increment atomically; add() is a no-op when the key exists.
    cache.add(bucket, 0, timeout=window + 1)
    try:
        return int(cache.incr(bucket))
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.set(bucket, 1, timeout=window + 1)
        return 1


def increment_statement(connection: BaseDatabaseWrapper) -> str:
    """One hit on a bucket (bucket, expires_at), returning its count: insert it or add one."""
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    return (
        f"INSERT INTO {table} (bucket, count, expires_at) VALUES (%s, 1, %s) "  # noqa: S608 (table name is ours)
        f"ON CONFLICT (bucket) DO UPDATE SET count = {table}.count + 1 RETURNING count"
    )


def _count_in_database(bucket: str, expires_at: int) -> int:
    alias = router.db_for_write(RateCounter)
    with prepared_cursor(connections[alias]) as cursor:
        cursor.execute(increment_statement(connections[alias]), [bucket, expires_at])
        # fetchall: the statement runs to completion, so SQLite releases its write lock at once.
        count = int(cursor.fetchall()[0][0])
    if count == 1:
        # A new window: clear out some finished ones so the table stays as small as the active clients.
        stale = RateCounter.objects.using(alias).filter(expires_at__lt=int(time.time()))
        RateCounter.objects.using(alias).filter(pk__in=stale.values("pk")[:_SWEEP_BATCH]).delete()
    return count


def hit(scope: str, key: str, *, limit: int, window: int) -> Verdict:
    """Count one attempt for (scope, key) and say whether it is within `limit` per `window` seconds."""
    now = int(time.time())
    window_start = now - now % window
    bucket = _bucket(scope, key, window_start)
    count = _count_in_cache(bucket, window) if _in_cache() else _count_in_database(bucket, window_start + window)
    return Verdict(allowed=count <= limit, retry_after=window_start + window - now)


def current(scope: str, key: str, *, window: int) -> int:
    """How many attempts (scope, key) has made in the current window."""
    now = int(time.time())
    bucket = _bucket(scope, key, now - now % window)
    if _in_cache():
        return int(cache.get(bucket, 0))
    # Every API request asks this (the wrong-key check) first: a plain statement, no ORM query to
    # compile, which also reads the request's reference token.
    alias = router.db_for_read(RateCounter)
    table = connections[alias].ops.quote_name(RateCounter._meta.db_table)
    count = reference_cache.read_along(alias, f"SELECT count FROM {table} WHERE bucket = %s", [bucket])  # noqa: S608
    return int(count or 0)


def exceeded(scope: str, key: str, *, limit: int, window: int) -> Verdict | None:
    """Without counting: the verdict if (scope, key) is already over `limit` in this window, else None."""
    now = int(time.time())
    if current(scope, key, window=window) < limit:
        return None
    window_start = now - now % window
    return Verdict(allowed=False, retry_after=window_start + window - now)
