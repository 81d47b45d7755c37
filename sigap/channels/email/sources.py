"""Where e-mail comes from: a local maildir, or an IMAP mailbox.

Each message is stored (InboundMessage) before it is marked seen at the
source, so a crash between the two only means it is fetched again, and the
stored copy's Message-ID makes the second fetch a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import imaplib
import mailbox
import re
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from pathlib import Path

from django.conf import settings

from sigap.channels.email import intake
from sigap.channels.models import InboundMessage
from sigap.channels.services import inbound_process, inbound_store


def _store_and_process(raw: bytes) -> InboundMessage:
    headers = BytesHeaderParser().parsebytes(raw)
    external_id = str(headers.get("Message-ID", "")).strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
    message, created = inbound_store(
        channel=InboundMessage.Channel.EMAIL,
        raw=raw,
        external_id=external_id,
        sender=str(headers.get("From", "")),
        content_type="message/rfc822",
    )
    if created or message.state == InboundMessage.State.RECEIVED:
        message = inbound_process(message, intake.handle)
    return message


def fetch_maildir(path: str | Path) -> list[InboundMessage]:
    """Process every new message of the maildir and move it to cur/ (seen)."""
    box = mailbox.Maildir(str(path), create=False)
    done = []
    for key in list(box.iterkeys()):
        if box.get_message(key).get_subdir() != "new":
            continue
        with box.get_file(key) as handle:
            raw = handle.read()
        done.append(_store_and_process(raw))
        msg = box.get_message(key)
        msg.set_subdir("cur")
        msg.add_flag("S")
        box[key] = msg
    return done


def _imap() -> imaplib.IMAP4:
    if settings.SIGAP_IMAP_SSL:
        return imaplib.IMAP4_SSL(settings.SIGAP_IMAP_HOST, settings.SIGAP_IMAP_PORT)
    return imaplib.IMAP4(settings.SIGAP_IMAP_HOST, settings.SIGAP_IMAP_PORT)


def _unseen(client: imaplib.IMAP4) -> Iterator[tuple[str, bytes]]:
    status, data = client.uid("SEARCH", "UNSEEN")
    if status != "OK":
        raise OSError(f"IMAP SEARCH failed: {data!r}")
    for uid in (data[0] or b"").decode().split():
        status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
        if status == "OK":
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            yield uid, raw


def fetch_imap() -> list[InboundMessage]:
    """Process the mailbox's unseen messages, then flag each one \\Seen."""
    client = _imap()
    done = []
    try:
        client.login(settings.SIGAP_IMAP_USER, settings.SIGAP_IMAP_PASSWORD)
        client.select(_quote(settings.SIGAP_IMAP_FOLDER))
        for uid, raw in _unseen(client):
            done.append(_store_and_process(raw))
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return done


def _quote(folder: str) -> str:
    return folder if re.fullmatch(r"[A-Za-z0-9_./-]+", folder) else '"' + folder.replace('"', '\\"') + '"'


def fetch_configured() -> list[InboundMessage]:
    """Fetch from whichever source the settings name (maildir first)."""
    if settings.SIGAP_INBOUND_MAILDIR:
        return fetch_maildir(settings.SIGAP_INBOUND_MAILDIR)
    if settings.SIGAP_IMAP_HOST:
        return fetch_imap()
    return []
