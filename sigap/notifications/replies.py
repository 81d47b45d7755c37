"""Reply addresses that thread a reporter's e-mail reply onto their case.

A reporter's notification says "reply to pengaduan+<token>@<domain>". The
token is the tracking code and a short HMAC of it, so only someone who got
the e-mail can add to the case through it (the portal asks for the secret).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

from sigap.complaints.codes import normalise_code
from sigap.notifications.models import Channel, Kind, Notification

REPORTER_KINDS = frozenset(
    {Kind.ACKNOWLEDGEMENT, Kind.STATUS_CHANGED, Kind.INFO_REQUESTED, Kind.ANSWERED, Kind.CLOSED, Kind.STAFF_MESSAGE}
)
TOKEN_RE = re.compile(r"\+([0-9A-Za-z]{12})\.([0-9a-f]{12})@", re.I)


def _mac(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"reply:{code}".encode(), hashlib.sha256).hexdigest()[:12]


def reply_token(tracking_code: str) -> str:
    plain = tracking_code.replace("-", "")
    return f"{plain}.{_mac(plain)}"


def reply_address(notification: Notification) -> str:
    """The Reply-To for a reporter's e-mail, or "" when there is no inbound mailbox."""
    if notification.channel != Channel.EMAIL or notification.kind not in REPORTER_KINDS:
        return ""
    complaint = notification.complaint
    mailbox = settings.SIGAP_INBOUND_EMAIL or (complaint.jurisdiction.complaint_email if complaint else "")
    if not mailbox or complaint is None or "@" not in mailbox:
        return ""
    local, domain = mailbox.split("@", 1)
    return f"{local}+{reply_token(complaint.tracking_code)}@{domain}"


def code_from_address(address: str) -> str | None:
    """Return the tracking code a reply address carries, if its token is genuine."""
    match = TOKEN_RE.search(address)
    if not match:
        return None
    plain, mac = match.group(1).upper(), match.group(2).lower()
    if not hmac.compare_digest(_mac(plain), mac):
        return None
    return normalise_code(plain)
