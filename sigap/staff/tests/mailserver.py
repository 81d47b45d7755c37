"""Reading the e-mail the staff tests receive (through sigap.notifications.tests.servers.smtp_sending)."""

from __future__ import annotations

from email.message import EmailMessage


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()
