"""Writes on the citizen's side: the receipt e-mail and claiming a complaint for an account."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.citizens.receipt import receipt_context, receipt_pdf
from sigap.complaints.models import Complaint, ComplaintEvent
from sigap.notifications.models import Channel, Kind, Notification, State
from sigap.notifications.recipients import reporter_email
from sigap.notifications.senders import message_id
from sigap.notifications.services import dedupe_key, enqueue, notifications_create

logger = logging.getLogger(__name__)


def _receipt_text(complaint: Complaint, secret: str | None) -> tuple[str, str]:
    with translation.override(complaint.language or settings.LANGUAGE_CODE):
        text = render_to_string("citizens/mail/receipt.txt", receipt_context(complaint, secret)).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def receipt_mail_send(*, complaint: Complaint, secret: str) -> None:
    """E-mail the receipt to the reporter, if they gave an address.

    The first attempt goes straight to the mail server with the secret and the
    PDF. The outbox keeps a copy without the secret (staff can read the outbox),
    which it delivers itself if that first attempt failed: the reporter always
    gets the receipt, and the secret is never stored in the clear.
    """
    if reporter_email(complaint) is not None:
        transaction.on_commit(partial(_receipt_mail, complaint.pk, secret))


def _receipt_mail(complaint_id: int, secret: str) -> None:
    complaint = Complaint.objects.select_related("jurisdiction", "category", "reporter_user").get(pk=complaint_id)
    recipient = reporter_email(complaint)
    if recipient is None:
        return
    subject, body = _receipt_text(complaint, None)
    row = Notification(
        dedupe_key=dedupe_key(Kind.RECEIPT, complaint.pk),
        kind=Kind.RECEIPT,
        channel=Channel.EMAIL,
        recipient=recipient.address,
        language=recipient.language,
        jurisdiction_id=complaint.jurisdiction_id,
        complaint=complaint,
        subject=subject[:300],
        body=body,
    )
    sent = False
    if settings.SIGAP_SEND_EMAIL:
        try:
            full_subject, full_body = _receipt_text(complaint, secret)
            message = EmailMessage(
                subject=full_subject,
                body=full_body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.address],
                # The outbox row's Message-ID: its own resend, if this attempt fails, carries the same.
                headers={
                    "Message-ID": message_id(row),
                    "Auto-Submitted": "auto-generated",
                    "X-Sigap-Case": complaint.tracking_code,
                },
                connection=get_connection(fail_silently=False),
            )
            message.attach(
                f"tanda-terima-{complaint.tracking_code}.pdf", receipt_pdf(complaint, secret), "application/pdf"
            )
            sent = message.send() == 1
        except Exception as exc:  # the outbox takes over
            logger.warning("receipt for %s not sent at once: %s", complaint.tracking_code, exc)
    now = timezone.now()
    row.state = State.SENT if sent else State.PENDING
    row.sent_at = now if sent else None
    row.attempts = 1 if sent else 0
    enqueue(notifications_create([row], now=now))


@transaction.atomic
def complaint_claim(*, complaint: Complaint, user: User) -> Complaint:
    """Attach a complaint filed without an account to `user` (who proved its code and secret)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.is_anonymous:
        raise ValidationError(_("An anonymous complaint keeps no identity, so it cannot be added to an account."))
    if complaint.reporter_user_id not in (None, user.pk):
        raise ValidationError(_("This complaint already belongs to another account."))
    if complaint.reporter_user_id == user.pk:
        return complaint
    now = timezone.now()
    Complaint.objects.filter(pk=complaint.pk).update(reporter_user=user, updated_at=now)
    ComplaintEvent.objects.create(
        complaint=complaint,
        at=now,
        kind=ComplaintEvent.Kind.EDIT,
        actor=user,
        actor_role="reporter",
        body="",
        is_public=False,
        data={"reporter_user": [None, user.pk], "claimed": True},
    )
    complaint.refresh_from_db()
    return complaint


def citizen_preferences_update(*, user: User, language: str, actor: User) -> User:
    """Set the language of the account's e-mail, its alerts included."""
    from sigap.alerts.models import Subscription

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose a language from the list.")]})
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        Subscription.objects.filter(user=user).update(language=language)
    user.preferred_language = language
    return user
