"""Rate limits on public writes: per API key, per staff member, or per client address."""

from __future__ import annotations

from django.conf import settings

from sigap.apikeys.models import ApiKey
from sigap.web.ratelimit import Verdict, hit

WINDOW_SECONDS = 60


def write_verdict(*, api_key: ApiKey | None, user_id: int | None, address: str) -> Verdict:
    """Count one write. Keyed clients get their own (larger) bucket: many people share a server's address."""
    if api_key is not None:
        return hit("api-write-key", str(api_key.pk), limit=settings.SIGAP_API_WRITES_PER_KEY, window=WINDOW_SECONDS)
    if user_id is not None:
        return hit("api-write-user", str(user_id), limit=settings.SIGAP_API_WRITES_PER_KEY, window=WINDOW_SECONDS)
    return hit("api-write-addr", address, limit=settings.SIGAP_API_WRITES_PER_ADDRESS, window=WINDOW_SECONDS)
