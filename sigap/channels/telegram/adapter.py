"""Telegram Bot API updates, as the Bot API documents them (docs/channels.md).

Telegram POSTs one `Update` per request to the URL given to setWebhook, with
the `secret_token` given there in X-Telegram-Bot-Api-Secret-Token. Sigap takes
`message` (text, photo, document, location, /start, /status <code>) and
`callback_query` (an inline button pressed); other update kinds are ignored.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from typing import Any

from sigap.channels.messaging.inbound import Inbound, Media, PayloadError, coordinate, text_of

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret


def verify(expected: str, header: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), header.encode())


@dataclass(frozen=True)
class Update:
    update_id: int
    inbound: Inbound | None  # None: an update kind Sigap does not take
    callback_id: str = ""


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{what} must be an object")
    return value


def _id(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PayloadError(f"{what} must be an integer")
    return value


def parse(body: bytes) -> Update:
    try:
        data: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"the body is not JSON: {exc}") from exc
    data = _dict(data, "the update")
    update_id = _id(data.get("update_id"), "update_id")
    if "callback_query" in data:
        query = _dict(data["callback_query"], "callback_query")
        message = _dict(query.get("message"), "the callback's message")
        person = _dict(query.get("from"), "the callback's sender")
        return Update(
            update_id,
            Inbound(
                message_id=f"cb:{text_of(query.get('id'), 100)}",
                address=str(_id(_dict(message.get("chat"), "chat").get("id"), "chat id")),
                name=_name(person),
                language=_language(person),
                button=text_of(query.get("data"), 64) or "-",
            ),
            callback_id=text_of(query.get("id"), 100),
        )
    if "message" not in data:
        return Update(update_id, None)
    message = _dict(data["message"], "message")
    sender: dict[str, Any] = message["from"] if isinstance(message.get("from"), dict) else {}
    base: dict[str, Any] = {
        "message_id": str(_id(message.get("message_id"), "message_id")),
        "address": str(_id(_dict(message.get("chat"), "chat").get("id"), "chat id")),
        "name": _name(sender),
        "language": _language(sender),
    }
    caption = text_of(message.get("caption"))
    if "text" in message:
        return Update(update_id, Inbound(**base, text=text_of(message.get("text"))))
    if "photo" in message:
        sizes = [_dict(size, "a photo size") for size in message["photo"]] if isinstance(message["photo"], list) else []
        if not sizes:
            raise PayloadError("a photo has no sizes")
        # The sizes come smallest first; take the largest.
        largest = max(sizes, key=lambda s: s.get("file_size") or 0 if isinstance(s.get("file_size"), int) else 0)
        file_id = text_of(largest.get("file_id"), 300)
        if not file_id:
            raise PayloadError("a photo has no file_id")
        return Update(update_id, Inbound(**base, text=caption, media=Media(ref=file_id, name="photo.jpg")))
    if "document" in message:
        document = _dict(message["document"], "document")
        file_id = text_of(document.get("file_id"), 300)
        if not file_id:
            raise PayloadError("a document has no file_id")
        media = Media(
            ref=file_id,
            name=text_of(document.get("file_name"), 200) or "document",
            mime=text_of(document.get("mime_type"), 100),
            size=document["file_size"] if isinstance(document.get("file_size"), int) else 0,
        )
        return Update(update_id, Inbound(**base, text=caption, media=media))
    if "location" in message:
        place = _dict(message["location"], "location")
        return Update(
            update_id,
            Inbound(
                **base,
                lat=coordinate(place.get("latitude"), -90, 90),
                lng=coordinate(place.get("longitude"), -180, 180),
            ),
        )
    kinds = [k for k in ("voice", "audio", "video", "sticker", "animation", "contact", "poll") if k in message]
    return Update(update_id, Inbound(**base, unsupported=kinds[0] if kinds else "other"))


def _name(person: dict[str, Any]) -> str:
    return " ".join(p for p in (text_of(person.get("first_name"), 100), text_of(person.get("last_name"), 100)) if p)


def _language(person: dict[str, Any]) -> str:
    return "en" if text_of(person.get("language_code"), 10).startswith("en") else "id"
