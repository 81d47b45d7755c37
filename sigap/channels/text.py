"""Text that came in through a channel, made storable."""

from __future__ import annotations


def without_nul(value: str) -> str:
    """Return the text without NUL characters.

    A NUL means nothing in a message, and PostgreSQL cannot store it in text or
    JSON: a channel that kept it would fail the insert (and with it the message)
    instead of filing what the person wrote.
    """
    return value.replace("\x00", "")
