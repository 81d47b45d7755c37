"""E-mail intake from an IMAP mailbox, over a real socket with imaplib.

The server below speaks the handful of IMAP4rev1 commands a fetch uses
(CAPABILITY, LOGIN, SELECT, UID SEARCH/FETCH/STORE, LOGOUT) and keeps the
\\Seen flags, so the test checks what the mailbox looks like afterwards.
"""

from __future__ import annotations

import re
import socketserver
import threading
from email.message import EmailMessage

from django.test import override_settings

from sigap.channels.email.sources import fetch_imap
from sigap.channels.models import InboundMessage
from sigap.test import BaseTestCase


class Mailbox:
    def __init__(self, messages: list[bytes]):
        self.messages = {uid: raw for uid, raw in enumerate(messages, start=1)}
        self.seen: set[int] = set()
        self.logins: list[tuple[str, str]] = []


def imap_server(box: Mailbox) -> socketserver.ThreadingTCPServer:
    class Handler(socketserver.StreamRequestHandler):
        def send(self, text: str | bytes) -> None:
            self.wfile.write(text if isinstance(text, bytes) else text.encode())

        def handle(self) -> None:
            self.send("* OK IMAP4rev1 test server ready\r\n")
            while line := self.rfile.readline().decode().strip():
                tag, _, rest = line.partition(" ")
                command = rest.upper()
                if command.startswith("CAPABILITY"):
                    self.send(f"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK CAPABILITY completed\r\n")
                elif command.startswith("LOGIN"):
                    user, password = re.findall(r'"?([^" ]+)"?', rest[6:])[:2]
                    box.logins.append((user, password))
                    self.send(f"{tag} OK LOGIN completed\r\n")
                elif command.startswith("SELECT"):
                    self.send(
                        f"* {len(box.messages)} EXISTS\r\n* 0 RECENT\r\n{tag} OK [READ-WRITE] SELECT completed\r\n"
                    )
                elif command.startswith("UID SEARCH"):
                    unseen = " ".join(str(uid) for uid in box.messages if uid not in box.seen)
                    self.send(f"* SEARCH {unseen}\r\n{tag} OK SEARCH completed\r\n")
                elif command.startswith("UID FETCH"):
                    uid = int(rest.split()[2])
                    raw = box.messages[uid]
                    self.send(f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}\r\n".encode() + raw + b")\r\n")
                    self.send(f"{tag} OK FETCH completed\r\n")
                elif command.startswith("UID STORE"):
                    uid = int(rest.split()[2])
                    box.seen.add(uid)
                    self.send(f"* {uid} FETCH (UID {uid} FLAGS (\\Seen))\r\n{tag} OK STORE completed\r\n")
                elif command.startswith("LOGOUT"):
                    self.send(f"* BYE logging out\r\n{tag} OK LOGOUT completed\r\n")
                    return
                else:
                    self.send(f"{tag} BAD unknown command\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def mail(subject: str, body: str, message_id: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Dewi <dewi@example.id>"
    message["To"] = "pengaduan@contoh.go.id"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    return message.as_bytes()


class ImapTest(BaseTestCase):
    def test_unseen_messages_are_filed_then_flagged_seen_and_not_fetched_again(self):
        self.city.complaint_email = "pengaduan@contoh.go.id"
        self.city.save()
        box = Mailbox(
            [
                mail("Sampah menumpuk", "Sampah di Pasar Kebonagung belum diangkut seminggu.", "<a@example.id>"),
                mail("Auto: cuti", "Saya sedang cuti.", "<b@example.id>"),
            ]
        )
        box.messages[2] = b"Auto-Submitted: auto-replied\r\n" + box.messages[2]
        server = imap_server(box)
        self.addCleanup(server.shutdown)
        port = server.server_address[1]
        with override_settings(SIGAP_IMAP_HOST="127.0.0.1", SIGAP_IMAP_PORT=port, SIGAP_IMAP_SSL=False,
                               SIGAP_IMAP_USER="pengaduan", SIGAP_IMAP_PASSWORD="sandi"):  # fmt: skip
            first = fetch_imap()
            again = fetch_imap()
        self.assertEqual([m.state for m in first], [InboundMessage.State.FILED, InboundMessage.State.IGNORED])
        self.assertEqual(first[0].complaint.reporter.email, "dewi@example.id")
        self.assertEqual(box.seen, {1, 2})
        self.assertEqual(again, [])
        self.assertEqual(box.logins[0], ("pengaduan", "sandi"))
