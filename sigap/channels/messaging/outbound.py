"""Messages to people on WhatsApp (Cloud API) and Telegram, through the outbox and the job worker.

Case events become outbox rows for every contact subscribed to the case (the
person filed it there, or opted in on the web): the same events the e-mails
cover, rendered short, with buttons where the person can answer (confirm the
answer, rate the closed case). WhatsApp allows free-form (session) messages
only within 24 hours of the person's last message; outside that window an
approved template named in the account's `templates` is sent instead.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.channels.messaging.client import ProviderError
from sigap.channels.models import MessagingAccount, MessagingContact, MessagingSubscription, Messenger, OutboundDelivery
from sigap.channels.telegram import botapi
from sigap.channels.wacloud import graph
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.notifications.models import Channel, Kind, Notification, State
from sigap.notifications.rendering import context_for
from sigap.notifications.senders import DeliveryError
from sigap.notifications.services import dedupe_key, enqueue, notifications_create

SESSION_WINDOW = timedelta(hours=24)
STATUS_ORDER = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3}
FLAGS = {Messenger.WA_CLOUD: "SIGAP_USE_WHATSAPP_CLOUD", Messenger.TELEGRAM: "SIGAP_USE_TELEGRAM"}


def _buttons(kind: Kind, complaint: Complaint) -> dict[str, Any]:
    code = complaint.tracking_code
    if kind == Kind.ANSWERED:
        return {"buttons": [[f"confirm:{code}", _("Resolved")], [f"reopen:{code}", _("Not resolved")]]}
    if kind == Kind.CLOSED and complaint.rating is None:
        choices, label = rating_choices(complaint)
        return {"choices": [list(c) for c in choices], "choices_label": label}
    return {}


def rating_choices(complaint: Complaint) -> tuple[list[tuple[str, str]], str]:
    """The five ratings as (button id, title), best first, and the list's button label."""
    labels = {5: _("Very good"), 4: _("Good"), 3: _("Fair"), 2: _("Poor"), 1: _("Very poor")}
    return [(f"rate:{complaint.tracking_code}:{n}", f"{n} — {labels[n]}") for n in (5, 4, 3, 2, 1)], _("Rate")


def _extra_line(kind: Kind) -> str:
    if kind == Kind.ANSWERED:
        return _("Press Resolved if the answer settles your complaint, or Not resolved to have it followed up again.")
    if kind == Kind.CLOSED:
        return _("How was the handling of your complaint? Choose a rating.")
    if kind == Kind.INFO_REQUESTED:
        return _("Reply to this message with the missing information.")
    return ""


def plan_reporter_rows(event: ComplaintEvent, complaint: Complaint, kind: Kind) -> list[Notification]:
    """The rows to the reporter's messenger contacts for one case event (registered with the observer)."""
    rows = []
    subscriptions = MessagingSubscription.objects.filter(complaint=complaint, contact__opted_out=False)
    for contact in [s.contact for s in subscriptions.select_related("contact")]:
        row = Notification(
            dedupe_key=dedupe_key("event", event.pk, kind, contact.kind, contact.address),
            kind=kind,
            channel=contact.kind,
            recipient=contact.address,
            jurisdiction_id=complaint.jurisdiction_id,
            complaint=complaint,
            event=event,
            language=contact.language,
        )
        with translation.override(contact.language):
            row.context = {"contact": contact.pk, **_buttons(kind, complaint)}
            text = render_to_string(f"notifications/sms/{kind}.txt", context_for(row)).strip()
            extra = _extra_line(kind)
        row.body = f"{text}\n{extra}" if extra else text
        row.subject = text[:60]
        rows.append(row)
    return rows


def subscription_create(*, complaint: Complaint, contact: MessagingContact) -> None:
    """Subscribe a contact to a case and send it the acknowledgement of the filing.

    A case's outbox rows are written in the transaction that files it, before a
    subscription can point at it, so the filing's acknowledgement to the
    messenger is planned here, in the caller's transaction. The gateway's copy
    of it (a reporter on the WhatsApp Cloud API number) is removed while it is
    still waiting: had the subscription existed at filing, it would not exist.
    """
    _subscription, created = MessagingSubscription.objects.get_or_create(complaint=complaint, contact=contact)
    event = complaint.events.filter(kind=ComplaintEvent.Kind.CREATED).first()
    if not created or contact.opted_out or event is None:
        return
    rows = [
        row
        for row in plan_reporter_rows(event, complaint, Kind.ACKNOWLEDGEMENT)
        if (row.channel, row.recipient) == (contact.kind, contact.address)
    ]
    if contact.kind == Messenger.WA_CLOUD:
        Notification.objects.filter(event=event, channel=Channel.WHATSAPP, state=State.PENDING).delete()
    enqueue(notifications_create(rows))


def _contact(notification: Notification) -> MessagingContact | None:
    return MessagingContact.objects.filter(pk=notification.context.get("contact")).first()


def enabled(notification: Notification) -> bool:
    """Switched on, and the person has not said BERHENTI (the answer to BERHENTI itself still goes)."""
    if not getattr(settings, FLAGS[Messenger(notification.channel)]):
        return False
    contact = _contact(notification)
    return contact is not None and (not contact.opted_out or bool(notification.context.get("force")))


def send(notification: Notification) -> None:
    contact = _contact(notification)
    if contact is None:
        raise DeliveryError("the contact is gone")
    try:
        if contact.kind == Messenger.WA_CLOUD:
            provider_id, mode = _send_whatsapp(notification, contact)
        else:
            provider_id, mode = _send_telegram(notification, contact)
    except ProviderError as exc:
        raise DeliveryError(_reason(contact.kind, exc)) from exc
    with transaction.atomic():
        OutboundDelivery.objects.update_or_create(
            notification=notification, defaults={"provider_id": provider_id, "status": "accepted"}
        )
        context = {**notification.context, "provider_id": provider_id, "mode": mode, "delivery": "accepted"}
        Notification.objects.filter(pk=notification.pk).update(context=context)
        notification.context = context


def _reason(kind: str, exc: ProviderError) -> str:
    if (kind == Messenger.WA_CLOUD and exc.code in graph.RATE_LIMITED) or exc.http_status == 429:
        return f"rate limited, will retry: {exc}"
    if (kind == Messenger.WA_CLOUD and exc.code == graph.EXPIRED_TOKEN) or exc.http_status == 401:
        return f"the access token is expired or invalid, renew it: {exc}"
    return str(exc)


def in_session(contact: MessagingContact) -> bool:
    last = contact.last_inbound_at
    return last is not None and timezone.now() - last < SESSION_WINDOW


def template_for(contact: MessagingContact, kind: str) -> dict[str, Any] | None:
    account = MessagingAccount.objects.filter(kind=Messenger.WA_CLOUD, external_id=contact.account_key).first()
    templates = account.templates if account is not None and isinstance(account.templates, dict) else {}
    found = templates.get(kind) or templates.get("default")
    return found if isinstance(found, dict) and found.get("name") else None


def _param(text: str) -> str:
    # Template parameters may not hold new lines, tabs or more than four spaces in a row.
    return re.sub(r"\s+", " ", text).strip()[:1000] or "-"


def _send_whatsapp(notification: Notification, contact: MessagingContact) -> tuple[str, str]:
    context = notification.context
    buttons, choices = context.get("buttons") or [], context.get("choices") or []
    if in_session(contact):
        payload: dict[str, Any]
        if buttons:
            payload = {
                "type": "interactive",
                "interactive": {
                    "type": "button",
                    "body": {"text": notification.body[:1024]},
                    "action": {
                        "buttons": [{"type": "reply", "reply": {"id": b[0], "title": b[1][:20]}} for b in buttons[:3]]
                    },
                },
            }
        elif choices:
            payload = {
                "type": "interactive",
                "interactive": {
                    "type": "list",
                    "body": {"text": notification.body[:1024]},
                    "action": {
                        "button": str(context.get("choices_label", "OK"))[:20],
                        "sections": [{"title": "-", "rows": [{"id": c[0], "title": c[1][:24]} for c in choices[:10]]}],
                    },
                },
            }
        else:
            payload = {"type": "text", "text": {"body": notification.body[:4096], "preview_url": False}}
        mode = "session"
    else:
        template = template_for(contact, notification.kind)
        if template is None:
            raise DeliveryError("outside the 24-hour window and no approved template is configured for this message")
        code = notification.complaint.tracking_code if notification.complaint else "-"
        components: list[dict[str, Any]] = [
            {
                "type": "body",
                "parameters": [{"type": "text", "text": code}, {"type": "text", "text": _param(notification.body)}],
            }
        ]
        # Quick-reply buttons declared on the approved template carry our button ids as payloads.
        for index, button in enumerate((buttons or choices)[: int(template.get("quick_replies", 0) or 0)]):
            components.append(
                {
                    "type": "button",
                    "sub_type": "quick_reply",
                    "index": str(index),
                    "parameters": [{"type": "payload", "payload": button[0]}],
                }
            )
        payload = {
            "type": "template",
            "template": {
                "name": template["name"],
                "language": {"code": template.get("language") or notification.language or "id"},
                "components": components,
            },
        }
        mode = "template"
    return graph.send(contact.account_key, {"to": contact.address, **payload}), mode


def _send_telegram(notification: Notification, contact: MessagingContact) -> tuple[str, str]:
    context = notification.context
    payload: dict[str, Any] = {"chat_id": int(contact.address), "text": notification.body[:4096]}
    if context.get("buttons"):
        payload["reply_markup"] = {
            "inline_keyboard": [[{"text": b[1], "callback_data": b[0][:64]}] for b in context["buttons"]]
        }
    elif context.get("choices"):
        payload["reply_markup"] = {
            "inline_keyboard": [[{"text": c[1].split(" ")[0], "callback_data": c[0][:64]} for c in context["choices"]]]
        }
    result = botapi.method(botapi.bot_token(contact.account_key), "sendMessage", payload)
    message_id = result.get("message_id") if isinstance(result, dict) else None
    return f"tg:{contact.account_key}:{contact.address}:{message_id}", "session"


def record_status(*, message_id: str, status: str, errors: str = "") -> bool:
    """Record a WhatsApp delivery status on the outbox row that sent the message; False if unknown."""
    delivery = OutboundDelivery.objects.filter(provider_id=message_id).select_related("notification").first()
    if delivery is None:
        return False
    status = status[:20]
    if status != "failed" and STATUS_ORDER.get(status, 0) < STATUS_ORDER.get(delivery.status, 0):
        return True  # statuses may arrive out of order: never step back from read to delivered
    delivery.status = status
    delivery.save(update_fields=["status", "updated_at"])
    notification = delivery.notification
    history = [*notification.context.get("delivery_history", []), [status, timezone.now().isoformat()]]
    changes: dict[str, Any] = {
        "context": {**notification.context, "delivery": status, "delivery_history": history[-10:]}
    }
    if status == "failed":
        changes["last_error"] = f"WhatsApp reports the message failed: {errors}"[:2000]
    Notification.objects.filter(pk=notification.pk).update(**changes)
    return True


def contact_for(
    *, kind: str, account_key: str, address: str, jurisdiction_id: int | None, name: str = ""
) -> MessagingContact:
    contact, _created = MessagingContact.objects.get_or_create(
        kind=kind, account_key=account_key, address=address, defaults={"jurisdiction_id": jurisdiction_id, "name": name}
    )
    if jurisdiction_id and contact.jurisdiction_id != jurisdiction_id:
        contact.jurisdiction_id = jurisdiction_id
        contact.save(update_fields=["jurisdiction", "updated_at"])
    return contact


@transaction.atomic
def whatsapp_opt_in(*, complaint: Complaint, phone: str) -> MessagingContact:
    """A web reporter asks for updates on WhatsApp: subscribe their number to the case.

    The jurisdiction needs a WhatsApp number (a MessagingAccount); the first
    message then goes out as an approved template, since the person has not
    written to it yet.
    """
    from sigap.complaints.phones import normalise_phone

    number = normalise_phone(phone)
    if not 8 <= len(number) <= 15:
        raise ValueError(_("This is not a phone number."))
    account = MessagingAccount.objects.filter(
        kind=Messenger.WA_CLOUD, jurisdiction_id=complaint.jurisdiction_id, is_active=True
    ).first()
    if account is None:
        raise ValueError(_("This government does not send updates on WhatsApp yet."))
    contact = contact_for(
        kind=Messenger.WA_CLOUD,
        account_key=account.external_id,
        address=number,
        jurisdiction_id=complaint.jurisdiction_id,
    )
    contact.opted_out, contact.consent_at = False, timezone.now()
    contact.save(update_fields=["opted_out", "consent_at", "updated_at"])
    subscription_create(complaint=complaint, contact=contact)
    return contact


def register() -> None:
    """Hook the messengers into the notifications (idempotent)."""
    from sigap.notifications import observers, senders

    if plan_reporter_rows not in observers.REPORTER_CHANNEL_PLANNERS:
        observers.REPORTER_CHANNEL_PLANNERS.append(plan_reporter_rows)
    for kind in Messenger:
        senders.EXTRA_SENDERS[kind.value] = (enabled, send)
