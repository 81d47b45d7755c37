"""Mask personal data in free text before it is shown to the public.

E-mail addresses, runs of nine or more digits (phone numbers, NIK and account
numbers, written with or without spaces, dots or dashes), the reporter's own
name and the names that follow an honorific (Bapak, Ibu, Sdr., "nama saya")
are replaced by MASK. It is a first pass: the complaint administrator reads
and confirms the result before anything is published.
"""

from __future__ import annotations

import re

MASK = "[***]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Nine digits or more, separators allowed between them; dates (8 digits) and years stay.
_NUMBER = re.compile(r"\+?\d(?:[\s.\-/]?\d){8,}")
_HONORIFIC = re.compile(
    r"\b(?P<title>[Bb]apak|[Bb]pk\.?|[Pp]ak|[Ii]bu|[Bb]u|[Ss]dri?\.?|[Ss]audara|[Ss]audari|[Mm]as|[Mm]bak|"
    r"[Nn]ama saya|[Nn]amanya|[Aa]tas nama|a\.n\.)"
    r"\s+(?P<name>(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})"
)


def mask(text: str, *, names: tuple[str, ...] = ()) -> str:
    """Return `text` with e-mail addresses, long numbers and names replaced by MASK."""
    out = _EMAIL.sub(MASK, text)
    out = _NUMBER.sub(MASK, out)
    out = _HONORIFIC.sub(lambda m: f"{m.group('title')} {MASK}", out)
    for name in names:
        for word in {w for w in re.split(r"\s+", name.strip()) if len(w) >= 3}:
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", MASK, out, flags=re.IGNORECASE)
    return out


def contains_personal_data(text: str, *, names: tuple[str, ...] = ()) -> bool:
    """Whether masking would change `text`."""
    return mask(text, names=names) != text
