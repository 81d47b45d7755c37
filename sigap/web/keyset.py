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
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

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


def _key(row: Any, time_field: str) -> tuple[datetime, int]:
    return getattr(row, time_field), row.pk


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
        # The redundant `<=` lets PostgreSQL start the index scan at the cursor instead of filtering up to it.
        qs = qs.filter(
            Q(**{f"{time_field}__lte": moment}),
            Q(**{f"{time_field}__lt": moment}) | Q(**{time_field: moment, f"{pk_field}__lt": pk}),
        )
    rows = list(qs.order_by(f"-{time_field}", f"-{pk_field}")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not more or not rows:
        return rows, ""
    return rows, encode(*(key(rows[-1]) if key else _key(rows[-1], time_field)))


@dataclass(frozen=True)
class Window(Generic[M]):
    """One page of a list paged both ways: its rows and the cursors of the pages on either side ("" if none)."""

    rows: list[M]
    next: str
    previous: str


def window(
    qs: QuerySet[M],
    *,
    after: tuple[datetime, int] | None,
    before: tuple[datetime, int] | None,
    size: int,
    time_field: str,
    pk_field: str = "pk",
) -> Window[M]:
    """Up to `size` rows, newest first: after `after`, or the `size` rows just before `before`, or the first page.

    Going back reads the rows newer than the cursor oldest first (the same index,
    walked the other way) and turns them round, so either direction costs one
    page's rows whatever its depth.
    """
    if before is None:
        rows, next_cursor = page(qs, after=after, size=size, time_field=time_field, pk_field=pk_field)
        previous = encode(*_key(rows[0], time_field)) if after is not None and rows else ""
        return Window(rows, next_cursor, previous)
    moment, pk = before
    qs = qs.filter(
        Q(**{f"{time_field}__gte": moment}),
        Q(**{f"{time_field}__gt": moment}) | Q(**{time_field: moment, f"{pk_field}__gt": pk}),
    )
    newer = list(qs.order_by(time_field, pk_field)[: size + 1])
    rows = newer[:size][::-1]
    previous = encode(*_key(rows[0], time_field)) if len(newer) > size else ""
    # The cursor's own row (or, if it was deleted meanwhile, what followed it) is still to come.
    return Window(rows, encode(*_key(rows[-1], time_field)) if rows else "", previous)
