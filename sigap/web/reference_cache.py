"""Reference data kept in each process, dropped in every process as soon as any of it changes.

API keys, categories, time limits, holiday calendars, webhook endpoints and auto-dispatch settings
are read by every intake but change a few times a year. Each process keeps what it has read, tagged
with the token of the `ReferenceVersion` row, and reads that one row (one small statement) once per
request to learn whether anything changed.

Triggers on the watched tables write a new random token in the transaction of every change, so:

- any process (every gunicorn worker, every machine) sees the new token in the same snapshot as the
  new rows, whatever wrote them: a service, the admin, a queryset `update()`, raw SQL, a data migration;
- a token read before a change commits tags data read before it too (the token is always read first);
- the token is random rather than a counter, because a rolled-back change (or a test's rollback) would
  otherwise let an unrelated later change reuse the number of one whose data was never committed.

Within a request the token is read once (always from the primary, like every `web` table); what a
request reading from a replica loads is used but not kept, since the replica may lag behind the
token. A save or delete of a watched model in this process forgets that reading at once (signals),
so a request that changes a holiday and then computes deadlines sees its own change. The triggers
are (re)created after every `migrate` (SQLite drops a table's triggers when a migration rebuilds
the table).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from sigap.web.models import ReferenceVersion
from sigap.web.prepared import prepared_cursor
from sigap.web.replicas import reading_replica

T = TypeVar("T")

# The tables whose rows the caches hold, with the columns whose changes do not matter to them: an
# API key's use is stamped once a minute and a user's sign-in is recorded, and neither should empty
# every process's caches.
WATCHED: dict[str, frozenset[str]] = {
    "apikeys.ApiKey": frozenset({"last_used_at"}),
    "accounts.User": frozenset({"last_login"}),
    # A cached key's user keeps the Principal computed from these (principal_for memoises it on the user).
    "accounts.RoleAssignment": frozenset(),
    "organisations.Jurisdiction": frozenset(),
    "organisations.Category": frozenset(),
    "organisations.Service": frozenset(),
    "organisations.Opd": frozenset(),
    "sla.TimeLimit": frozenset(),
    "sla.HolidayOverride": frozenset(),
    "suggestions.AutoDispatchSetting": frozenset(),
    "notifications.WebhookEndpoint": frozenset(),
}
ROW_ID = 1
# A cache never holds more entries than this (a client sending ever new category codes must not
# grow a process without bound); when full it starts again empty.
MAX_ENTRIES = 2000

# (token, {cache name: {key: value}}): what this process read under that token.
_state: list[tuple[int | None, dict[str, dict[Any, Any]]]] = [(None, {})]
_request = threading.local()


def _token_query(alias: str) -> str:
    table = connections[alias].ops.quote_name(ReferenceVersion._meta.db_table)
    return f"SELECT token FROM {table} WHERE id = %s"  # noqa: S608 (table name is ours)


def _read_token() -> int | None:
    alias = router.db_for_read(ReferenceVersion)
    with prepared_cursor(connections[alias]) as cursor:
        cursor.execute(_token_query(alias), [ROW_ID])
        row = cursor.fetchone()
    return row[0] if row else None


def _token_unread() -> bool:
    """Within a request that has not read the token yet."""
    return getattr(_request, "active", False) and not getattr(_request, "read", False)


def _keep_token(token: int | None) -> None:
    _request.token = token
    _request.read = True


def current_token() -> int | None:
    """The token now: read once per request, every time outside a request (jobs, commands, tests)."""
    if not getattr(_request, "active", False):
        return _read_token()
    if _token_unread():
        _keep_token(_read_token())
    return _request.token


def read_along(alias: str, query: str, params: Sequence[Any]) -> Any:
    """The one value `query` selects (one column, at most one row; None for no row).

    `query` must be a lookup whose plan does not depend on its values (it is prepared, see
    sigap.web.prepared).

    While this request's token is still unread and lives in the same database, both are read by one
    statement: every API request asks such a question (the wrong-key count of its address) before it
    needs any reference data, and one round trip fewer is a tenth of an intake's statements. The
    token is still read before any reference data, in the same snapshot as `query`.
    """
    if _token_unread() and router.db_for_read(ReferenceVersion) == alias:
        with prepared_cursor(connections[alias]) as cursor:
            # Both are scalar subqueries, so the one row comes back whether or not either row exists.
            cursor.execute(f"SELECT ({_token_query(alias)}), ({query})", [ROW_ID, *params])
            token, value = cursor.fetchone()
        _keep_token(token)
        return value
    with prepared_cursor(connections[alias]) as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    return row[0] if row else None


def cached(name: str, key: Any, load: Callable[[], T]) -> T:
    """Return the value cached under (name, key), loading it if the reference data changed since."""
    token = current_token()
    if token is None:
        return load()  # no token row (a flushed database, a backend without the triggers): never cache
    state = _state[0]
    if state[0] != token:
        # Anything read under another token may be stale. The pair is replaced in one step: a thread
        # still holding the old pair (gthread workers) writes what it loads there, never here.
        state = (token, {})
        _state[0] = state
    cache = state[1].setdefault(name, {})
    try:
        return cache[key]
    except KeyError:
        pass
    value = load()
    if reading_replica():
        # The token comes from the primary, the rows from a replica that may lag behind it: good
        # enough for this report, never kept as current.
        return value
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[key] = value
    return value


def forget() -> None:
    """Forget this request's reading of the token (after a change made by this process)."""
    _request.read = False


def _request_started(**_kwargs: Any) -> None:
    _request.active = True
    _request.read = False


def _request_finished(**_kwargs: Any) -> None:
    _request.active = False
    _request.read = False


def _changed(**_kwargs: Any) -> None:
    forget()


def connect_signals() -> None:
    request_started.connect(_request_started, dispatch_uid="reference_cache.request_started")
    request_finished.connect(_request_finished, dispatch_uid="reference_cache.request_finished")
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"reference_cache.save.{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"reference_cache.delete.{label}")


def _columns(model: type[Model], ignored: frozenset[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.name not in ignored and f.column not in ignored]


def trigger_statements(connection: BaseDatabaseWrapper) -> list[str]:
    """The SQL that (re)creates the triggers writing a new token on every change to a watched table."""
    qn = connection.ops.quote_name
    version = qn(ReferenceVersion._meta.db_table)
    statements = []
    # Table names are ours (the models'), never input.
    pg_upsert = f"INSERT INTO {version} (id, token) VALUES ({ROW_ID}, (random() * 9e18)::bigint)"  # noqa: S608
    sqlite_upsert = f"INSERT OR REPLACE INTO {version} (id, token) VALUES ({ROW_ID}, random())"  # noqa: S608
    if connection.vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION sigap_reference_changed() RETURNS trigger AS $$ BEGIN "
            f"{pg_upsert} ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
    for label, ignored in WATCHED.items():
        model = apps.get_model(label)
        table = model._meta.db_table
        name = f"sigap_ref_{table}"
        columns = ", ".join(qn(c) for c in _columns(model, ignored))
        update = f"UPDATE OF {columns}" if ignored else "UPDATE"
        if connection.vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {qn(table)}",
                f"CREATE TRIGGER {name} AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON {qn(table)} "
                "FOR EACH STATEMENT EXECUTE FUNCTION sigap_reference_changed()",
            ]
        elif connection.vendor == "sqlite":
            for event, when in (("insert", "INSERT"), ("update", update), ("delete", "DELETE")):
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}_{event}",
                    f"CREATE TRIGGER {name}_{event} AFTER {when} ON {qn(table)} BEGIN {sqlite_upsert}; END",
                ]
    return statements


def install_triggers(*, using: str, **_kwargs: Any) -> None:
    """post_migrate: (re)create the triggers, and give the token its first value."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    tables = set(connection.introspection.table_names())
    needed = {apps.get_model(label)._meta.db_table for label in WATCHED} | {ReferenceVersion._meta.db_table}
    if not needed <= tables:
        return  # a partial migrate (e.g. to an early migration): the next full one installs them
    with connection.cursor() as cursor:
        for statement in trigger_statements(connection):
            cursor.execute(statement)
    ReferenceVersion.objects.using(using).update_or_create(pk=ROW_ID, defaults={"token": secrets.randbits(62)})
