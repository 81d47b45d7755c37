"""Calls to the Telegram Bot API: sendMessage, getFile and the file download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from sigap.channels.messaging.client import ProviderError, call, download
from sigap.channels.messaging.inbound import Media
from sigap.channels.models import MessagingAccount, Messenger

DEFAULT_BOT = "default"
# Bots may download files of up to 20 MB.
MAX_FILE = 20 * 1024 * 1024


def bot_token(account_key: str) -> str:
    if account_key == DEFAULT_BOT:
        return settings.SIGAP_TELEGRAM_BOT_TOKEN
    account = MessagingAccount.objects.filter(kind=Messenger.TELEGRAM, external_id=account_key).first()
    return account.bot_token if account and account.bot_token else settings.SIGAP_TELEGRAM_BOT_TOKEN


def _base() -> str:
    return settings.SIGAP_TELEGRAM_API_BASE.rstrip("/")


def method(token: str, name: str, payload: dict[str, Any]) -> Any:
    answer = call(f"{_base()}/bot{token}/{name}", payload=payload)
    if answer.get("ok") is not True:
        raise ProviderError(str(answer.get("description", "not ok"))[:300])
    return answer.get("result")


def fetcher(account_key: str) -> Callable[[Media], bytes]:
    token = bot_token(account_key)

    def fetch(media: Media) -> bytes:
        found = method(token, "getFile", {"file_id": media.ref})
        path = found.get("file_path") if isinstance(found, dict) else None
        if not isinstance(path, str) or not path or ".." in path:
            raise ProviderError("getFile gave no file_path")
        limit = min(settings.SIGAP_UPLOAD_MAX_BYTES, MAX_FILE)
        return download(f"{_base()}/file/bot{token}/{path}", limit=limit)

    return fetch
