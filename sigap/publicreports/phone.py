"""Support a public report with a verified phone number: a one-time code through the SMS/WhatsApp gateway.

The code goes out through the notification outbox like every other message
(the SMS gateway when it is switched on, else the WhatsApp gateway), and the
outbox row's text is wiped once sent. Only keyed hashes are stored: of the
number (so one number supports a report once) and of the code. A code expires
after CODE_MINUTES and allows MAX_ATTEMPTS tries; codes are rate-limited per
number and per client address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from sigap.complaints.phones import normalise_phone
from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.services import dedupe_key, enqueue, notifications_create
from sigap.publicreports.models import PhoneVerification, PublicReport, Support
from sigap.publicreports.services import count_support
from sigap.web.ratelimit import hit

CODE_DIGITS = 6
CODE_MINUTES = 10
MAX_ATTEMPTS = 5
CODES_PER_PHONE_PER_HOUR = 3
CODES_PER_ADDRESS_PER_HOUR = 10
CHECKS_PER_ADDRESS_PER_HOUR = 30


def phone_channel() -> Channel | None:
    """The gateway a code can go out through: SMS when it is on, else WhatsApp; None when neither is."""
    if settings.SIGAP_USE_SMS and settings.SIGAP_SMS_OUTBOUND_URL:
        return Channel.SMS
    if settings.SIGAP_USE_WHATSAPP and settings.SIGAP_WHATSAPP_OUTBOUND_URL:
        return Channel.WHATSAPP
    return None


def phone_number(raw: str) -> str:
    """The number as the gateways write it (62…), or a ValidationError."""
    number = normalise_phone(raw)
    if not 9 <= len(number) <= 15:
        raise ValidationError({"phone": [_("This is not a phone number.")]})
    return number


def phone_hash(number: str) -> str:
    return salted_hmac("sigap.publicreports.phone", number, algorithm="sha256").hexdigest()


def _code_hash(token: str, code: str) -> str:
    return salted_hmac("sigap.publicreports.phone.code", f"{token}:{code}", algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class Refused:
    """A request over a rate limit: say when to come back."""

    retry_after: int


def phone_code_send(
    *, report: PublicReport, phone: str, client: str, same_problem: bool = False, language: str = "id"
) -> PhoneVerification | Refused:
    """Send a one-time code to `phone` to support `report`; the verification, or Refused when rate-limited."""
    channel = phone_channel()
    if channel is None:
        raise ValidationError(_("Supporting with a phone number is not available here."))
    if not report.is_published:
        raise ValidationError(_("This report is not public."))
    number = phone_number(phone)
    hashed = phone_hash(number)
    for scope, key, limit in (
        ("phone_code_address", client, CODES_PER_ADDRESS_PER_HOUR),
        ("phone_code", hashed, CODES_PER_PHONE_PER_HOUR),
    ):
        verdict = hit(scope, key, limit=limit, window=3600)
        if not verdict.allowed:
            return Refused(verdict.retry_after)
    now = timezone.now()
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        verification = PhoneVerification.objects.create(
            report=report,
            token=token,
            phone_hash=hashed,
            code_hash=_code_hash(token, code),
            same_problem=same_problem,
            created_at=now,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        text = _(
            "Sigap: your code to support report %(report)s is %(code)s. It is valid for %(minutes)d minutes. "
            "Never give this code to anyone."
        ) % {"report": report.complaint.tracking_code, "code": code, "minutes": CODE_MINUTES}
        enqueue(
            notifications_create(
                [
                    Notification(
                        dedupe_key=dedupe_key("phone_code", verification.pk),
                        kind=Kind.PHONE_CODE,
                        channel=channel,
                        recipient=number,
                        jurisdiction_id=report.jurisdiction_id,
                        language=language,
                        subject=str(Kind.PHONE_CODE.label)[:300],
                        body=text,
                    )
                ]
            )
        )
    return verification


def phone_code_check(*, token: str, code: str, client: str) -> tuple[PhoneVerification | None, str]:
    """Check a typed code; (verification, outcome).

    Outcomes: "counted" (the support is added), "already" (this number already
    supports the report), "wrong", "expired" (too late or too many attempts),
    "limited" (this address checked too many codes), "unknown".
    """
    if not hit("phone_code_check", client, limit=CHECKS_PER_ADDRESS_PER_HOUR, window=3600).allowed:
        return None, "limited"
    code = "".join(ch for ch in code if ch.isdigit())
    now = timezone.now()
    with transaction.atomic():
        verification = (
            PhoneVerification.objects.select_for_update().select_related("report").filter(token=token).first()
        )
        if verification is None:
            return None, "unknown"
        if verification.verified_at is not None:
            return verification, "already"
        if verification.expires_at <= now or verification.attempts >= MAX_ATTEMPTS:
            return verification, "expired"
        verification.attempts += 1
        verification.save(update_fields=["attempts"])
        if not constant_time_compare(_code_hash(token, code), verification.code_hash):
            return verification, "expired" if verification.attempts >= MAX_ATTEMPTS else "wrong"
        verification.verified_at = now
        verification.save(update_fields=["verified_at"])
    report = verification.report
    if Support.objects.filter(report=report, phone_hash=verification.phone_hash).exists():
        return verification, "already"
    try:
        with transaction.atomic():
            Support.objects.create(
                report=report,
                phone_hash=verification.phone_hash,
                token=secrets.token_urlsafe(24),
                confirmed_at=now,
                created_at=now,
                same_problem=verification.same_problem,
            )
            count_support(report.pk)
    except IntegrityError:  # the same number, verified twice at once
        return verification, "already"
    return verification, "counted"
