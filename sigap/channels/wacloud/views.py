"""/kanal/wa-cloud/: Meta's webhook verification (GET) and events (POST, signed)."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sigap.channels.messaging import conversation
from sigap.channels.messaging.inbound import PayloadError
from sigap.channels.messaging.outbound import contact_for, record_status
from sigap.channels.messaging.routing import whatsapp_jurisdiction
from sigap.channels.models import InboundMessage, Messenger
from sigap.channels.services import inbound_finish, inbound_process, inbound_store, inbound_store_unreadable
from sigap.channels.wacloud import adapter, graph
from sigap.web.ratelimit import client_address, hit

REQUESTS_PER_MINUTE = 1200


@csrf_exempt  # authenticated by the verify token (GET) and the X-Hub-Signature-256 HMAC (POST)
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if not settings.SIGAP_USE_WHATSAPP_CLOUD:
        raise Http404
    if not hit("wa-cloud", client_address(request), limit=REQUESTS_PER_MINUTE, window=60).allowed:
        return JsonResponse({"status": "refused"}, status=429)
    if request.method == "GET":
        return _verification(request)
    body = request.body
    if not adapter.verify(
        settings.SIGAP_WHATSAPP_CLOUD_APP_SECRET, body, request.headers.get(adapter.SIGNATURE_HEADER, "")
    ):
        return JsonResponse({"status": "refused", "error": "bad signature"}, status=403)
    try:
        batch = adapter.parse(body)
    except PayloadError as exc:
        inbound_store_unreadable(
            channel=InboundMessage.Channel.WA_CLOUD,
            raw=body,
            error=str(exc),
            content_type=request.content_type or "",
        )
        return JsonResponse({"status": "failed", "error": str(exc)}, status=400)
    for status in batch.statuses:
        record_status(message_id=status.message_id, status=status.status, errors=status.errors)
    results = [_message(m) for m in batch.messages]
    return JsonResponse({"status": "ok", "messages": results, "statuses": len(batch.statuses)})


def _verification(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("hub.verify_token", "")
    expected = settings.SIGAP_WHATSAPP_CLOUD_VERIFY_TOKEN
    if request.GET.get("hub.mode") == "subscribe" and hmac.compare_digest(token.encode(), expected.encode()):
        return HttpResponse(request.GET.get("hub.challenge", "")[:200], content_type="text/plain")
    return HttpResponse("forbidden", status=403, content_type="text/plain")


def _message(item: adapter.Message) -> dict[str, object]:
    inbound = item.inbound
    jurisdiction = whatsapp_jurisdiction(item.phone_number_id)
    message, created = inbound_store(
        channel=InboundMessage.Channel.WA_CLOUD,
        raw=json.dumps({"phone_number_id": item.phone_number_id, "message": item.raw}).encode(),
        external_id=inbound.message_id,
        sender=inbound.address,
        content_type="application/json",
        jurisdiction=jurisdiction,
    )
    if not created:
        # Meta redelivered a message already taken: do nothing again.
        return {"id": inbound.message_id, "status": "duplicate"}
    if jurisdiction is None:
        inbound_finish(message, state=InboundMessage.State.FAILED, error="no jurisdiction claims this phone_number_id")
        return {"id": inbound.message_id, "status": "failed"}
    contact = contact_for(
        kind=Messenger.WA_CLOUD,
        account_key=item.phone_number_id,
        address=inbound.address,
        jurisdiction_id=jurisdiction.pk,
        name=inbound.name,
    )
    message = inbound_process(
        message, lambda m: conversation.handle(message=m, contact=contact, inbound=inbound, fetch=graph.fetch_media)
    )
    return {"id": inbound.message_id, **message.result, "state": message.state}
