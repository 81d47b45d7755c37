"""Point a Telegram bot at Sigap: setWebhook with the secret token Sigap checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.channels.messaging.client import ProviderError
from sigap.channels.models import MessagingAccount, Messenger
from sigap.channels.telegram import botapi


class Command(BaseCommand):
    help = "Register /kanal/telegram/ as a bot's webhook (the default bot, or --bot NAME of a messaging account)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="", help="the public webhook URL (default SITE_URL + /kanal/telegram/)")
        parser.add_argument("--bot", default=botapi.DEFAULT_BOT, help="the messaging account's bot name")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"] or f"{settings.SITE_URL.rstrip('/')}/kanal/telegram/"
        if options["bot"] == botapi.DEFAULT_BOT:
            token, secret = settings.SIGAP_TELEGRAM_BOT_TOKEN, settings.SIGAP_TELEGRAM_SECRET_TOKEN
        else:
            account = MessagingAccount.objects.filter(kind=Messenger.TELEGRAM, external_id=options["bot"]).first()
            if account is None:
                raise CommandError(f"no Telegram messaging account named {options['bot']}")
            token, secret = botapi.bot_token(account.external_id), account.secret_token
        if not token or not secret:
            raise CommandError("the bot needs a token and a secret token")
        try:
            botapi.method(
                token,
                "setWebhook",
                {"url": url, "secret_token": secret, "allowed_updates": ["message", "callback_query"]},
            )
        except ProviderError as exc:
            raise CommandError(f"setWebhook failed: {exc}") from exc
        self.stdout.write(f"webhook set to {url}")
