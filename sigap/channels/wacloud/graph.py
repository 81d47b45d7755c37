"""Calls to Meta's Graph API for the Cloud API: fetch a media file, send a message."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from sigap.channels.messaging.client import ProviderError, call, download
from sigap.channels.messaging.inbound import Media

# Graph API error codes Sigap acts on (Meta's "WhatsApp error codes" page).
RATE_LIMITED = {4, 80007, 130429, 131048, 131056}
EXPIRED_TOKEN = 190
OUTSIDE_WINDOW = 131047


def _url(path: str) -> str:
    return f"{settings.SIGAP_WHATSAPP_CLOUD_API_BASE.rstrip('/')}/{path}"


def fetch_media(media: Media) -> bytes:
    """GET /<media-id> for a short-lived URL, then GET that URL with the same token."""
    token = settings.SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN
    info = call(_url(media.ref), token=token)
    url = info.get("url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ProviderError("the media answer has no URL")
    size = info.get("file_size")
    limit = settings.SIGAP_UPLOAD_MAX_BYTES
    if isinstance(size, int) and size > limit:
        raise ProviderError(f"{media.name} is larger than allowed ({size} bytes)")
    return download(url, token=token, limit=limit)


def send(phone_number_id: str, payload: dict[str, Any]) -> str:
    """POST /<phone-number-id>/messages; return the message id (wamid) Meta gives it."""
    answer = call(
        _url(f"{phone_number_id}/messages"),
        payload={"messaging_product": "whatsapp", "recipient_type": "individual", **payload},
        token=settings.SIGAP_WHATSAPP_CLOUD_ACCESS_TOKEN,
    )
    messages = answer.get("messages")
    if not isinstance(messages, list) or not messages or not isinstance(messages[0], dict):
        raise ProviderError("the answer names no message id")
    return str(messages[0].get("id", ""))[:200]
