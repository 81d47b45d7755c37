"""Webhook bodies shaped as in the providers' documented examples."""

from __future__ import annotations

import io
import itertools
import json
from typing import Any

from PIL import Image

PHONE_NUMBER_ID = "106540352242922"
WA_ID = "6281234567890"
_ids = itertools.count(1)


def wa_envelope(
    *,
    messages: list[dict[str, Any]] = (),
    statuses: list[dict[str, Any]] = (),
    phone_number_id: str = PHONE_NUMBER_ID,
    name: str = "Sari",
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6285100000000", "phone_number_id": phone_number_id},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": name}, "wa_id": messages[0]["from"]}]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }


def wa_message(kind: str, content: dict[str, Any], *, sender: str = WA_ID, message_id: str = "") -> dict[str, Any]:
    return {
        "from": sender,
        "id": message_id or f"wamid.IN{next(_ids)}",
        "timestamp": "1781234567",
        "type": kind,
        kind: content,
    }


def wa_text(body: str, **kw: Any) -> dict[str, Any]:
    return wa_message("text", {"body": body}, **kw)


def wa_image(media_id: str, caption: str = "", **kw: Any) -> dict[str, Any]:
    content = {"mime_type": "image/jpeg", "sha256": "abc", "id": media_id}
    if caption:
        content["caption"] = caption
    return wa_message("image", content, **kw)


def wa_location(lat: float, lng: float, **kw: Any) -> dict[str, Any]:
    return wa_message(
        "location", {"latitude": lat, "longitude": lng, "name": "Jl. Veteran", "address": "Kota Contoh"}, **kw
    )


def wa_button(reply_id: str, title: str = "", **kw: Any) -> dict[str, Any]:
    return wa_message(
        "interactive", {"type": "button_reply", "button_reply": {"id": reply_id, "title": title or reply_id}}, **kw
    )


def wa_list(reply_id: str, title: str = "", **kw: Any) -> dict[str, Any]:
    return wa_message(
        "interactive", {"type": "list_reply", "list_reply": {"id": reply_id, "title": title or reply_id}}, **kw
    )


def wa_status(message_id: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"id": message_id, "status": status, "timestamp": "1781234600", "recipient_id": WA_ID, **extra}


def jpeg_with_gps() -> bytes:
    """A small JPEG carrying EXIF (a GPS block), which the upload checks must strip."""
    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (7.0, 38.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def tg_update(update_id: int, **content: Any) -> dict[str, Any]:
    return {"update_id": update_id, **content}


def tg_message(message_id: int, chat_id: int = 777001, **content: Any) -> dict[str, Any]:
    return {
        "message": {
            "message_id": message_id,
            "date": 1781234567,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Rina", "language_code": "id"},
            "chat": {"id": chat_id, "type": "private", "first_name": "Rina"},
            **content,
        }
    }


def tg_callback(query_id: str, data: str, chat_id: int = 777001) -> dict[str, Any]:
    return {
        "callback_query": {
            "id": query_id,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Rina"},
            "message": {"message_id": 5, "date": 1781234567, "chat": {"id": chat_id, "type": "private"}},
            "chat_instance": "1",
            "data": data,
        }
    }


def dumps(data: Any) -> bytes:
    return json.dumps(data).encode()
