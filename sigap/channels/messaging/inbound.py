"""What a person sent, in one form whichever messenger carried it."""

from __future__ import annotations

from dataclasses import dataclass

from sigap.channels.text import without_nul


class PayloadError(ValueError):
    """The body is not what the provider's contract says; the message names the problem."""


@dataclass(frozen=True)
class Media:
    ref: str  # WhatsApp media id or Telegram file_id
    name: str = ""
    mime: str = ""
    size: int = 0


@dataclass(frozen=True)
class Inbound:
    message_id: str
    address: str  # WhatsApp wa_id, Telegram chat id
    name: str = ""
    language: str = "id"
    text: str = ""
    media: Media | None = None
    lat: float | None = None
    lng: float | None = None
    place: str = ""
    button: str = ""  # the id of a pressed reply button / list row / inline button
    unsupported: str = ""  # a message type Sigap does not take (audio, sticker, …)


def coordinate(value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PayloadError("a location needs numeric latitude and longitude")
    try:
        number = float(value)
    except ValueError as exc:
        raise PayloadError("a location needs numeric latitude and longitude") from exc
    if not low <= number <= high:
        raise PayloadError("a location is out of range")
    return number


def text_of(value: object, limit: int = 4000) -> str:
    return without_nul(value).strip()[:limit] if isinstance(value, str) else ""
