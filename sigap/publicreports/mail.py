"""E-mail to citizens about public reports, written at once and handed to the outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.services import dedupe_key, enqueue, notifications_create


def citizen_mail(
    *,
    kind: Kind,
    to: str,
    template: str,
    context: dict[str, Any],
    key: tuple[object, ...],
    language: str = "id",
    jurisdiction_id: int | None = None,
    complaint_id: int | None = None,
    unsubscribe_url: str = "",
) -> None:
    """Render `template` (first line: subject) in `language` and queue it once per `key`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(template, {"site_url": settings.SITE_URL, **context}).strip()
    subject, _, body = text.partition("\n")
    row = Notification(
        dedupe_key=dedupe_key(kind, *key),
        kind=kind,
        channel=Channel.EMAIL,
        recipient=to,
        language=language,
        jurisdiction_id=jurisdiction_id,
        complaint_id=complaint_id,
        subject=subject.strip()[:300],
        body=body.strip() + "\n",
        context={"unsubscribe_url": unsubscribe_url} if unsubscribe_url else {},
    )
    ids = notifications_create([row])
    transaction.on_commit(lambda: enqueue(ids))
