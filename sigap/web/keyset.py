"""Keyset ("seek") pagination on (a timestamp, id), newest first, shared by every paged list.

A page ends with a cursor naming its last row; the next page starts strictly after
that row, so page 5000 costs what page 1 costs (an index on (timestamp desc, id desc)
is walked from the cursor). The cursor is opaque to clients: URL-safe base64 of
"<ISO timestamp>|<id>".
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.dateparse import parse_datetime

M = TypeVar("M", bound=Model)


def encode(moment: datetime, pk: int) -> str:
    raw = f"{moment.isoformat()}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, int] | None:
    """The (timestamp, id) a cursor names, or None when it is not a cursor of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment_text, pk_text = raw.split("|")
        moment = parse_datetime(moment_text)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None
    if moment is None or not pk_text.isdigit():
        return None
    return moment, int(pk_text)


def page(
    qs: QuerySet[M],
    *,
    after: tuple[datetime, int] | None,
    size: int,
    time_field: str,
    pk_field: str = "pk",
    key: Callable[[M], tuple[datetime, int]] | None = None,
) -> tuple[list[M], str]:
    """Up to `size` rows after `after`, newest first, and the next page's cursor ("" on the last page)."""
    if after is not None:
        moment, pk = after
        qs = qs.filter(Q(**{f"{time_field}__lt": moment}) | Q(**{time_field: moment, f"{pk_field}__lt": pk}))
    rows = list(qs.order_by(f"-{time_field}", f"-{pk_field}")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not more or not rows:
        return rows, ""
    last: Any = rows[-1]
    moment, pk = key(last) if key else (getattr(last, time_field), last.pk)
    return rows, encode(moment, pk)
