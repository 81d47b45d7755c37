"""Which jurisdiction a WhatsApp number or a Telegram bot serves."""

from __future__ import annotations

import hmac

from django.conf import settings

from sigap.channels.models import MessagingAccount, Messenger
from sigap.organisations.models import Jurisdiction


def intake_jurisdiction() -> Jurisdiction | None:
    if not settings.SIGAP_INTAKE_JURISDICTION:
        return None
    return Jurisdiction.objects.filter(slug=settings.SIGAP_INTAKE_JURISDICTION, is_active=True).first()


def whatsapp_jurisdiction(phone_number_id: str) -> Jurisdiction | None:
    """The jurisdiction claiming this phone_number_id, else SIGAP_INTAKE_JURISDICTION."""
    account = (
        MessagingAccount.objects.filter(kind=Messenger.WA_CLOUD, external_id=phone_number_id, is_active=True)
        .select_related("jurisdiction")
        .first()
    )
    return account.jurisdiction if account is not None else intake_jurisdiction()


def telegram_bot(secret: str) -> tuple[str, Jurisdiction | None] | None:
    """(bot key, jurisdiction) for the secret token Telegram sent, or None if no bot has it.

    The bot of SIGAP_TELEGRAM_BOT_TOKEN is "default" (its jurisdiction is the
    account named "default", else SIGAP_INTAKE_JURISDICTION); a jurisdiction's
    own bot is a MessagingAccount with its own bot and secret tokens.
    """
    if not secret:
        return None
    if settings.SIGAP_TELEGRAM_SECRET_TOKEN and hmac.compare_digest(
        settings.SIGAP_TELEGRAM_SECRET_TOKEN.encode(), secret.encode()
    ):
        account = MessagingAccount.objects.filter(
            kind=Messenger.TELEGRAM, external_id="default", is_active=True
        ).first()
        return "default", account.jurisdiction if account is not None else intake_jurisdiction()
    for account in MessagingAccount.objects.filter(kind=Messenger.TELEGRAM, is_active=True).exclude(secret_token=""):
        if hmac.compare_digest(account.secret_token.encode(), secret.encode()):
            return account.external_id, account.jurisdiction
    return None
