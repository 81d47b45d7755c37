"""Turn committed case events into outbox rows (registered on EVENT_OBSERVERS).

Identity rules (docs/roles.md, UU 27/2022): anonymous reporters get no
message at all (there is no address to send to); staff messages never carry
the reporter's identity, and for a confidential case not even its title.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sigap.channels.gateway.adapter import normalise_phone
from sigap.complaints.models import Channel as CaseChannel
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.workflow import Action
from sigap.notifications import recipients, webhooks
from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.services import dedupe_key, enqueue, notifications_create

logger = logging.getLogger(__name__)

# What the reporter is told after each public transition done by someone else.
REPORTER_KIND_OF_ACTION = {
    Action.REQUEST_INFO: Kind.INFO_REQUESTED,
    Action.ANSWER: Kind.ANSWERED,
    Action.CONFIRM: Kind.CLOSED,
    Action.AUTO_CLOSE: Kind.CLOSED,
}
GATEWAY_CHANNELS = {CaseChannel.SMS: Channel.SMS, CaseChannel.WHATSAPP: Channel.WHATSAPP}
# Other channels that reach the reporter (WhatsApp Cloud API, Telegram), registered at start-up:
# each returns the rows for an event, or [] when the reporter is not on that channel.
REPORTER_CHANNEL_PLANNERS: list[Callable[[ComplaintEvent, Complaint, Kind], list[Notification]]] = []


def notify_case_event(event: ComplaintEvent) -> None:
    """Write the outbox rows an event calls for and queue them; never fail the caller.

    Runs after the case's transaction committed, so an error here must not
    reach the user whose action already succeeded: it is logged instead.
    """
    try:
        ids = notifications_create(plan(event))
    except Exception:
        logger.exception("could not create notifications for case event %s", event.pk)
        return
    enqueue(ids)


def plan(event: ComplaintEvent) -> list[Notification]:
    """Return the (unsaved) notifications an event calls for."""
    complaint = (
        Complaint.objects.select_related("jurisdiction", "reporter_user", "opd").filter(pk=event.complaint_id).first()
    )
    if complaint is None:
        return []
    rows: list[Notification] = []
    reporter_kind = _reporter_kind(event)
    if reporter_kind is not None:
        rows += _to_reporter(event, complaint, reporter_kind)
    rows += _to_staff(event, complaint)
    rows += webhooks.plan(event, complaint)
    return rows


def _reporter_kind(event: ComplaintEvent) -> Kind | None:
    if event.kind == ComplaintEvent.Kind.CREATED:
        return Kind.ACKNOWLEDGEMENT
    # The reporter is not told about what they did themselves, nor about internal steps.
    if not event.is_public or event.actor_role == "reporter":
        return None
    if event.kind == ComplaintEvent.Kind.REPLY:
        return Kind.STAFF_MESSAGE
    if event.kind == ComplaintEvent.Kind.TRANSITION:
        return REPORTER_KIND_OF_ACTION.get(Action(event.action), Kind.STATUS_CHANGED) if event.action else None
    return None


def _row(
    event: ComplaintEvent, complaint: Complaint, kind: Kind, channel: Channel, to: recipients.Recipient
) -> Notification:
    return Notification(
        dedupe_key=dedupe_key("event", event.pk, kind, channel, to.address),
        kind=kind,
        channel=channel,
        recipient=to.address,
        recipient_user=to.user,
        jurisdiction_id=complaint.jurisdiction_id,
        complaint=complaint,
        event=event,
        language=to.language,
    )


def _to_reporter(event: ComplaintEvent, complaint: Complaint, kind: Kind) -> list[Notification]:
    rows = []
    email = recipients.reporter_email(complaint)
    if email is not None:
        rows.append(_row(event, complaint, kind, Channel.EMAIL, email))
    for planner in REPORTER_CHANNEL_PLANNERS:
        rows += planner(event, complaint, kind)
    gateway = GATEWAY_CHANNELS.get(CaseChannel(complaint.channel))
    phone = normalise_phone(recipients.reporter_phone(complaint))
    # A reporter who writes to the WhatsApp Cloud API number hears back there, not through the gateway.
    if gateway is not None and phone and not any(r.channel == Channel.WA_CLOUD for r in rows):
        rows.append(_row(event, complaint, kind, gateway, recipients.Recipient(phone, complaint.language or "id")))
    return rows


def _to_staff(event: ComplaintEvent, complaint: Complaint) -> list[Notification]:
    if event.kind == ComplaintEvent.Kind.TRANSITION and event.action in (Action.DISPATCH, Action.REOPEN):
        kind, people = Kind.DISPATCHED, recipients.opd_handlers(complaint)
    elif event.kind == ComplaintEvent.Kind.REPLY and event.actor_role == "reporter":
        people = recipients.opd_handlers(complaint) or recipients.administrators(complaint.jurisdiction_id)
        kind = Kind.REPORTER_MESSAGE
    else:
        return []
    return [_row(event, complaint, kind, Channel.EMAIL, person) for person in people]
