"""Read an e-mail: who sent it, its text and attachments, whether it is automatic, which case it answers.

Automatic mail is recognised so it never becomes a complaint: delivery status
notifications (RFC 3464, multipart/report; report-type=delivery-status),
messages marked Auto-Submitted (RFC 3834), the X-Autoreply/X-Autorespond
headers, Precedence: bulk/junk/list/auto_reply, and mail from the null sender
or a mailer daemon.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from django.utils.translation import gettext as _

from sigap.channels.text import without_nul
from sigap.notifications.replies import code_from_address

AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
DAEMONS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|bounces?)[@+]", re.I)
MESSAGE_ID = re.compile(r"<([^<>@\s]+)@([^<>\s]+)>")
# Lines a mail client adds above a quoted reply ("On … wrote:", "Pada … menulis:").
QUOTE_HEADER = re.compile(r"^(On .+ wrote:|Pada .+ menulis:|-----Original Message-----)\s*$", re.M)


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    sender_name: str
    sender_email: str
    recipients: list[str]
    subject: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    automatic: str = ""  # why the message is automatic, or "" for a person's mail
    reply_code: str | None = None  # tracking code from a signed reply address
    references: list[str] = field(default_factory=list)  # local parts of In-Reply-To/References ids


def parse(raw: bytes) -> ParsedEmail:
    """Parse raw RFC 5322 bytes; raises ValueError if there is no sender to answer."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    name, address = parseaddr(str(message.get("From", "")))
    if "@" not in address:
        raise ValueError(_("The message has no sender address."))
    recipients = [
        addr.lower()
        for _, addr in getaddresses([str(v) for h in ("To", "Cc", "Delivered-To") for v in message.get_all(h, [])])
    ]
    references = [
        m.group(1) for h in ("In-Reply-To", "References") for m in MESSAGE_ID.finditer(str(message.get(h, "")))
    ]
    reply_code = next((code for code in map(code_from_address, recipients) if code), None)
    return ParsedEmail(
        message_id=str(message.get("Message-ID", "")).strip(),
        sender_name=without_nul(name).strip(),
        sender_email=address.strip().lower(),
        recipients=recipients,
        subject=without_nul(str(message.get("Subject", ""))).strip(),
        text=without_nul(_text(message)),
        attachments=_attachments(message),
        automatic=automatic_reason(message, address),
        reply_code=reply_code,
        references=references,
    )


def automatic_reason(message: EmailMessage, sender: str) -> str:
    content_type = message.get_content_type()
    if content_type == "multipart/report":
        return f"delivery report ({message.get_param('report-type') or 'report'})"
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        if message.get(header) and header != "X-Auto-Response-Suppress":
            return f"{header} header"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    return_path = str(message.get("Return-Path", "")).strip()
    if return_path == "<>":
        return "null sender (Return-Path: <>)"
    if DAEMONS.match(sender):
        return f"sent by {sender}"
    return ""


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else str(payload)
    if part.get_content_type() == "text/html":
        content = re.sub(r"<[^>]+>", " ", content)
    return str(content).strip()


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload:
            found.append(Attachment(name=part.get_filename() or "lampiran", content=payload))
    return found


def new_text(text: str) -> str:
    """The part of a reply above the quoted earlier message."""
    match = QUOTE_HEADER.search(text)
    kept = text[: match.start()] if match else text
    lines = [line for line in kept.splitlines() if not line.startswith(">")]
    return "\n".join(lines).strip()
