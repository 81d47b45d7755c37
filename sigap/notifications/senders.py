"""Talk to the outside world: SMTP, webhook receivers and the SMS/WhatsApp gateways.

Each sender raises on any failure; the caller records it on the row and retries.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from sigap.notifications import replies, webhooks
from sigap.notifications.models import SECRET_KINDS, Channel, Notification, WebhookEndpoint

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
OUTBOX = settings.VAR_DIR / "outbox"


class DeliveryError(Exception):
    """The receiver refused or could not be reached; the message says how."""


# Channels whose senders live with their channel app (WhatsApp Cloud API, Telegram):
# channel -> (enabled, send), registered at start-up.
EXTRA_SENDERS: dict[str, tuple[Callable[[Notification], bool], Callable[[Notification], None]]] = {}


def enabled(notification: Notification) -> bool:
    """Whether this channel is switched on (SIGAP_SEND_EMAIL, gateway URLs)."""
    if notification.channel in EXTRA_SENDERS:
        return EXTRA_SENDERS[notification.channel][0](notification)
    if notification.channel == Channel.EMAIL:
        # Without a mail server the demo still needs its invitations: they go to var/outbox/.
        return bool(settings.SIGAP_SEND_EMAIL) or notification.kind in SECRET_KINDS
    if notification.channel in (Channel.SMS, Channel.WHATSAPP):
        return bool(gateway_url(notification.channel))
    return True


def keep_copy(notification: Notification) -> None:
    """E-mail switched off and no mail server chosen (the demo): write the message to var/outbox/ to read."""
    if notification.channel != Channel.EMAIL or settings.EMAIL_BACKEND != SMTP_BACKEND:
        return
    connection = get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(OUTBOX))
    EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        connection=connection,
    ).send()


def send(notification: Notification) -> None:
    if notification.channel in EXTRA_SENDERS:
        EXTRA_SENDERS[notification.channel][1](notification)
        return
    {
        Channel.EMAIL: send_email,
        Channel.WEBHOOK: send_webhook,
        Channel.SMS: send_gateway,
        Channel.WHATSAPP: send_gateway,
    }[Channel(notification.channel)](notification)


def message_id(notification: Notification) -> str:
    """A stable Message-ID: a resend of the same row carries the same id."""
    domain = settings.SIGAP_MAIL_DOMAIN
    return f"<{notification.uuid}@{domain}>"


def send_email(notification: Notification) -> None:
    headers = {
        "Message-ID": message_id(notification),
        # RFC 3834: automatic messages; well-behaved auto-responders will not answer them.
        "Auto-Submitted": "auto-generated",
    }
    reply_to = replies.reply_address(notification)
    if notification.context.get("unsubscribe_url"):
        # RFC 8058 one-click unsubscribe for alert mail.
        headers["List-Unsubscribe"] = f"<{notification.context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if notification.complaint_id:
        headers["X-Sigap-Case"] = notification.complaint.tracking_code if notification.complaint else ""
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
        connection=_mail_connection(),
    )
    if message.send() != 1:
        raise DeliveryError("the mail server accepted no recipient")


def _mail_connection() -> BaseEmailBackend:
    """The configured mail connection, or files in var/outbox/ when no mail server is set (the demo)."""
    if not settings.SIGAP_SEND_EMAIL and settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return get_connection(
            "django.core.mail.backends.filebased.EmailBackend", file_path=str(settings.VAR_DIR / "outbox")
        )
    return get_connection(fail_silently=False)


def _post(url: str, body: bytes, headers: dict[str, str]) -> None:
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - URL is configured by staff
    for name, value in {"Content-Type": "application/json", "User-Agent": "Sigap", **headers}.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=settings.SIGAP_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} from {url}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"cannot reach {url}: {exc}") from exc
    if not 200 <= status < 300:
        raise DeliveryError(f"HTTP {status} from {url}")


def send_webhook(notification: Notification) -> None:
    endpoint = WebhookEndpoint.objects.filter(pk=notification.context.get("endpoint")).first()
    if endpoint is None or not endpoint.is_active:
        raise DeliveryError("the webhook was removed or switched off")
    body = notification.body.encode()
    _post(
        endpoint.url,
        body,
        {
            webhooks.SIGNATURE_HEADER: webhooks.sign(endpoint.secret, body),
            webhooks.DELIVERY_HEADER: str(notification.uuid),
            webhooks.EVENT_HEADER: notification.subject,
        },
    )


def gateway_url(channel: str) -> str:
    return settings.SIGAP_SMS_OUTBOUND_URL if channel == Channel.SMS else settings.SIGAP_WHATSAPP_OUTBOUND_URL


def gateway_secret(channel: str) -> str:
    return settings.SIGAP_SMS_SECRET if channel == Channel.SMS else settings.SIGAP_WHATSAPP_SECRET


def send_gateway(notification: Notification) -> None:
    """POST {"id", "to", "text"} to the gateway's outbound hook, signed like our webhooks."""
    body = json.dumps(
        {"id": str(notification.uuid), "to": notification.recipient, "text": notification.body}, sort_keys=True
    ).encode()
    _post(
        gateway_url(notification.channel),
        body,
        {
            webhooks.SIGNATURE_HEADER: webhooks.sign(gateway_secret(notification.channel), body),
            webhooks.DELIVERY_HEADER: str(notification.uuid),
        },
    )
