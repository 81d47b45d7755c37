"""The key strings themselves: how they are made, hashed and told apart."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "sgp_"
# 32 random bytes: guessing a key is hopeless, so SHA-256 without salt is enough.
KEY_BYTES = 32
VISIBLE_CHARS = 12
# Keys given from outside (the demo's SIGAP_DEMO_API_KEY) must be at least this long.
MIN_KEY_LENGTH = 24


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.strip().encode()).hexdigest()


def visible_prefix(raw: str) -> str:
    return raw.strip()[:VISIBLE_CHARS]
