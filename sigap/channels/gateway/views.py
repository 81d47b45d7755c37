"""The gateways' inbound webhooks: /kanal/<sms|whatsapp>/<jurisdiction>/"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sigap.channels.gateway import intake
from sigap.channels.models import InboundMessage
from sigap.channels.services import inbound_process, inbound_store
from sigap.notifications.webhooks import SIGNATURE_HEADER, verify
from sigap.organisations.models import Jurisdiction
from sigap.web.ratelimit import client_address, hit

GATEWAYS = {
    "sms": ("SIGAP_USE_SMS", "SIGAP_SMS_SECRET"),
    "whatsapp": ("SIGAP_USE_WHATSAPP", "SIGAP_WHATSAPP_SECRET"),
}
REQUESTS_PER_MINUTE = 600


@csrf_exempt  # authenticated by the HMAC signature, not a browser session
@require_POST
def inbound(request: HttpRequest, channel: str, jurisdiction: str) -> JsonResponse:
    if channel not in GATEWAYS or not getattr(settings, GATEWAYS[channel][0]):
        raise Http404
    place = get_object_or_404(Jurisdiction, slug=jurisdiction, is_active=True)
    if not hit(f"gateway-{channel}", client_address(request), limit=REQUESTS_PER_MINUTE, window=60).allowed:
        return JsonResponse({"status": "refused", "error": _("Too many requests.")}, status=429)
    secret = getattr(settings, GATEWAYS[channel][1])
    body = request.body
    if not verify(secret, body, request.headers.get(SIGNATURE_HEADER, "")):
        return JsonResponse(
            {"status": "refused", "error": _("The signature is missing, wrong or expired.")}, status=403
        )
    message, created = inbound_store(
        channel=InboundMessage.Channel(channel),
        raw=body,
        external_id=_message_id(body),
        sender=_sender(body),
        content_type=request.content_type or "",
        jurisdiction=place,
    )
    if not created and message.state != InboundMessage.State.RECEIVED:
        # The gateway retried a message already handled: answer the same, do nothing again.
        return JsonResponse({"status": "duplicate", "state": message.state})
    outcome: dict[str, object] = {"status": "failed", "http": 500}

    def handler(m: InboundMessage) -> InboundMessage:
        handled, answer, http = intake.handle(m)
        outcome.update(answer, http=http)
        return handled

    message = inbound_process(message, handler)
    status = outcome.pop("http")
    if status == 500:
        # Stored and marked failed: staff see it on the channels page; the gateway may retry.
        outcome["error"] = message.error
    assert isinstance(status, int)
    return JsonResponse({**outcome, "message": message.pk}, status=status)


def _json_field(body: bytes, key: str) -> str:
    import json

    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return ""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _message_id(body: bytes) -> str:
    found = _json_field(body, "id")
    return found if found else ""


def _sender(body: bytes) -> str:
    return _json_field(body, "from")
