"""Commands other apps add to the messaging conversation, so channels never imports them.

An app registers a command in its `AppConfig.ready`. The conversation asks each command in turn
before its own rules; the first that answers decides the reply. Alerts uses this for "YA" (start
the alerts waiting for confirmation), its confirmation button and "BERHENTI PERINGATAN".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sigap.channels.models import MessagingContact


@dataclass(frozen=True)
class Answer:
    """What the conversation replies, and the outcome recorded on the inbound message."""

    text: str
    outcome: str
    result: dict[str, object] = field(default_factory=dict)


# (contact, text, button payload or "") -> an answer, or None when the message is not this command's.
Command = Callable[[MessagingContact, str, str], Answer | None]

COMMANDS: list[Command] = []


def command_register(command: Command) -> None:
    # Idempotent: `ready` may run more than once in one process.
    if command not in COMMANDS:
        COMMANDS.append(command)


def command_answer(contact: MessagingContact, text: str, button: str) -> Answer | None:
    for command in COMMANDS:
        answer = command(contact, text, button)
        if answer is not None:
            return answer
    return None
