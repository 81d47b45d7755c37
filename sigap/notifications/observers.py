"""Turn case events into outbox rows, in the transaction that records them (EVENT_OBSERVERS).

Identity rules (docs/roles.md, UU 27/2022): anonymous reporters get no
message at all (there is no address to send to); staff messages never carry
the reporter's identity, and for a confidential case not even its title.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sigap.complaints.models import Channel as CaseChannel
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.phones import normalise_phone
from sigap.complaints.workflow import Action
from sigap.notifications import recipients, webhooks
from sigap.notifications.models import Channel, Kind, Notification, WebhookEndpoint
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


def notify_case_events(events: Sequence[ComplaintEvent]) -> None:
    """Write the outbox rows the events call for, in the caller's transaction (EVENT_OBSERVERS).

    An error here fails the change that caused the events: a row that is not
    written could never be sent, so the change must not commit without it.
    The delivery jobs are queued once the transaction commits (TASKS'
    enqueue_on_commit); if the process dies before that, the re-drive finds
    the rows, which are already in the database.
    """
    enqueue(notifications_create(plan_many(events)))


def plan(event: ComplaintEvent) -> list[Notification]:
    """Return the (unsaved) notifications an event calls for."""
    return plan_many([event])


def plan_many(events: Sequence[ComplaintEvent]) -> list[Notification]:
    """Return the (unsaved) notifications the events call for, reading each case once.

    The deadline sweep passes thousands of events at once: the cases are read
    in one query and the webhook endpoints once per jurisdiction.
    """
    if not events:
        return []
    ids = {event.complaint_id for event in events}
    cases = Complaint.objects.select_related("jurisdiction", "reporter_user", "opd", "category", "reporter")
    complaints = {c.pk: c for c in cases.filter(pk__in=ids)}
    endpoints: dict[int, list[WebhookEndpoint]] = {}
    rows: list[Notification] = []
    for event in events:
        complaint = complaints.get(event.complaint_id)
        if complaint is None:
            continue
        reporter_kind = _reporter_kind(event)
        if reporter_kind is not None:
            rows += _to_reporter(event, complaint, reporter_kind)
        rows += _to_staff(event, complaint)
        if complaint.jurisdiction_id not in endpoints:
            endpoints[complaint.jurisdiction_id] = webhooks.active_endpoints(complaint.jurisdiction_id)
        rows += webhooks.plan(event, complaint, endpoints=endpoints[complaint.jurisdiction_id])
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
