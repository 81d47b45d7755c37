"""SMS and WhatsApp gateways: the inbound payload and the commands a sender can give.

The gateway POSTs JSON (docs/channels.md):
    {"id": "<gateway's message id>", "from": "+6281234567890", "text": "...",
     "name": "<profile name, optional>", "language": "id"|"en" (optional)}
signed like Sigap's own webhooks: X-Sigap-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">
with the gateway's shared secret.

Commands (case-insensitive, Indonesian and English):
    LAPOR <text> / REPORT <text>   file a complaint (any other text of 10+ characters does too)
    STATUS <code> / CEK <code>     the status of a complaint filed from this number
anything else gets the help text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sigap.channels.text import without_nul
from sigap.complaints.phones import normalise_phone

MIN_TEXT = 10
STATUS_RE = re.compile(r"^\s*(status|cek|check)\b[\s:#-]*(?P<code>[0-9A-Za-z -]*)$", re.I | re.S)
REPORT_RE = re.compile(r"^\s*(lapor|report|adu(an)?)\b[\s:#-]*(?P<text>.*)$", re.I | re.S)


class PayloadError(ValueError):
    """The payload is not what the gateway contract says; the message names the problem."""


@dataclass(frozen=True)
class InboundText:
    message_id: str
    sender: str  # normalised phone number, e.g. 6281234567890
    text: str
    name: str = ""
    language: str = "id"


@dataclass(frozen=True)
class Command:
    kind: str  # "report", "status" or "help"
    argument: str = ""


def parse(body: bytes) -> InboundText:
    try:
        data: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"the body is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PayloadError("the body must be a JSON object")
    missing = [key for key in ("id", "from", "text") if not isinstance(data.get(key), str)]
    if missing:
        raise PayloadError(f"missing or not text: {', '.join(missing)}")
    sender = normalise_phone(data["from"])
    if not 8 <= len(sender) <= 15:
        raise PayloadError("'from' is not a phone number")
    name = data.get("name")
    language = data.get("language")
    return InboundText(
        message_id=without_nul(data["id"])[:200],
        sender=sender,
        text=without_nul(data["text"]).strip()[:4000],
        name=without_nul(name).strip()[:200] if isinstance(name, str) else "",
        language="en" if language == "en" else "id",
    )


def command(text: str) -> Command:
    status = STATUS_RE.match(text)
    if status:
        return Command("status", status.group("code").strip())
    report = REPORT_RE.match(text)
    if report:
        body = report.group("text").strip()
        return Command("report", body) if len(body) >= MIN_TEXT else Command("help")
    if len(text.strip()) >= MIN_TEXT:
        return Command("report", text.strip())
    return Command("help")
