"""Statements whose plan never depends on their values, parsed and planned once per connection.

Django sends every statement as new text for PostgreSQL to parse and plan, which was a sixth of an
intake's time in process. A statement executed inside `prepared()` is prepared on its first run on
a connection and reuses that plan afterwards (psycopg's prepared statements).

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


@contextmanager
def prepared(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Prepare (or reuse) the statements `connection` executes inside; call with its cursor open."""
    raw = connection.connection
    if raw is None or connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        yield
        return
    # psycopg decides at each execute: 0 prepares on first use; None (Django's default, restored
    # after) neither prepares nor uses what was prepared.
    saved = raw.prepare_threshold
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = saved
