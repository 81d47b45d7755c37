"""Find the key a client presented."""

from __future__ import annotations

from sigap.apikeys.models import ApiKey
from sigap.apikeys.tokens import hash_key
from sigap.web.reference_cache import cached


def _active_key(key_hash: str) -> ApiKey | None:
    # Looking up by hash: the comparison happens inside a unique index, never on the secret itself.
    key = (
        ApiKey.objects.select_related("jurisdiction", "user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, jurisdiction__is_active=True)
        .first()
    )
    if key is not None and key.user is not None and not key.user.is_active:
        return None
    return key


def apikey_for(raw: str) -> ApiKey | None:
    """Return the active key matching `raw`, or None (unknown and revoked keys look the same).

    What the lookup finds (a key, or none) is kept by the process until any key, user or
    jurisdiction changes: revoking a key or deactivating its user is seen by the next request of
    every process. The key returned is shared by the process's requests: only `apikey_touch` may
    change it (its last use).
    """
    raw = raw.strip()
    if not raw:
        return None
    key_hash = hash_key(raw)
    return cached("apikeys.active", key_hash, lambda: _active_key(key_hash))
