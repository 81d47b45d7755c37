"""E-mail to staff (invitations, access resets), sent from the job worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task

OUTBOX = settings.VAR_DIR / "outbox"


def _connection() -> BaseEmailBackend:
    """Return the configured mail connection, or the outbox folder when no mail server is set.

    The demo has no EMAIL_HOST: messages land in var/outbox/ as files
    instead of failing against a mail server that is not there.
    """
    if not settings.SIGAP_SEND_EMAIL and settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(OUTBOX))
    return get_connection()


@task()
def send_staff_email(*, to: str, subject: str, body: str) -> int:
    """Send one plain-text message; the job worker retries nothing, failures are logged by huey."""
    message = EmailMessage(subject=subject, body=body, to=[to], connection=_connection())
    return message.send()


def enqueue_staff_email(*, to: str, subject: str, body: str) -> None:
    """Queue the message; with TASKS' enqueue_on_commit it leaves only if the transaction commits."""
    send_staff_email.enqueue(to=to, subject=str(subject), body=body)
