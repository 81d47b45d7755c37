"""Run a create call at most once per (client, Idempotency-Key).

Same key and same request: the stored response is replayed. Same key and a
different request: IdempotencyConflict. The record is inserted *before* the
work in the same transaction, so two concurrent calls with one key cannot both
create: the second insert blocks on the unique index until the first commits,
then inserts nothing and replays (PostgreSQL); SQLite serialises the transactions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from sigap.api.models import IdempotencyRecord
from sigap.complaints.models import Complaint
from sigap.web.prepared import prepared_cursor

MAX_KEY_LENGTH = 200


class IdempotencyConflict(Exception):
    """The key was already used for a different request."""


@dataclass(frozen=True)
class Outcome:
    status: int
    body: Any
    replayed: bool


def request_fingerprint(operation: str, payload: Any) -> str:
    canonical = json.dumps([operation, payload], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _ttl() -> timedelta:
    return timedelta(hours=settings.SIGAP_IDEMPOTENCY_TTL_HOURS)


def run_once(
    *,
    client: str,
    key: str,
    operation: str,
    payload: Any,
    create: Callable[[], tuple[int, Any, Complaint | None]],
) -> Outcome:
    """Call `create` unless this client already made this request with this key.

    `create` returns (status, body, complaint) and runs inside the same
    transaction as the record, so a failure stores nothing and may be retried.
    """
    digest = request_fingerprint(operation, payload)
    now = timezone.now()
    with transaction.atomic():
        record_id = _claim(client=client, key=key, operation=operation, digest=digest, now=now)
        if record_id is None:
            existing = IdempotencyRecord.objects.get(client=client, key=key)
            if existing.request_hash != digest:
                raise IdempotencyConflict from None
            return Outcome(existing.status_code, existing.response, replayed=True)
        status, body, complaint = create()
        _finish(record_id, status=status, body=body, complaint=complaint)
        return Outcome(status, body, replayed=False)


# The columns a claim writes, in placeholder order; `complaint` by its column name.
_CLAIMED = ("client", "key", "operation", "request_hash", "status_code", "response", "complaint_id", "created_at")
# (database vendor) -> (claim's INSERT, finishing UPDATE): built once per process, like sigap.web.inserts.
_statements: dict[str, tuple[str, str]] = {}


def _sql(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    found = _statements.get(connection.vendor)
    if found is not None:
        return found
    qn = connection.ops.quote_name
    table = qn(IdempotencyRecord._meta.db_table)
    columns = ", ".join(qn(name) for name in _CLAIMED)  # each field's column has its name
    placeholders = ", ".join(["%s"] * len(_CLAIMED))
    # A taken-over record starts afresh: new request, no response or complaint yet, a new window.
    takeover = ", ".join(f"{qn(name)} = EXCLUDED.{qn(name)}" for name in _CLAIMED if name not in ("client", "key"))
    # Names are ours, never input.
    claim = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({qn('client')}, {qn('key')}) DO UPDATE SET {takeover} "
        f"WHERE {table}.{qn('created_at')} < %s RETURNING id"
    )
    finish = (
        f"UPDATE {table} SET {qn('status_code')} = %s, {qn('response')} = %s, {qn('complaint_id')} = %s "  # noqa: S608
        f"WHERE {qn('id')} = %s"
    )
    _statements[connection.vendor] = (claim, finish)
    return claim, finish


def _claim(*, client: str, key: str, operation: str, digest: str, now: datetime) -> int | None:
    """Insert the record, or take over an expired one; return its id, or None if (client, key) is live.

    One INSERT ... ON CONFLICT DO UPDATE ... WHERE expired RETURNING rather than an insert in a
    savepoint that may fail: on PostgreSQL it still waits for a concurrent transaction holding the
    same key, and once that one commits finds a live record and changes nothing. Other expired
    records are left to the hourly purge (sigap/api/tasks.py), so a request deletes nothing.
    """
    connection = connections[router.db_for_write(IdempotencyRecord)]
    meta = IdempotencyRecord._meta
    created_at = meta.get_field("created_at")
    empty = meta.get_field("response").get_db_prep_save({}, connection)
    params = [client, key, operation, digest, 0, empty, None, created_at.get_db_prep_save(now, connection)]
    with prepared_cursor(connection) as cursor:
        cursor.execute(_sql(connection)[0], [*params, created_at.get_db_prep_save(now - _ttl(), connection)])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _finish(record_id: int, *, status: int, body: Any, complaint: Complaint | None) -> None:
    """Store the first response on the claimed record (a plain UPDATE, as the claim's INSERT)."""
    connection = connections[router.db_for_write(IdempotencyRecord)]
    response = IdempotencyRecord._meta.get_field("response").get_db_prep_save(body, connection)
    with prepared_cursor(connection) as cursor:
        cursor.execute(_sql(connection)[1], [status, response, complaint.pk if complaint else None, record_id])


def idempotency_purge(*, now: datetime | None = None) -> int:
    """Delete every record older than the time-to-live; return how many.

    The stored responses hold reporters' secrets (sealed), so they must not outlive the
    window in which a client may retry, even for a client that never calls again.
    """
    now = now or timezone.now()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=now - _ttl()).delete()
    return deleted
