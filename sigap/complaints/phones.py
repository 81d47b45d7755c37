"""Reporters' phone numbers in one form, whichever channel they arrive by or leave through."""

from __future__ import annotations

import re


def normalise_phone(raw: str) -> str:
    """Indonesian numbers in one form: digits only, 08… and +62… both become 62…"""
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits
