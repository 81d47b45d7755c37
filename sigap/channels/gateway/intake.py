"""Act on a stored gateway message: file a complaint, answer a status question, or explain the commands."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from sigap.channels.gateway.adapter import InboundText, PayloadError, command, parse
from sigap.channels.models import InboundMessage
from sigap.channels.services import inbound_finish
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Channel as CaseChannel
from sigap.complaints.models import Complaint
from sigap.complaints.phones import normalise_phone
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Status
from sigap.notifications.models import Channel
from sigap.notifications.services import enqueue, notification_for_gateway

State = InboundMessage.State


def reply(message: InboundMessage, inbound: InboundText, text: str, complaint_id: int | None = None) -> None:
    enqueue(
        notification_for_gateway(
            channel=Channel(message.channel),
            phone=inbound.sender,
            text=text,
            key=f"reply:{message.pk}",
            jurisdiction_id=message.jurisdiction_id,
            complaint_id=complaint_id,
        )
    )


def help_text() -> str:
    return _(
        "To file a complaint send: LAPOR followed by what happened, where and when (at least 10 characters). "
        "To follow a complaint send: STATUS followed by its tracking code."
    )


def handle(message: InboundMessage) -> tuple[InboundMessage, dict[str, str], int]:
    """Process the message; return it, the JSON the webhook answers with, and the HTTP status."""
    try:
        inbound = parse(bytes(message.raw))
    except PayloadError as exc:
        inbound_finish(message, state=State.FAILED, error=str(exc))
        return message, {"status": "failed", "error": str(exc)}, 400
    with translation.override(inbound.language):
        order = command(inbound.text)
        if order.kind == "status":
            return _status(message, inbound, order.argument)
        if order.kind == "report":
            return _report(message, inbound, order.argument)
        reply(message, inbound, help_text())
        inbound_finish(message, state=State.ANSWERED, error="not a command")
        return message, {"status": "help", "reply": help_text()}, 200


def _status(message: InboundMessage, inbound: InboundText, raw_code: str) -> tuple[InboundMessage, dict[str, str], int]:
    code = normalise_code(raw_code)
    case = (
        Complaint.objects.filter(tracking_code=code, jurisdiction=message.jurisdiction, is_anonymous=False)
        .select_related("reporter")
        .first()
        if code
        else None
    )
    # Only the number that filed a complaint learns its status: a code alone reveals nothing.
    if case is None or normalise_phone(getattr(getattr(case, "reporter", None), "phone", "") or "") != inbound.sender:
        text = _("No complaint with this tracking code was filed from your number.")
        reply(message, inbound, text)
        inbound_finish(message, state=State.ANSWERED, error="unknown code for this sender")
        return message, {"status": "unknown", "reply": text}, 200
    text = _("Complaint %(code)s: %(status)s.") % {
        "code": case.tracking_code,
        "status": PUBLIC_STATUS_LABELS[Status(case.status)],
    }
    reply(message, inbound, text, complaint_id=case.pk)
    inbound_finish(message, state=State.ANSWERED, complaint_id=case.pk)
    return message, {"status": "answered", "reply": text}, 200


def _report(message: InboundMessage, inbound: InboundText, text: str) -> tuple[InboundMessage, dict[str, str], int]:
    assert message.jurisdiction is not None
    first_line = text.splitlines()[0]
    try:
        complaint, _secret = complaint_submit(
            submission=Submission(
                jurisdiction=message.jurisdiction,
                title=first_line[:80] + ("…" if len(first_line) > 80 else ""),
                description=text,
                channel=CaseChannel(message.channel),
                reporter=ReporterDetails(name=inbound.name or "+" + inbound.sender, phone="+" + inbound.sender),
                language=inbound.language,
            )
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
        reply(message, inbound, error)
        inbound_finish(message, state=State.FAILED, error=error)
        return message, {"status": "failed", "error": error}, 422
    # The acknowledgement with the tracking code goes out through the gateway (notifications observer).
    inbound_finish(message, state=State.FILED, complaint_id=complaint.pk)
    return message, {"status": "filed", "tracking_code": complaint.tracking_code}, 200
