"""Create outbox rows, deliver them once, retry with backoff, and re-drive lost jobs.

Delivery is at-least-once towards the outside world and exactly-once per row
inside Sigap: a row is claimed with a compare-and-swap UPDATE before anything
is sent, so two jobs for one row never both send. Only a worker that dies
between the send and the final UPDATE can cause a repeat; the stable
Message-ID and webhook delivery id let the receiver recognise it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from sigap.accounts.models import User
from sigap.audit.services import audit_record
from sigap.notifications.models import DELIVERABLE, SECRET_KINDS, Channel, Kind, Notification, State

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    """How long a claimed row may stay SENDING before the re-drive assumes its worker died."""
    return timedelta(seconds=settings.SIGAP_NOTIFY_LEASE_SECONDS)


def dedupe_key(*parts: object) -> str:
    """Join the parts into a key; long parts (URLs, addresses) are hashed to keep it short."""
    out = []
    for part in parts:
        text = str(part)
        out.append(text if len(text) <= 40 else hashlib.sha256(text.encode()).hexdigest()[:24])
    return ":".join(out)[:200]


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the `attempts`-th failure: 1, 4, 16, 64 minutes … capped at a day."""
    return timedelta(seconds=min(60 * 4 ** max(attempts - 1, 0), 86400))


def notifications_create(rows: Iterable[Notification], *, now: datetime | None = None) -> list[int]:
    """Insert rows whose dedupe key is new and return the ids of those still waiting to be sent.

    Rows whose key exists already are skipped: the same event never notifies
    the same recipient twice, however often this is called.
    """
    now = now or timezone.now()
    rows = list(rows)
    if not rows:
        return []
    for row in rows:
        row.next_attempt_at = row.next_attempt_at or now
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [row.dedupe_key for row in rows]
    return list(Notification.objects.filter(dedupe_key__in=keys, state=State.PENDING).values_list("id", flat=True))


def enqueue(ids: Iterable[int]) -> None:
    """Hand the rows to the job queue (after the current transaction commits)."""
    from sigap.notifications.tasks import deliver

    for pk in ids:
        deliver.enqueue(pk)


def _claim(notification_id: int, now: datetime) -> bool:
    """Take the row for sending, unless another job has it or it is done (compare-and-swap)."""
    return bool(
        Notification.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            pk=notification_id,
            state__in=DELIVERABLE,
        ).update(state=State.SENDING, attempts=F("attempts") + 1, lease_until=now + lease(), updated_at=now)
    )


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one outbox row if it is due; return True if it was sent now.

    Safe to call any number of times for one row: only the call that claims
    the row sends, and a sent row is never claimed again.
    """
    from sigap.notifications import senders
    from sigap.notifications.rendering import render

    now = now or timezone.now()
    if not _claim(notification_id, now):
        return False
    notification = Notification.objects.select_related("complaint__jurisdiction", "event", "jurisdiction").get(
        pk=notification_id
    )
    try:
        if not notification.subject and not notification.body:
            notification.subject, notification.body = render(notification)
        if not senders.enabled(notification):
            senders.keep_copy(notification)
            _finish(notification, State.SUPPRESSED, now=now, error="")
            return False
        senders.send(notification)
    except Exception as exc:
        logger.warning("notification %s failed: %s", notification_id, exc)
        give_up = notification.attempts >= settings.SIGAP_NOTIFY_MAX_ATTEMPTS
        _finish(
            notification,
            State.FAILED if give_up else State.RETRYING,
            now=now,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=None if give_up else now + retry_delay(notification.attempts),
        )
        return False
    if notification.kind in SECRET_KINDS:
        # The single-use link must not stay readable in the outbox (or its backups) once sent.
        notification.body = ""
    _finish_sent(notification)
    return True


def notification_first_attempt(*, notification_id: int, send: Callable[[Notification], None]) -> bool:
    """Send a row at once through the caller's own message (the receipt with its secret and PDF).

    Call it once the row's transaction has committed. The row was written held back by one lease
    (`next_attempt_at`), so neither a job nor the re-drive takes it meanwhile. If `send` fails the row
    is due at once and queued, and the worker sends the row's own text; if the process dies before
    this runs, the re-drive sends it when the hold runs out. Either way the message is not lost.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, state=State.PENDING).update(
        state=State.SENDING, attempts=F("attempts") + 1, lease_until=now + lease(), updated_at=now
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        send(notification)
    except Exception as exc:  # the worker takes over with the row's own text
        logger.warning("notification %s not sent at once: %s", notification_id, exc)
        _finish(notification, State.RETRYING, now=now, error=f"{type(exc).__name__}: {exc}"[:2000], next_attempt_at=now)
        enqueue([notification_id])
        return False
    _finish_sent(notification)
    return True


def _finish_sent(notification: Notification) -> None:
    """Record a message that went out, riding out a passing database outage.

    The message has left: if this UPDATE failed for good, the row would stay SENDING and the
    re-drive would send it a second time once the lease ran out. A database that is restarting
    answers again within seconds, so keep trying for half a lease (the re-drive waits a whole one).
    """
    deadline = time.monotonic() + lease().total_seconds() / 2
    while True:
        try:
            _finish(notification, State.SENT, now=timezone.now(), error="")
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            logger.warning("notification %s sent, recording it waits for the database", notification.pk)
            if not connection.in_atomic_block:
                connection.close()  # the broken connection; the next query opens a new one
            time.sleep(0.5)


def _finish(
    notification: Notification, state: State, *, now: datetime, error: str, next_attempt_at: datetime | None = None
) -> None:
    Notification.objects.filter(pk=notification.pk, state=State.SENDING).update(
        state=state,
        subject=notification.subject[:300],
        body=notification.body,
        last_error=error,
        sent_at=now if state == State.SENT else None,
        next_attempt_at=next_attempt_at,
        lease_until=None,
        updated_at=now,
    )


def notifications_redrive(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Re-queue rows that are due but have no live job; return how many were queued.

    Covers retries whose backoff has passed, rows written in bulk by the
    deadline sweep, and claims whose worker died before finishing.
    """
    now = now or timezone.now()
    Notification.objects.filter(state=State.SENDING, lease_until__lt=now).update(
        state=State.RETRYING,
        lease_until=None,
        next_attempt_at=now,
        last_error="worker stopped before finishing",
        updated_at=now,
    )
    ids = list(
        Notification.objects.filter(state__in=DELIVERABLE, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )
    enqueue(ids)
    return len(ids)


@transaction.atomic
def notification_retry(*, notification: Notification, actor: User) -> Notification:
    """Let staff send a failed row again now (recorded in the audit trail)."""
    now = timezone.now()
    before = notification.state
    Notification.objects.filter(pk=notification.pk, state__in=[State.FAILED, State.RETRYING]).update(
        state=State.RETRYING, next_attempt_at=now, updated_at=now
    )
    audit_record(
        actor=actor,
        action="notification.retry",
        obj=notification,
        jurisdiction_id=notification.jurisdiction_id,
        summary=str(notification),
        changes={"state": [before, State.RETRYING]},
    )
    enqueue([notification.pk])
    notification.refresh_from_db()
    return notification


def notification_for_staff_access(*, to: str, subject: str, body: str, key: str, jurisdiction_id: int | None) -> None:
    """Queue an invitation or password-reset e-mail, in the caller's transaction (sent once it commits).

    The text carries a single-use link: it is wiped from the row once sent.
    """
    enqueue(
        notifications_create(
            [
                Notification(
                    dedupe_key=dedupe_key("staff", key),
                    kind=Kind.STAFF_ACCESS,
                    channel=Channel.EMAIL,
                    recipient=to,
                    jurisdiction_id=jurisdiction_id,
                    subject=str(subject)[:300],
                    body=body,
                )
            ]
        )
    )


def notification_for_gateway(
    *, channel: Channel, phone: str, text: str, key: str, jurisdiction_id: int | None, complaint_id: int | None = None
) -> list[int]:
    """Queue a text to a phone number through the SMS or WhatsApp gateway's outbound hook."""
    return notifications_create(
        [
            Notification(
                dedupe_key=dedupe_key("gateway", key),
                kind=Kind.GATEWAY_REPLY,
                channel=channel,
                recipient=phone,
                jurisdiction_id=jurisdiction_id,
                complaint_id=complaint_id,
                body=text,
                subject=text[:60],
            )
        ]
    )
