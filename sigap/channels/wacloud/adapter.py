"""The WhatsApp Business Platform (Cloud API) webhook, as Meta documents it (docs/channels.md).

A POST carries {"object": "whatsapp_business_account", "entry": [{"id", "changes":
[{"field": "messages", "value": {"metadata": {"phone_number_id", …}, "contacts":
[{"wa_id", "profile": {"name"}}], "messages": [...], "statuses": [...]}}]}]},
signed with X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from sigap.channels.messaging.inbound import Inbound, Media, PayloadError, coordinate, text_of
from sigap.channels.text import without_nul

SIGNATURE_HEADER = "X-Hub-Signature-256"
MEDIA_TYPES = ("image", "document")


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    return bool(secret) and hmac.compare_digest(sign(secret, body), header.strip())


@dataclass(frozen=True)
class Message:
    phone_number_id: str
    inbound: Inbound
    raw: dict[str, Any]


@dataclass(frozen=True)
class Status:
    phone_number_id: str
    message_id: str
    status: str  # sent, delivered, read, failed
    recipient: str
    errors: str = ""


@dataclass
class Batch:
    messages: list[Message] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{what} must be an object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PayloadError(f"{what} must be a list")
    return value


def _str(value: Any, what: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not without_nul(value).strip():
        raise PayloadError(f"{what} is missing")
    return without_nul(value).strip()[:200]


def parse(body: bytes) -> Batch:
    try:
        data: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"the body is not JSON: {exc}") from exc
    data = _dict(data, "the body")
    if data.get("object") != "whatsapp_business_account":
        raise PayloadError("'object' is not whatsapp_business_account")
    batch = Batch()
    for entry in _list(data.get("entry"), "entry"):
        for change in _list(_dict(entry, "an entry").get("changes"), "changes"):
            change = _dict(change, "a change")
            if change.get("field") != "messages":
                continue  # account and template updates: not for Sigap
            value = _dict(change.get("value"), "value")
            number = _str(_dict(value.get("metadata"), "metadata").get("phone_number_id"), "phone_number_id")
            names = {}
            for contact in _list(value.get("contacts"), "contacts"):
                contact = _dict(contact, "a contact")
                profile: dict[str, Any] = contact["profile"] if isinstance(contact.get("profile"), dict) else {}
                names[str(contact.get("wa_id", ""))] = text_of(profile.get("name"), 200)
            for raw in _list(value.get("messages"), "messages"):
                batch.messages.append(Message(number, _message(_dict(raw, "a message"), names), raw))
            for raw in _list(value.get("statuses"), "statuses"):
                batch.statuses.append(_status(number, _dict(raw, "a status")))
    return batch


def _message(raw: dict[str, Any], names: dict[str, str]) -> Inbound:
    sender = _str(raw.get("from"), "'from'")
    if not sender.isdigit() or not 6 <= len(sender) <= 20:
        raise PayloadError("'from' is not a WhatsApp number")
    base: dict[str, Any] = {"message_id": _str(raw.get("id"), "the message id"), "address": sender}
    base["name"] = names.get(sender, "")
    kind = raw.get("type")
    if kind == "text":
        return Inbound(**base, text=text_of(_dict(raw.get("text"), "text").get("body")))
    if kind in MEDIA_TYPES:
        media = _dict(raw.get(kind), kind)
        return Inbound(
            **base,
            text=text_of(media.get("caption")),
            media=Media(
                ref=_str(media.get("id"), "the media id"),
                name=text_of(media.get("filename"), 200) or kind,
                mime=text_of(media.get("mime_type"), 100),
            ),
        )
    if kind == "location":
        place = _dict(raw.get("location"), "location")
        label = ", ".join(p for p in (text_of(place.get("name"), 200), text_of(place.get("address"), 300)) if p)
        return Inbound(
            **base,
            lat=coordinate(place.get("latitude"), -90, 90),
            lng=coordinate(place.get("longitude"), -180, 180),
            place=label,
        )
    if kind == "interactive":
        interactive = _dict(raw.get("interactive"), "interactive")
        reply_type = interactive.get("type")
        reply = _dict(interactive.get(reply_type) if isinstance(reply_type, str) else None, "the interactive reply")
        return Inbound(**base, button=_str(reply.get("id"), "the reply id"), text=text_of(reply.get("title"), 100))
    if kind == "button":  # a quick-reply button of a template message
        button = _dict(raw.get("button"), "button")
        return Inbound(
            **base, button=_str(button.get("payload"), "the button payload"), text=text_of(button.get("text"))
        )
    if isinstance(kind, str) and kind:
        return Inbound(**base, unsupported=kind[:30])
    raise PayloadError("the message has no type")


def _status(number: str, raw: dict[str, Any]) -> Status:
    errors = []
    for error in _list(raw.get("errors"), "errors"):
        if isinstance(error, dict):
            errors.append(f"{error.get('code', '')}: {text_of(error.get('title'), 200)}")
    return Status(
        phone_number_id=number,
        message_id=_str(raw.get("id"), "the status's message id"),
        status=_str(raw.get("status"), "the status"),
        recipient=text_of(raw.get("recipient_id"), 64),
        errors="; ".join(errors),
    )
