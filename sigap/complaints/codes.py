"""Tracking codes and reporter secrets.

A tracking code is 12 random Crockford base-32 characters (60 bits), grouped
as XXXX-XXXX-XXXX: nothing about it is sequential, so codes cannot be
enumerated. The secret (8 characters, 40 bits) is shown to the reporter once
and stored only as its SHA-256; code and secret together open the case.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford's alphabet leaves out I, L, O and U, which are misread on paper and SMS.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
SECRET_LENGTH = 8
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _random_chars(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


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


def hash_secret(raw: str) -> str:
    return hashlib.sha256(_canonical(raw).encode()).hexdigest()


def secret_matches(raw: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(raw), stored_hash)
