"""The e-mails that go with a request's events, sent from the job queue.

Mails name the institution, the subject and the deadline and link to Sigap;
they never carry a reporter's identity (the questions are written by the
requester for the institution, which sees them on the request page anyway).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sigap.accounts.models import Role, RoleAssignment
from sigap.oversight.models import InformationRequest, RequestEvent

logger = logging.getLogger(__name__)

TO_INSTITUTION = {RequestEvent.Kind.SENT, RequestEvent.Kind.REMINDED, RequestEvent.Kind.SECOND_REQUEST}
TO_REQUESTER = {RequestEvent.Kind.ANSWERED, RequestEvent.Kind.WAIVED}


def responders_q(request: InformationRequest) -> Q:
    """Role assignments of the people who answer for the institution."""
    if request.opd_id is not None:
        return Q(opd_id=request.opd_id, role__in=[Role.FOCAL_POINT, Role.OPD_HEAD])
    return Q(jurisdiction_id=request.jurisdiction_id, opd__isnull=True, role=Role.FOCAL_POINT)


def recipients(event: RequestEvent) -> list[str]:
    request = event.request
    emails: set[str] = set()
    if event.kind in TO_INSTITUTION or event.kind == RequestEvent.Kind.WAIVED:
        emails |= set(
            RoleAssignment.objects.filter(responders_q(request), is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    if event.kind in TO_REQUESTER and request.sent_by.email:
        emails.add(request.sent_by.email)
    return sorted(emails)


def send_for_event(event_id: int) -> int:
    """Send the event's e-mail; return how many recipients it went to (0 if none)."""
    event = RequestEvent.objects.select_related("request__jurisdiction", "request__opd", "request__sent_by").get(
        pk=event_id
    )
    to = recipients(event)
    if not to:
        return 0
    if not settings.SIGAP_SEND_EMAIL and settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        # The demo has no mail server; the request page shows everything the mail would.
        logger.info("e-mail for request event %s not sent: no mail server configured", event_id)
        return 0
    request = event.request
    with translation.override("id"), timezone.override(request.jurisdiction.zone):
        context = {
            "event": event,
            "request": request,
            "url": settings.SITE_URL + reverse("oversight:request", args=[request.pk]),
        }
        subject = render_to_string("oversight/email_subject.txt", context).strip()
        body = render_to_string("oversight/email_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    return len(to)
