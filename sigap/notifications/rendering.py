"""Render an outbox row into its subject and text, in the recipient's language.

Templates live in templates/notifications/<audience>/<kind>.txt; their first
line is the subject. Staff templates receive no reporter identity at all, and
for a confidential case not even the title (docs/roles.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sigap.complaints.models import Complaint
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Status
from sigap.notifications.models import Kind, Notification
from sigap.notifications.replies import REPORTER_KINDS, reply_address


def track_url(complaint: Complaint) -> str:
    return f"{settings.SITE_URL}{reverse('portal:track')}?{urlencode({'code': complaint.tracking_code})}"


def case_url(complaint: Complaint) -> str:
    return f"{settings.SITE_URL}{reverse('backoffice:case', args=[complaint.tracking_code])}"


def _case_lines(ids: list[int]) -> list[dict[str, Any]]:
    cases = Complaint.objects.filter(pk__in=ids).select_related("jurisdiction", "category", "opd").order_by("due_at")
    return [
        {
            "code": c.tracking_code,
            "title": "" if c.is_confidential else c.title,
            "status": Status(c.status).label,
            "due_at": timezone.localtime(c.due_at, c.jurisdiction.zone) if c.due_at else None,
            "opd": str(c.opd) if c.opd else "",
            "url": case_url(c),
        }
        for c in cases
    ]


def context_for(notification: Notification) -> dict[str, Any]:
    context: dict[str, Any] = {"site_url": settings.SITE_URL, **notification.context}
    complaint = notification.complaint
    if complaint is not None:
        zone = complaint.jurisdiction.zone
        context.update(
            {
                "complaint": complaint,
                "jurisdiction": complaint.jurisdiction,
                "public_status": PUBLIC_STATUS_LABELS[Status(complaint.status)],
                "due_at": timezone.localtime(complaint.due_at, zone) if complaint.due_at else None,
                "track_url": track_url(complaint),
                "case_url": case_url(complaint),
                "show_title": not complaint.is_confidential,
                "reply_address": reply_address(notification),
            }
        )
    if notification.event is not None:
        context["event"] = notification.event
        context["text"] = notification.event.body
    if "cases" in notification.context:
        context["case_lines"] = _case_lines(notification.context["cases"])
    return context


def render(notification: Notification) -> tuple[str, str]:
    """Return (subject, text) of the message."""
    audience = "reporter" if notification.kind in REPORTER_KINDS else "staff"
    if notification.kind == Kind.GATEWAY_REPLY:
        return notification.subject, notification.body
    short = notification.channel in ("sms", "whatsapp")
    name = f"notifications/{'sms' if short else audience}/{notification.kind}.txt"
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        text = render_to_string(name, context_for(notification)).strip()
    if short:
        return text[:60], text
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"
