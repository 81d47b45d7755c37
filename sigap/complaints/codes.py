"""Tracking codes and reporter secrets.

A tracking code is 12 random Crockford base-32 characters (60 bits), grouped
as XXXX-XXXX-XXXX: nothing about it is sequential, so codes cannot be
enumerated. The secret (8 characters, 40 bits) is shown to the reporter once
and stored only as a keyed hash, HMAC-SHA256 over its SHA-256 with a key from
the environment (`SIGAP_REPORTER_SECRET_KEYS`): 40 bits would fall to a brute
force from a leaked backup if the hash were unkeyed, but without the key the
stored hashes say nothing. Stored as `k<key id>$<hex>`; code and secret
together open the case.

Rotation (docs/configuration.md): put a new key first in the list and keep the
old ones; a hash made with an old key still verifies and is re-made with the
current key the next time the reporter opens the case. Hashes written before
keyed hashing (64 hex characters) were converted by a migration, which
wraps each one in the HMAC (the HMAC is taken over the SHA-256 for exactly that
reason).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from django.conf import settings

from sigap.web.ratelimit import Verdict, hit

# Crockford's alphabet leaves out I, L, O and U, which are misread on paper and SMS.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
SECRET_LENGTH = 8
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# A random byte's value modulo 32 is uniform (256 is a multiple of 32): each byte picks one letter.
_LETTER_OF_BYTE = bytes(ord(ALPHABET[b % len(ALPHABET)]) for b in range(256))


def _random_chars(n: int) -> str:
    return secrets.token_bytes(n).translate(_LETTER_OF_BYTE).decode()


def _group(chars: str) -> str:
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def new_tracking_code() -> str:
    return _group(_random_chars(CODE_LENGTH))


def new_secret() -> str:
    return _group(_random_chars(SECRET_LENGTH))


def _canonical(raw: str) -> str:
    return "".join(ch for ch in raw.upper().translate(_CONFUSABLE) if ch in ALPHABET)


def normalise_code(raw: str) -> str | None:
    """Return the code in its stored form, or None if it cannot be one.

    Accepts lower case, spaces, missing dashes, and O/I/L typed for 0/1/1.
    """
    chars = _canonical(raw)
    if len(chars) != CODE_LENGTH:
        return None
    return _group(chars)


def hash_keys() -> tuple[tuple[str, bytes], ...]:
    """(key id, key) pairs from SIGAP_REPORTER_SECRET_KEYS ("id:key,..."), the current one first.

    Without the setting one key is derived from SECRET_KEY (id "0"); production
    sets its own, so that SECRET_KEY can rotate without locking reporters out.
    """
    return _keys_from(tuple(settings.SIGAP_REPORTER_SECRET_KEYS), settings.SECRET_KEY)


# Every filing and every check of a secret asks for the keys: parsed once per (changed) setting.
@lru_cache(maxsize=8)
def _keys_from(entries: tuple[str, ...], secret_key: str) -> tuple[tuple[str, bytes], ...]:
    keys = []
    for entry in entries:
        key_id, _, key = entry.partition(":")
        if key_id.strip() and key.strip():
            keys.append((key_id.strip(), key.strip().encode()))
    if not keys:
        derived = hmac.new(secret_key.encode(), b"sigap reporter secrets", hashlib.sha256).digest()
        keys.append(("0", derived))
    return tuple(keys)


def _keyed(digest: str, key_id: str, key: bytes) -> str:
    return f"k{key_id}${hmac.new(key, digest.encode(), hashlib.sha256).hexdigest()}"


def unkeyed_hash(raw: str) -> str:
    """The plain SHA-256 of the canonical secret (what older versions stored)."""
    return hashlib.sha256(_canonical(raw).encode()).hexdigest()


def hash_secret(raw: str) -> str:
    """The stored form of a secret, with the current key."""
    key_id, key = hash_keys()[0]
    return _keyed(unkeyed_hash(raw), key_id, key)


def wrap_unkeyed(stored: str) -> str:
    """Turn a hash stored before keyed hashing into the keyed form (for the data migration)."""
    key_id, key = hash_keys()[0]
    return _keyed(stored, key_id, key)


def secret_matches(raw: str, stored_hash: str) -> bool:
    key_id = stored_hash[1:].partition("$")[0] if stored_hash.startswith("k") else None
    key = dict(hash_keys()).get(key_id) if key_id is not None else None
    if key is None:
        return False
    return hmac.compare_digest(_keyed(unkeyed_hash(raw), key_id, key), stored_hash)  # type: ignore[arg-type]


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with a key that is no longer the current one."""
    return not stored_hash.startswith(f"k{hash_keys()[0][0]}$")


def _pad(key: bytes, nonce: str, context: str, length: int) -> bytes:
    return hmac.new(key, f"sigap sealed secret:{nonce}:{context}".encode(), hashlib.sha256).digest()[:length]


def _shift(ch: str, by: int) -> str:
    # A pad byte is uniform over 0..255, so modulo the 32 letters it is uniform too.
    return ALPHABET[(ALPHABET.index(ch) + by) % len(ALPHABET)]


def seal_secret(raw: str, *, context: str) -> str:
    """The secret in a form a database or session dump does not reveal, for the few places that keep it.

    Each character's place in the alphabet is shifted by a pad taken from an HMAC (current key of
    SIGAP_REPORTER_SECRET_KEYS) over a fresh random nonce and `context` (the tracking code), so no
    pad is ever used twice. Stored as `k<key id>$<nonce>$<characters>`; `unseal_secret` undoes it
    while the key is still in the list.
    """
    key_id, key = hash_keys()[0]
    nonce = secrets.token_hex(8)
    chars = _canonical(raw)
    pad = _pad(key, nonce, context, len(chars))
    sealed = "".join(_shift(ch, shift) for ch, shift in zip(chars, pad, strict=True))
    return f"k{key_id}${nonce}${sealed}"


def unseal_secret(sealed: str, *, context: str) -> str | None:
    """The secret sealed by `seal_secret` with the same context, or None if its key was retired."""
    head, _, rest = sealed.partition("$")
    nonce, _, chars = rest.partition("$")
    key = dict(hash_keys()).get(head[1:]) if head.startswith("k") else None
    if key is None or not nonce or any(ch not in ALPHABET for ch in chars):
        return None
    pad = _pad(key, nonce, context, len(chars))
    return _group("".join(_shift(ch, -shift) for ch, shift in zip(chars, pad, strict=True)))


def secret_attempt(address: str) -> Verdict:
    """Count one attempt from `address` to open a case with code + secret.

    Every way of checking a secret (the portal's tracking form, the receipt, claiming a case, the
    API) counts in this one bucket, so that together they allow no more than
    SIGAP_API_SECRET_ATTEMPTS_PER_HOUR guesses per address per hour: 40 bits stay hopeless.
    """
    return hit("track", address, limit=settings.SIGAP_API_SECRET_ATTEMPTS_PER_HOUR, window=3600)
