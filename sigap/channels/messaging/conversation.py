"""A person writing to a WhatsApp number or a Telegram bot: drafts, confirmation, commands, replies.

Several messages within CONVERSATION_WINDOW of each other make one draft; each
is answered with the draft so far and two buttons, Send ("kirim") and Change
("ubah"). Send files the complaint (media are fetched then and go through the
portal's upload checks); Change throws the draft away. Outside a draft:
STATUS <code> answers for a complaint this person filed, BERHENTI/STOP stops
all messages, MULAI starts them again, and a message while a case of theirs
waits for more information is the supplement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.channels.messaging.client import ProviderError
from sigap.channels.messaging.commands import command_answer
from sigap.channels.messaging.inbound import Inbound, Media
from sigap.channels.messaging.outbound import subscription_create
from sigap.channels.models import InboundMessage, MessagingContact, MessagingSubscription, Messenger
from sigap.channels.services import inbound_finish
from sigap.complaints.codes import normalise_code
from sigap.complaints.models import Channel as CaseChannel
from sigap.complaints.models import Complaint
from sigap.complaints.services import (
    ReporterDetails,
    Submission,
    TransitionError,
    complaint_rate,
    complaint_submit,
    complaint_transition,
)
from sigap.complaints.uploads import CleanFile, clean_upload
from sigap.complaints.workflow import PUBLIC_STATUS_LABELS, Action, Actor, Status
from sigap.notifications.models import Kind, Notification
from sigap.notifications.services import dedupe_key, enqueue, notifications_create

State = InboundMessage.State
Fetch = Callable[[Media], bytes]

CONVERSATION_WINDOW = timedelta(minutes=30)
SUBMIT, EDIT = "kirim", "ubah"
STOP_RE = re.compile(r"^\s*(berhenti|stop|unsubscribe)\s*[.!]*\s*$", re.I)
RESUME_RE = re.compile(r"^\s*(mulai|langganan|subscribe)\s*[.!]*\s*$", re.I)
YES_RE = re.compile(r"^\s*(ya|yes|setuju)\s*[.!]*\s*$", re.I)
START_RE = re.compile(r"^\s*/(start|help|bantuan)\b", re.I)
STATUS_RE = re.compile(r"^\s*/?(status|cek|check)(@\w+)?\b[\s:#-]*(?P<code>[0-9A-Za-z -]*)$", re.I | re.S)
CASE_CHANNEL = {Messenger.WA_CLOUD: CaseChannel.WHATSAPP, Messenger.TELEGRAM: CaseChannel.TELEGRAM}


def reply(
    contact: MessagingContact,
    key: str,
    text: str,
    *,
    buttons: list[tuple[str, str]] | None = None,
    choices: list[tuple[str, str]] | None = None,
    choices_label: str = "",
    complaint_id: int | None = None,
    force: bool = False,
) -> None:
    """Queue a message to the person through the outbox (sent by the job worker)."""
    context: dict[str, object] = {"contact": contact.pk}
    if buttons:
        context["buttons"] = [list(b) for b in buttons]
    if choices:
        context["choices"] = [list(c) for c in choices]
        context["choices_label"] = choices_label
    if force:
        context["force"] = True  # the answer to BERHENTI itself goes out
    enqueue(
        notifications_create(
            [
                Notification(
                    dedupe_key=dedupe_key("chat", contact.kind, key),
                    kind=Kind.GATEWAY_REPLY,
                    channel=contact.kind,
                    recipient=contact.address,
                    jurisdiction_id=contact.jurisdiction_id,
                    complaint_id=complaint_id,
                    language=contact.language,
                    body=text,
                    subject=text[:60],
                    context=context,
                )
            ]
        )
    )


def help_text() -> str:
    return _(
        "Write what happened, where and when; you may add photos, documents and your location. "
        "Then press Send. To follow a complaint send STATUS and its tracking code; to stop messages send BERHENTI."
    )


def handle(*, message: InboundMessage, contact: MessagingContact, inbound: Inbound, fetch: Fetch) -> InboundMessage:
    """Act on one stored message; the outcome is kept on the message (`result`).

    The contact's row is locked for the whole turn: two messages of one person
    arriving at once (a text and a photo in separate webhooks) both land in
    the draft, one after the other.
    """
    with transaction.atomic():
        contact = MessagingContact.objects.select_for_update().get(pk=contact.pk)
        return _turn(message, contact, inbound, fetch)


def _turn(message: InboundMessage, contact: MessagingContact, inbound: Inbound, fetch: Fetch) -> InboundMessage:
    now = timezone.now()
    contact.last_inbound_at = now
    contact.name = inbound.name or contact.name
    if contact.kind == Messenger.TELEGRAM:
        contact.language = inbound.language
    contact.save(update_fields=["last_inbound_at", "name", "language", "updated_at"])
    with translation.override(contact.language):
        return _act(message, contact, inbound, fetch, now)


def _finish(message: InboundMessage, state: InboundMessage.State, outcome: str, **extra: object) -> InboundMessage:
    complaint_id = extra.pop("complaint_id", None)
    assert complaint_id is None or isinstance(complaint_id, int)
    return inbound_finish(
        message,
        state=state,
        error=str(extra.pop("error", "")),
        complaint_id=complaint_id,
        result={"status": outcome, **extra},
    )


def _act(
    message: InboundMessage, contact: MessagingContact, inbound: Inbound, fetch: Fetch, now: datetime
) -> InboundMessage:
    key = f"reply:{message.pk}"
    text = inbound.text
    answer = command_answer(contact, text, inbound.button)
    if answer is not None:
        reply(contact, key, answer.text)
        return _finish(message, State.ANSWERED, answer.outcome, **answer.result)
    if inbound.button:
        return _button(message, contact, inbound, fetch, key)
    if STOP_RE.match(text):
        contact.opted_out = True
        contact.save(update_fields=["opted_out", "updated_at"])
        reply(
            contact, key, _("You will receive no more messages from us. Send MULAI to receive them again."), force=True
        )
        return _finish(message, State.ANSWERED, "opted_out")
    if RESUME_RE.match(text):
        contact.opted_out, contact.consent_at = False, now
        contact.save(update_fields=["opted_out", "consent_at", "updated_at"])
        reply(contact, key, _("You will receive updates on your complaints here again."))
        return _finish(message, State.ANSWERED, "opted_in")
    if START_RE.match(text):
        reply(contact, key, help_text())
        return _finish(message, State.ANSWERED, "help")
    status = STATUS_RE.match(text) if text else None
    # "Cek lampu jalan …" is a complaint, not a status question: only a code (or nothing) may follow.
    if status and not inbound.media and (not status.group("code").strip() or normalise_code(status.group("code"))):
        return _status(message, contact, status.group("code"), key)
    if inbound.unsupported:
        reply(contact, key, _("Sorry, we can only read text, photos, documents (PDF) and locations."))
        return _finish(message, State.ANSWERED, "unsupported", error=f"message type {inbound.unsupported}")
    draft = contact.draft or {}
    if draft.get("reopen") and text:
        return _reopen(message, contact, draft["reopen"], text, key)
    if not _fresh(draft, now):
        waiting = _waiting_case(contact)
        if waiting is not None:
            return _supplement(message, contact, waiting, inbound, fetch, key)
        draft = {"started_at": now.isoformat(), "texts": [], "media": [], "messages": []}
    draft["last_at"] = now.isoformat()
    if text:
        draft["texts"].append(text)
    if inbound.media:
        draft["media"].append({"ref": inbound.media.ref, "name": inbound.media.name, "mime": inbound.media.mime})
    if inbound.lat is not None:
        draft.update(lat=inbound.lat, lng=inbound.lng, place=inbound.place)
    draft["messages"].append(message.pk)
    contact.draft = draft
    contact.save(update_fields=["draft", "updated_at"])
    reply(contact, key, _prompt(draft), buttons=[(SUBMIT, _("Send")), (EDIT, _("Change"))])
    return _finish(message, State.ANSWERED, "draft")


def _fresh(draft: dict[str, object], now: datetime) -> bool:
    last = draft.get("last_at")
    if not isinstance(last, str) or "texts" not in draft:
        return False
    return now - datetime.fromisoformat(last) <= CONVERSATION_WINDOW


def _prompt(draft: dict[str, object]) -> str:
    texts = draft.get("texts") or []
    assert isinstance(texts, list)
    summary = " ".join(texts)
    lines = [_("Your report so far: %(text)s") % {"text": (summary[:300] + "…") if len(summary) > 300 else summary}]
    media = draft.get("media") or []
    assert isinstance(media, list)
    if media:
        lines.append(_("Attachments: %(count)d") % {"count": len(media)})
    if draft.get("lat") is not None:
        lines.append(_("Location: received"))
    lines.append(
        _("Add more (text, photo, document, location), press Send to file the complaint, or Change to start again.")
    )
    return "\n".join(lines)


def _subscribed(contact: MessagingContact, code: str) -> Complaint | None:
    found = normalise_code(code)
    if not found:
        return None
    return (
        Complaint.objects.filter(tracking_code=found, pk__in=_subscribed_ids(contact))
        .select_related("jurisdiction")
        .first()
    )


def _subscribed_ids(contact: MessagingContact) -> list[int]:
    return list(MessagingSubscription.objects.filter(contact=contact).values_list("complaint_id", flat=True))


def _waiting_case(contact: MessagingContact) -> Complaint | None:
    return (
        Complaint.objects.filter(pk__in=_subscribed_ids(contact), status=Status.INCOMPLETE)
        .order_by("-updated_at")
        .first()
    )


def _status(message: InboundMessage, contact: MessagingContact, code: str, key: str) -> InboundMessage:
    case = _subscribed(contact, code)
    # Only the person who filed a complaint here learns its status: a code alone reveals nothing.
    if case is None:
        reply(contact, key, _("No complaint with this tracking code was filed from your number."))
        return _finish(message, State.ANSWERED, "unknown", error="unknown code for this sender")
    text = _("Complaint %(code)s: %(status)s.") % {
        "code": case.tracking_code,
        "status": PUBLIC_STATUS_LABELS[Status(case.status)],
    }
    reply(contact, key, text, complaint_id=case.pk)
    return _finish(message, State.ANSWERED, "answered", complaint_id=case.pk)


def _files(media: list[dict[str, str]], fetch: Fetch) -> tuple[list[CleanFile], list[str]]:
    """Fetch each file from the provider and check it as a portal upload."""
    clean, refused = [], []
    for item in media[: settings.SIGAP_UPLOAD_MAX_FILES]:
        name = item.get("name") or "file"
        try:
            data = fetch(Media(ref=item["ref"], name=name, mime=item.get("mime", "")))
            clean.append(clean_upload(SimpleUploadedFile(name, data)))
        except ValidationError as exc:
            refused.extend(exc.messages)
        except ProviderError as exc:
            refused.append(_("%(name)s could not be fetched (%(error)s).") % {"name": name, "error": exc})
    if len(media) > settings.SIGAP_UPLOAD_MAX_FILES:
        refused.append(_("Only %(count)d files are kept per complaint.") % {"count": settings.SIGAP_UPLOAD_MAX_FILES})
    return clean, refused


def _button(
    message: InboundMessage, contact: MessagingContact, inbound: Inbound, fetch: Fetch, key: str
) -> InboundMessage:
    name, _sep, rest = inbound.button.partition(":")
    if name == SUBMIT:
        return _submit(message, contact, fetch, key)
    if name == EDIT:
        contact.draft = {}
        contact.save(update_fields=["draft", "updated_at"])
        reply(contact, key, _("The draft is discarded. Write your complaint again."))
        return _finish(message, State.ANSWERED, "discarded")
    code, _sep, rating = rest.partition(":")
    case = _subscribed(contact, code)
    if case is None:
        reply(contact, key, _("No complaint with this tracking code was filed from your number."))
        return _finish(message, State.ANSWERED, "unknown", error=f"button {inbound.button[:60]}")
    try:
        if name == "confirm":
            case = complaint_transition(complaint=case, action=Action.CONFIRM, actor=None, acting_as=Actor.REPORTER)
            # The reporter is not notified of their own step; the request to rate follows here.
            from sigap.channels.messaging.outbound import rating_choices

            choices, label = rating_choices(case)
            text = _(
                "Thank you, complaint %(code)s is closed. How was the handling of your complaint? Choose a rating."
            )
            reply(
                contact,
                key,
                text % {"code": case.tracking_code},
                choices=choices,
                choices_label=label,
                complaint_id=case.pk,
            )
            return _finish(message, State.THREADED, "confirmed", complaint_id=case.pk)
        if name == "reopen":
            if case.status != Status.ANSWERED:
                raise TransitionError(_("This complaint is not waiting for your confirmation."))
            contact.draft = {"reopen": case.tracking_code}
            contact.save(update_fields=["draft", "updated_at"])
            reply(contact, key, _("Write what is still not resolved, and we will follow it up again."))
            return _finish(message, State.ANSWERED, "reopen_asked", complaint_id=case.pk)
        if name == "rate" and rating.isdigit():
            complaint_rate(complaint=case, rating=int(rating))
            reply(contact, key, _("Thank you for your rating."), complaint_id=case.pk)
            return _finish(message, State.THREADED, "rated", complaint_id=case.pk)
    except (TransitionError, ValidationError, PermissionDenied) as exc:
        error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        reply(contact, key, error, complaint_id=case.pk)
        return _finish(message, State.ANSWERED, "refused", error=error, complaint_id=case.pk)
    reply(contact, key, help_text())
    return _finish(message, State.ANSWERED, "help", error=f"unknown button {inbound.button[:60]}")


def _submit(message: InboundMessage, contact: MessagingContact, fetch: Fetch, key: str) -> InboundMessage:
    draft = contact.draft or {}
    texts = [t for t in draft.get("texts", []) if isinstance(t, str)]
    description = "\n".join(texts).strip()
    if not draft.get("texts") and not draft.get("media"):
        reply(contact, key, help_text())
        return _finish(message, State.ANSWERED, "nothing_to_send")
    if len(description) < 10:
        reply(contact, key, _("Describe what happened in at least 10 characters, then press Send again."))
        return _finish(message, State.ANSWERED, "too_short")
    if contact.jurisdiction is None:
        return _finish(message, State.FAILED, "failed", error="no jurisdiction for this number or bot")
    files, refused = _files(draft.get("media", []), fetch)
    first_line = description.splitlines()[0]
    phone = "+" + contact.address if contact.kind == Messenger.WA_CLOUD else ""
    try:
        with transaction.atomic():
            complaint, _secret = complaint_submit(
                submission=Submission(
                    jurisdiction=contact.jurisdiction,
                    title=first_line[:80] + ("…" if len(first_line) > 80 else ""),
                    description=description,
                    channel=CASE_CHANNEL[Messenger(contact.kind)],
                    reporter=ReporterDetails(name=contact.name or phone or f"Telegram {contact.address}", phone=phone),
                    lat=draft.get("lat"),
                    lng=draft.get("lng"),
                    address=str(draft.get("place") or ""),
                    language=contact.language,
                ),
                files=files,
            )
            subscription_create(complaint=complaint, contact=contact)
            ids = [m for m in draft.get("messages", []) if isinstance(m, int)]
            InboundMessage.objects.filter(pk__in=ids).update(state=State.FILED, complaint=complaint)
            contact.draft = {}
            contact.save(update_fields=["draft", "updated_at"])
    except ValidationError as exc:
        error = " ".join(exc.messages)
        reply(contact, key, error)
        return _finish(message, State.FAILED, "failed", error=error)
    if refused:
        reply(contact, key, " ".join(refused), complaint_id=complaint.pk)
    # The acknowledgement with the tracking code went to the outbox with the subscription.
    return _finish(
        message,
        State.FILED,
        "filed",
        complaint_id=complaint.pk,
        tracking_code=complaint.tracking_code,
        error="; ".join(refused),
    )


def _supplement(
    message: InboundMessage, contact: MessagingContact, case: Complaint, inbound: Inbound, fetch: Fetch, key: str
) -> InboundMessage:
    """A message while the case waits for the reporter is the supplement (restarts the clock)."""
    media = (
        [{"ref": inbound.media.ref, "name": inbound.media.name, "mime": inbound.media.mime}] if inbound.media else []
    )
    files, refused = _files(media, fetch)
    text = inbound.text
    if inbound.lat is not None:
        text = (text + "\n" if text else "") + _("Location: %(lat).6f, %(lng).6f") % {
            "lat": inbound.lat,
            "lng": inbound.lng,
        }
    try:
        complaint_transition(
            complaint=case,
            action=Action.SUPPLEMENT,
            actor=None,
            acting_as=Actor.REPORTER,
            text=text or _("(attachment)"),
            files=files,
        )
    except (TransitionError, ValidationError) as exc:
        error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _finish(message, State.FAILED, "failed", error=error, complaint_id=case.pk)
    reply(
        contact,
        key,
        " ".join(
            [
                _("Thank you; your complaint %(code)s is completed and goes back to the officers.")
                % {"code": case.tracking_code},
                *refused,
            ]
        ),
        complaint_id=case.pk,
    )
    return _finish(message, State.THREADED, "supplement", complaint_id=case.pk, error="; ".join(refused))


def _reopen(message: InboundMessage, contact: MessagingContact, code: str, text: str, key: str) -> InboundMessage:
    contact.draft = {}
    contact.save(update_fields=["draft", "updated_at"])
    case = _subscribed(contact, code)
    if case is None:
        return _finish(message, State.FAILED, "failed", error="the case to reopen is gone")
    try:
        complaint_transition(complaint=case, action=Action.REOPEN, actor=None, acting_as=Actor.REPORTER, text=text)
    except (TransitionError, ValidationError) as exc:
        error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        reply(contact, key, error, complaint_id=case.pk)
        return _finish(message, State.FAILED, "failed", error=error, complaint_id=case.pk)
    reply(contact, key, _("Your complaint %(code)s is reopened.") % {"code": case.tracking_code}, complaint_id=case.pk)
    return _finish(message, State.THREADED, "reopened", complaint_id=case.pk)
