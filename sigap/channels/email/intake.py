"""Turn a stored e-mail into a complaint, a reply on its case, or nothing (automatic mail)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.channels.email.adapter import ParsedEmail, new_text, parse
from sigap.channels.models import InboundMessage
from sigap.channels.services import inbound_finish
from sigap.complaints.models import Channel, Complaint
from sigap.complaints.services import (
    ReporterDetails,
    Submission,
    TransitionError,
    complaint_reply,
    complaint_submit,
    complaint_transition,
)
from sigap.complaints.uploads import CleanFile, clean_upload
from sigap.complaints.workflow import Action, Actor, Status
from sigap.notifications.models import Notification
from sigap.notifications.replies import REPORTER_KINDS
from sigap.organisations.models import Jurisdiction

State = InboundMessage.State


def jurisdiction_for(mail: ParsedEmail) -> Jurisdiction | None:
    """The government whose complaint address the mail was sent to, else the configured default."""
    plain = [
        address.split("+", 1)[0] + "@" + address.split("@", 1)[1] if "+" in address else address
        for address in mail.recipients
    ]
    found = Jurisdiction.objects.filter(complaint_email__in=plain, is_active=True).first()
    if found is None and settings.SIGAP_INTAKE_JURISDICTION:
        found = Jurisdiction.objects.filter(slug=settings.SIGAP_INTAKE_JURISDICTION, is_active=True).first()
    return found


def threaded_case(mail: ParsedEmail) -> Complaint | None:
    """The case a reply belongs to: a signed reply address, or the Message-ID of one of our e-mails to the reporter."""
    if mail.reply_code:
        return Complaint.objects.filter(tracking_code=mail.reply_code).first()
    for local_part in mail.references:
        notification = (
            Notification.objects.filter(uuid=local_part, kind__in=REPORTER_KINDS, recipient__iexact=mail.sender_email)
            .select_related("complaint")
            .first()
            if _is_uuid(local_part)
            else None
        )
        if notification is not None and notification.complaint is not None:
            return notification.complaint
    return None


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def clean_attachments(mail: ParsedEmail) -> tuple[list[CleanFile], list[str]]:
    """Check each attachment as a portal upload; return the clean ones and why others were refused."""
    clean, refused = [], []
    for attachment in mail.attachments[: settings.SIGAP_UPLOAD_MAX_FILES]:
        try:
            clean.append(clean_upload(SimpleUploadedFile(attachment.name, attachment.content)))
        except ValidationError as exc:
            refused.extend(exc.messages)
    if len(mail.attachments) > settings.SIGAP_UPLOAD_MAX_FILES:
        refused.append(f"{len(mail.attachments) - settings.SIGAP_UPLOAD_MAX_FILES} attachment(s) over the limit")
    return clean, refused


def handle(message: InboundMessage) -> InboundMessage:
    try:
        mail = parse(bytes(message.raw))
    except (ValueError, TypeError) as exc:
        return inbound_finish(message, state=State.FAILED, error=f"unreadable e-mail: {exc}")
    if mail.automatic:
        return inbound_finish(message, state=State.IGNORED, error=mail.automatic)
    files, refused = clean_attachments(mail)
    notes = "; ".join(refused)
    case = threaded_case(mail)
    if case is not None:
        return _thread(message, case, mail, files, notes)
    jurisdiction = jurisdiction_for(mail)
    if jurisdiction is None:
        return inbound_finish(message, state=State.FAILED, error="no jurisdiction receives mail at this address")
    message.jurisdiction = jurisdiction
    message.save(update_fields=["jurisdiction"])
    try:
        complaint, _secret = complaint_submit(
            submission=Submission(
                jurisdiction=jurisdiction,
                title=mail.subject or mail.text[:80],
                description=mail.text,
                channel=Channel.EMAIL,
                reporter=ReporterDetails(name=mail.sender_name or mail.sender_email, email=mail.sender_email),
            ),
            files=files,
        )
    except ValidationError as exc:
        return inbound_finish(message, state=State.FAILED, error=" ".join(exc.messages))
    return inbound_finish(message, state=State.FILED, complaint_id=complaint.pk, error=notes)


def _thread(
    message: InboundMessage, case: Complaint, mail: ParsedEmail, files: list[CleanFile], notes: str
) -> InboundMessage:
    message.jurisdiction_id = case.jurisdiction_id
    message.save(update_fields=["jurisdiction"])
    text = new_text(mail.text) or mail.text or mail.subject
    try:
        if case.status == Status.INCOMPLETE:
            # The reporter answers the request to complete: that is the supplement.
            complaint_transition(
                complaint=case, action=Action.SUPPLEMENT, actor=None, acting_as=Actor.REPORTER, text=text, files=files
            )
        else:
            complaint_reply(complaint=case, actor=None, acting_as="reporter", body=text, files=files)
    except (TransitionError, ValidationError) as exc:
        error = str(exc) if isinstance(exc, TransitionError) else " ".join(exc.messages)
        return inbound_finish(message, state=State.FAILED, error=error, complaint_id=case.pk)
    return inbound_finish(message, state=State.THREADED, complaint_id=case.pk, error=notes)
