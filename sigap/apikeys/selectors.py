"""Find the key a client presented."""

from __future__ import annotations

from sigap.apikeys.models import ApiKey
from sigap.apikeys.tokens import hash_key


def apikey_for(raw: str) -> ApiKey | None:
    """Return the active key matching `raw`, or None (unknown and revoked keys look the same)."""
    raw = raw.strip()
    if not raw:
        return None
    # Looking up by hash: the comparison happens inside a unique index, never on the secret itself.
    key = (
        ApiKey.objects.select_related("jurisdiction", "user")
        .filter(key_hash=hash_key(raw), revoked_at__isnull=True, jurisdiction__is_active=True)
        .first()
    )
    if key is not None and key.user is not None and not key.user.is_active:
        return None
    return key
