"""Statements whose plan never depends on their values, parsed and planned once per connection.

Django sends every statement as new text for PostgreSQL to parse and plan, which was a sixth of an
intake's time in process. A statement executed on a `prepared_cursor()` is prepared on its first run
on a connection and reuses that plan afterwards (psycopg's prepared statements).

Only for statements whose best plan is the same whatever their values: an INSERT of given values,
an UPDATE or SELECT by primary key. PostgreSQL may settle on one generic plan for a prepared
statement, and for a page's query over skewed data that plan can be much worse than one made for
the values at hand: preparing every statement made the case page 1.7 times as slow at 1M
complaints. So nothing else is prepared.

`DATABASE_PREPARED_STATEMENTS=false` turns it off, for a connection pooler in transaction mode that
cannot keep prepared statements (PgBouncer before 1.21, or without max_prepared_statements).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


@contextmanager
def prepared_cursor(connection: BaseDatabaseWrapper) -> Iterator[CursorWrapper]:
    """A cursor of `connection` whose statements are prepared (or reuse their plan) on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
            yield cursor
            return
        # Opening the cursor connected. psycopg decides at each execute: 0 prepares on first use;
        # None (Django's default, restored after) neither prepares nor uses what was prepared.
        raw = connection.connection
        saved = raw.prepare_threshold
        raw.prepare_threshold = 0
        try:
            yield cursor
        finally:
            raw.prepare_threshold = saved
