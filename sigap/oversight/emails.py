"""The e-mails that go with a request's events, written to the outbox.

Mails name the institution, the subject and the deadline and link to Sigap;
they never carry a reporter's identity (the questions are written by the
requester for the institution, which sees them on the request page anyway).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sigap.accounts.models import Role, RoleAssignment
from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.services import dedupe_key, notifications_create
from sigap.oversight.models import InformationRequest, RequestEvent

TO_INSTITUTION = {
    RequestEvent.Kind.SENT,
    RequestEvent.Kind.RECEIVED,
    RequestEvent.Kind.REMINDED,
    RequestEvent.Kind.SECOND_REQUEST,
}
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


def queue_for_event(event: RequestEvent) -> list[int]:
    """Write one outbox e-mail per recipient of the event; return the ids to deliver.

    The notifications worker sends them with retries, never twice, and shows
    failures to the jurisdiction's administrators (sigap.notifications).
    """
    to = recipients(event)
    if not to:
        return []
    request = event.request
    with translation.override("id"), timezone.override(request.jurisdiction.zone):
        context = {
            "event": event,
            "request": request,
            "url": settings.SITE_URL + reverse("oversight:request", args=[request.pk]),
        }
        subject = render_to_string("oversight/email_subject.txt", context).strip()
        body = render_to_string("oversight/email_body.txt", context)
    return notifications_create(
        Notification(
            dedupe_key=dedupe_key("oversight", event.pk, address),
            kind=Kind.OVERSIGHT_REQUEST,
            channel=Channel.EMAIL,
            recipient=address,
            jurisdiction_id=request.jurisdiction_id,
            language="id",
            subject=subject[:300],
            body=body,
        )
        for address in to
    )
