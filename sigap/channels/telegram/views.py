"""/kanal/telegram/: Bot API updates (POST), authenticated by the secret token given to setWebhook."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sigap.channels.messaging import conversation
from sigap.channels.messaging.inbound import PayloadError
from sigap.channels.messaging.outbound import contact_for
from sigap.channels.messaging.routing import telegram_bot
from sigap.channels.models import InboundMessage, Messenger
from sigap.channels.services import inbound_finish, inbound_process, inbound_store, inbound_store_unreadable
from sigap.channels.telegram import adapter, botapi
from sigap.web.ratelimit import client_address, hit

REQUESTS_PER_MINUTE = 1200


@csrf_exempt  # authenticated by X-Telegram-Bot-Api-Secret-Token, not a browser session
@require_POST
def webhook(request: HttpRequest) -> JsonResponse:
    if not settings.SIGAP_USE_TELEGRAM:
        raise Http404
    if not hit("telegram", client_address(request), limit=REQUESTS_PER_MINUTE, window=60).allowed:
        return JsonResponse({"status": "refused"}, status=429)
    bot = telegram_bot(request.headers.get(adapter.SECRET_HEADER, ""))
    if bot is None:
        return JsonResponse({"status": "refused", "error": "bad secret token"}, status=403)
    key, jurisdiction = bot
    body = request.body
    try:
        update = adapter.parse(body)
    except PayloadError as exc:
        inbound_store_unreadable(
            channel=InboundMessage.Channel.TELEGRAM, raw=body, error=str(exc), jurisdiction=jurisdiction
        )
        return JsonResponse({"status": "failed", "error": str(exc)}, status=400)
    if update.inbound is None:
        return JsonResponse({"status": "ignored"})
    inbound = update.inbound
    message, created = inbound_store(
        channel=InboundMessage.Channel.TELEGRAM,
        raw=body,
        external_id=f"{key}:{update.update_id}",
        sender=inbound.address,
        content_type="application/json",
        jurisdiction=jurisdiction,
    )
    if not created:
        return JsonResponse({"status": "duplicate"})
    if jurisdiction is None:
        inbound_finish(message, state=InboundMessage.State.FAILED, error="no jurisdiction for this bot")
        return JsonResponse({"status": "failed"})
    contact = contact_for(
        kind=Messenger.TELEGRAM,
        account_key=key,
        address=inbound.address,
        jurisdiction_id=jurisdiction.pk,
        name=inbound.name,
    )
    message = inbound_process(
        message,
        lambda m: conversation.handle(message=m, contact=contact, inbound=inbound, fetch=botapi.fetcher(key)),
    )
    answer: dict[str, object] = {**message.result, "state": message.state}
    if update.callback_id:
        # The Bot API lets a webhook answer with a method call: stop the button's spinner.
        answer.update(method="answerCallbackQuery", callback_query_id=update.callback_id)
    return JsonResponse(answer)
