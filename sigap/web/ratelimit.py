"""Fixed-window rate limits kept in the shared cache."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

from sigap.web.addresses import client_address  # noqa: F401 - where the rate limits' callers import it


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window resets


def hit(scope: str, key: str, *, limit: int, window: int) -> Verdict:
    """Count one attempt for (scope, key) and say whether it is within `limit` per `window` seconds."""
    now = int(time.time())
    window_start = now - now % window
    cache_key = f"rl:{scope}:{key}:{window_start}"
    # add() is a no-op when the key exists, so the first hit of a window creates it.
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    return Verdict(allowed=count <= limit, retry_after=window_start + window - now)


def exceeded(scope: str, key: str, *, limit: int, window: int) -> Verdict | None:
    """Without counting: the verdict if (scope, key) is already over `limit` in this window, else None."""
    now = int(time.time())
    window_start = now - now % window
    count = cache.get(f"rl:{scope}:{key}:{window_start}", 0)
    if count < limit:
        return None
    return Verdict(allowed=False, retry_after=window_start + window - now)
