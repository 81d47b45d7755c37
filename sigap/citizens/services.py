"""Writes on the citizen's side: the receipt e-mail and claiming a complaint for an account."""

from __future__ import annotations

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
from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.recipients import reporter_email
from sigap.notifications.senders import message_id
from sigap.notifications.services import (
    dedupe_key,
    enqueue,
    lease,
    notification_first_attempt,
    notifications_create,
)


def _receipt_text(complaint: Complaint, secret: str | None) -> tuple[str, str]:
    with translation.override(complaint.language or settings.LANGUAGE_CODE):
        text = render_to_string("citizens/mail/receipt.txt", receipt_context(complaint, secret)).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def receipt_mail_send(*, complaint: Complaint, secret: str) -> None:
    """E-mail the receipt to the reporter, if they gave an address; call it in the filing's transaction.

    The outbox row is written in that transaction, so a crash right after the commit cannot lose
    the receipt. It holds the text without the secret (staff can read the outbox). Once committed,
    a first attempt goes straight to the mail server with the secret and the PDF; if that fails or
    never runs, the worker delivers the row: the reporter always gets the receipt.
    """
    recipient = reporter_email(complaint)
    if recipient is None:
        return
    subject, body = _receipt_text(complaint, None)
    now = timezone.now()
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
        # Held back while the first attempt (with the secret) runs; the re-drive sends it if that never happens.
        next_attempt_at=now + lease() if settings.SIGAP_SEND_EMAIL else now,
    )
    ids = notifications_create([row], now=now)
    if not ids:
        return
    if not settings.SIGAP_SEND_EMAIL:
        enqueue(ids)  # the worker keeps a copy in the outbox
        return
    send = partial(_receipt_send, complaint_id=complaint.pk, secret=secret)
    transaction.on_commit(partial(notification_first_attempt, notification_id=ids[0], send=send))


def _receipt_send(row: Notification, *, complaint_id: int, secret: str) -> None:
    complaint = Complaint.objects.select_related("jurisdiction", "category", "reporter_user").get(pk=complaint_id)
    subject, body = _receipt_text(complaint, secret)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.recipient],
        # The outbox row's Message-ID: its own resend, if this attempt fails, carries the same.
        headers={
            "Message-ID": message_id(row),
            "Auto-Submitted": "auto-generated",
            "X-Sigap-Case": complaint.tracking_code,
        },
        connection=get_connection(fail_silently=False),
    )
    message.attach(f"tanda-terima-{complaint.tracking_code}.pdf", receipt_pdf(complaint, secret), "application/pdf")
    if message.send() != 1:
        raise RuntimeError("the mail server accepted no recipient")


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
