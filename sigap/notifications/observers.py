"""Turn case events into outbox rows, in the transaction that records them.

A transition's messages are declared in its row of the workflow's table
(`Effects.notify`: audience → message kind); `notify_transition_events` is the
workflow's notifier and writes exactly those. The other events (a new case, a
reply) are observed (`notify_case_events`, on EVENT_BATCH_OBSERVERS).

Identity rules (docs/roles.md, UU 27/2022): anonymous reporters get no
message at all (there is no address to send to); staff messages never carry
the reporter's identity, and for a confidential case not even its title.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from sigap.complaints.models import Channel as CaseChannel
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.complaints.phones import normalise_phone
from sigap.notifications import recipients, webhooks
from sigap.notifications.models import Channel, Kind, Notification, WebhookEndpoint
from sigap.notifications.services import dedupe_key, enqueue, notifications_create

logger = logging.getLogger(__name__)

GATEWAY_CHANNELS = {CaseChannel.SMS: Channel.SMS, CaseChannel.WHATSAPP: Channel.WHATSAPP}
# Other channels that reach the reporter (WhatsApp Cloud API, Telegram), registered at start-up:
# each returns the rows for an event, or [] when the reporter is not on that channel.
REPORTER_CHANNEL_PLANNERS: list[Callable[[ComplaintEvent, Complaint, Kind], list[Notification]]] = []

# The staff a message can be for, by audience (the workflow's actors), each e-mailed.
STAFF_AUDIENCES: dict[str, Callable[[Complaint], list[recipients.Recipient]]] = {
    "opd": recipients.opd_handlers,  # officers and head of the OPD holding the case
    "admin": lambda complaint: recipients.administrators(complaint.jurisdiction_id),
    # Whoever holds the case: its OPD, else the complaint administrators.
    "holder": lambda complaint: (
        recipients.opd_handlers(complaint) or recipients.administrators(complaint.jurisdiction_id)
    ),
}
# Every audience a message can be declared for, in the order their rows are written.
AUDIENCES = ("reporter", *STAFF_AUDIENCES, "webhooks")


def notify_transition_events(events: Sequence[ComplaintEvent], told: Mapping[str, str]) -> None:
    """Write the outbox rows of a transition's events: `told` maps each audience to its message kind.

    The workflow calls this (its notifier) with the audiences the transition
    declares, less the one that acted, in the transaction that records the
    events: one case, or a whole batch of the deadline sweep at once.
    """
    audiences = {audience: Kind(kind) for audience, kind in told.items()}
    enqueue(notifications_create(plan_many(events, lambda _event: audiences)))


def notify_case_events(events: Sequence[ComplaintEvent]) -> None:
    """Write the outbox rows the events other than transitions call for, in the caller's transaction.

    An error here fails the change that caused the events: a row that is not
    written could never be sent, so the change must not commit without it.
    The delivery jobs are queued once the transaction commits (TASKS'
    enqueue_on_commit); if the process dies before that, the re-drive finds
    the rows, which are already in the database.
    """
    observed = [event for event in events if event.kind != ComplaintEvent.Kind.TRANSITION]
    enqueue(notifications_create(plan_many(observed, audiences_of_event)))


def audiences_of_event(event: ComplaintEvent) -> dict[str, Kind]:
    """Who is told of an event other than a transition (those declare theirs in the workflow's table)."""
    if event.kind == ComplaintEvent.Kind.CREATED:
        return {"reporter": Kind.ACKNOWLEDGEMENT, "webhooks": Kind.WEBHOOK}
    if event.kind == ComplaintEvent.Kind.REPLY and event.is_public:
        # The reporter is not told about what they wrote themselves.
        if event.actor_role == "reporter":
            return {"holder": Kind.REPORTER_MESSAGE}
        return {"reporter": Kind.STAFF_MESSAGE}
    return {}


def plan_many(
    events: Sequence[ComplaintEvent], audiences: Callable[[ComplaintEvent], Mapping[str, Kind]]
) -> list[Notification]:
    """Return the (unsaved) notifications for the events, to the audiences each is for, reading each case once.

    The deadline sweep passes thousands of events at once: the cases are read
    in one query and the webhook endpoints once per jurisdiction.
    """
    if not events:
        return []
    complaints = {event.complaint_id: event.complaint for event in events if _just_filed(event)}
    unread = {event.complaint_id for event in events} - complaints.keys()
    if unread:
        cases = Complaint.objects.select_related("jurisdiction", "reporter_user", "opd", "category", "reporter")
        complaints.update((c.pk, c) for c in cases.filter(pk__in=unread))
    endpoints: dict[int, list[WebhookEndpoint]] = {}
    rows: list[Notification] = []
    for event in events:
        complaint = complaints.get(event.complaint_id)
        told = audiences(event)
        if complaint is None or not told:
            continue
        for audience in AUDIENCES:
            if audience not in told:
                continue
            if audience == "reporter":
                # A case being filed has no messenger subscription yet: one is made only after the
                # filing commits (messaging's subscription_create plans that acknowledgement itself).
                rows += _to_reporter(event, complaint, told[audience], messengers=not _just_filed(event))
            elif audience == "webhooks":
                if complaint.jurisdiction_id not in endpoints:
                    endpoints[complaint.jurisdiction_id] = webhooks.active_endpoints(complaint.jurisdiction_id)
                rows += webhooks.plan(event, complaint, endpoints=endpoints[complaint.jurisdiction_id])
            else:
                people = STAFF_AUDIENCES[audience](complaint)
                rows += [_row(event, complaint, told[audience], Channel.EMAIL, person) for person in people]
    return rows


def _just_filed(event: ComplaintEvent) -> bool:
    """Whether the event carries its case exactly as intake just wrote it, so it need not be read back.

    Intake builds the case, its reporter and the "created" event in memory, with every field and
    relation a message reads (opd is not yet set). Any other event's case may have been read with
    only some fields, or changed since; those are read again.
    """
    return event.kind == ComplaintEvent.Kind.CREATED and ComplaintEvent.complaint.is_cached(event)


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


def _to_reporter(event: ComplaintEvent, complaint: Complaint, kind: Kind, *, messengers: bool) -> list[Notification]:
    rows = []
    email = recipients.reporter_email(complaint)
    if email is not None:
        rows.append(_row(event, complaint, kind, Channel.EMAIL, email))
    for planner in REPORTER_CHANNEL_PLANNERS if messengers else ():
        rows += planner(event, complaint, kind)
    gateway = GATEWAY_CHANNELS.get(CaseChannel(complaint.channel))
    phone = normalise_phone(recipients.reporter_phone(complaint))
    # A reporter who writes to the WhatsApp Cloud API number hears back there, not through the gateway.
    if gateway is not None and phone and not any(r.channel == Channel.WA_CLOUD for r in rows):
        rows.append(_row(event, complaint, kind, gateway, recipients.Recipient(phone, complaint.language or "id")))
    return rows
