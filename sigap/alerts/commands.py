"""The alerts' WhatsApp commands: confirm waiting alerts ("YA" or the button) and stop them all."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from sigap.alerts.models import Subscription
from sigap.alerts.services import whatsapp_confirm, whatsapp_stop_alerts
from sigap.channels.messaging.commands import Answer
from sigap.channels.messaging.conversation import YES_RE
from sigap.channels.models import MessagingContact

STOP_ALERTS_RE = re.compile(r"^\s*(berhenti|stop)\s+(peringatan|alerts?)\s*[.!]*\s*$", re.I)


def alerts_command(contact: MessagingContact, text: str, button: str) -> Answer | None:
    name, _sep, rest = button.partition(":")
    if name == "alert" and rest.isdigit():
        return _confirmed(whatsapp_confirm(contact=contact, subscription_id=int(rest)))
    if button:
        return None
    if STOP_ALERTS_RE.match(text):
        stopped = whatsapp_stop_alerts(contact=contact)
        return Answer(
            _("You will receive no more alerts about public reports. Updates on your own complaints go on."),
            "alerts_stopped",
            {"alerts": stopped},
        )
    if YES_RE.match(text):
        started = whatsapp_confirm(contact=contact)
        # A "ya" with no alert waiting is not this command's: the conversation answers it as usual.
        return _confirmed(started) if started else None
    return None


def _confirmed(started: list[Subscription]) -> Answer:
    if not started:
        return Answer(_("There is no alert waiting for your confirmation."), "alert_unknown")
    return Answer(
        _("Your alerts are active. To stop them, send BERHENTI PERINGATAN."),
        "alert_confirmed",
        {"alerts": [s.pk for s in started]},
    )
