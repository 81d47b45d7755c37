"""Store every inbound message first, then process it; a failure leaves it visible, never lost."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from sigap.channels.models import InboundMessage
from sigap.channels.text import without_nul
from sigap.organisations.models import Jurisdiction

logger = logging.getLogger(__name__)


def inbound_store(
    *,
    channel: InboundMessage.Channel,
    raw: bytes,
    external_id: str = "",
    sender: str = "",
    content_type: str = "",
    jurisdiction: Jurisdiction | None = None,
) -> tuple[InboundMessage, bool]:
    """Save the message as received; return (message, created).

    A message whose external id was seen before (a gateway's retry, a mailbox
    fetched twice) returns the stored one with created=False.
    """
    external_id, sender = without_nul(external_id)[:300], without_nul(sender)
    if external_id:
        existing = InboundMessage.objects.filter(channel=channel, external_id=external_id).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                channel=channel,
                raw=raw,
                external_id=external_id,
                sender=sender[:300],
                content_type=content_type[:100],
                jurisdiction=jurisdiction,
            )
    except IntegrityError:
        # Two deliveries of one message raced; the other one stored it.
        return InboundMessage.objects.get(channel=channel, external_id=external_id), False
    return message, True


def inbound_store_unreadable(
    *,
    channel: InboundMessage.Channel,
    raw: bytes,
    error: str,
    content_type: str = "",
    jurisdiction: Jurisdiction | None = None,
) -> InboundMessage:
    """Keep a body that could not be parsed, failed, for staff to read.

    A redelivery of the same body is recognised by its hash and stored once.
    """
    stored, created = inbound_store(
        channel=channel,
        raw=raw,
        external_id="body:" + hashlib.sha256(raw).hexdigest(),
        content_type=content_type,
        jurisdiction=jurisdiction,
    )
    if created:
        inbound_finish(stored, state=InboundMessage.State.FAILED, error=error)
    return stored


def inbound_finish(
    message: InboundMessage,
    *,
    state: InboundMessage.State,
    error: str = "",
    complaint_id: int | None = None,
    result: dict[str, object] | None = None,
) -> InboundMessage:
    message.state = state
    message.error = error
    message.complaint_id = complaint_id or message.complaint_id
    message.result = result if result is not None else message.result
    message.processed_at = timezone.now()
    message.save(update_fields=["state", "error", "complaint", "result", "processed_at"])
    return message


def inbound_process(message: InboundMessage, handler: Callable[[InboundMessage], InboundMessage]) -> InboundMessage:
    """Run a channel's handler; an unexpected error marks the message failed instead of losing it."""
    try:
        return handler(message)
    except Exception as exc:
        logger.exception("inbound message %s could not be processed", message.pk)
        return inbound_finish(message, state=InboundMessage.State.FAILED, error=f"{type(exc).__name__}: {exc}")
