"""Subscriptions (double opt-in, one-click unsubscribe) and the alerts they receive.

Alerts go through the notification outbox, one row per (subscription, report
or event), so an alert is never sent twice and never lost: by e-mail, or on
WhatsApp where the government has a WhatsApp Business number. A WhatsApp
subscription starts once the person answers the confirmation on WhatsApp
(the YA button, or "YA"); "BERHENTI PERINGATAN" stops their alerts, BERHENTI
stops every message, and each alert carries its unsubscribe link.
"""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.alerts.models import Subscription
from sigap.channels.models import MessagingAccount, MessagingContact, Messenger
from sigap.complaints.models import ComplaintEvent
from sigap.complaints.workflow import Action, Status
from sigap.notifications.models import Channel, Kind, Notification
from sigap.notifications.services import dedupe_key, enqueue, notifications_create
from sigap.organisations.models import Category
from sigap.publicreports.labels import REPORT_STATUS_LABELS
from sigap.publicreports.mail import citizen_mail
from sigap.publicreports.masking import mask
from sigap.publicreports.models import Area, PublicReport
from sigap.publicreports.services import reporter_names
from sigap.suggestions.duplicates import haversine_m

logger = logging.getLogger(__name__)
MAX_RADIUS_M = 5000


def _url(name: str, *args: object) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def whatsapp_account_for(jurisdiction_id: int | None) -> MessagingAccount | None:
    """The government's WhatsApp Business number that sends its alerts, if WhatsApp is switched on."""
    if not settings.SIGAP_USE_WHATSAPP_CLOUD or jurisdiction_id is None:
        return None
    return MessagingAccount.objects.filter(
        kind=Messenger.WA_CLOUD, jurisdiction_id=jurisdiction_id, is_active=True
    ).first()


def whatsapp_offered() -> bool:
    """Whether any government sends alerts on WhatsApp (the form then offers a number)."""
    return (
        bool(settings.SIGAP_USE_WHATSAPP_CLOUD)
        and MessagingAccount.objects.filter(kind=Messenger.WA_CLOUD, is_active=True).exists()
    )


def _whatsapp_contact(number: str, jurisdiction_id: int | None) -> MessagingContact:
    from sigap.channels.messaging.outbound import contact_for
    from sigap.complaints.phones import normalise_phone

    account = whatsapp_account_for(jurisdiction_id)
    if account is None:
        raise ValidationError({"whatsapp": [_("This government does not send alerts on WhatsApp yet.")]})
    address = normalise_phone(number)
    if not 9 <= len(address) <= 15:
        raise ValidationError({"whatsapp": [_("This is not a phone number.")]})
    contact = contact_for(
        kind=Messenger.WA_CLOUD, account_key=account.external_id, address=address, jurisdiction_id=jurisdiction_id
    )
    if contact.opted_out:
        raise ValidationError(
            {"whatsapp": [_("This number asked us to send it nothing. Send MULAI to our WhatsApp number first.")]}
        )
    return contact


def _whatsapp(
    subscription: Subscription,
    *,
    kind: Kind,
    key: tuple[object, ...],
    text: str,
    buttons: list[list[str]] | None = None,
) -> None:
    """Queue a WhatsApp message to a subscription's contact through the outbox."""
    contact = subscription.contact
    assert contact is not None
    context: dict[str, object] = {"contact": contact.pk}
    if buttons:
        context["buttons"] = buttons
    enqueue(
        notifications_create(
            [
                Notification(
                    dedupe_key=dedupe_key("alert", subscription.pk, *key),
                    kind=kind,
                    channel=Channel.WA_CLOUD,
                    recipient=contact.address,
                    jurisdiction_id=contact.jurisdiction_id,
                    language=subscription.language,
                    subject=text[:60],
                    body=text,
                    context=context,
                )
            ]
        )
    )


def subscription_create(
    *,
    kind: Subscription.Kind,
    email: str = "",
    whatsapp: str = "",
    language: str = "id",
    area: Area | None = None,
    category: Category | None = None,
    report: PublicReport | None = None,
    lat: float | None = None,
    lng: float | None = None,
    radius_m: int | None = None,
    user: User | None = None,
) -> tuple[Subscription, bool]:
    """Record a subscription and ask its owner to confirm it; (subscription, created).

    Nothing is sent to the address until its owner opens the link, or to the
    WhatsApp number until its owner answers YA on WhatsApp (double opt-in).
    """
    email = email.strip().lower()
    targets: dict[str, dict[str, Any]] = {
        Subscription.Kind.KELURAHAN: {"area": area},
        Subscription.Kind.KECAMATAN: {"area": area},
        Subscription.Kind.CATEGORY: {"category": category},
        Subscription.Kind.REPORT: {"report": report},
        Subscription.Kind.RADIUS: {"lat": lat, "lng": lng, "radius_m": radius_m},
    }
    target = targets[kind]
    if not email and not whatsapp.strip():
        raise ValidationError({"email": [_("Give your e-mail address.")]})
    if any(value is None for value in target.values()):
        raise ValidationError(_("Choose what to be alerted about."))
    if whatsapp.strip():
        if kind == Subscription.Kind.RADIUS:
            raise ValidationError({"whatsapp": [_("Alerts around a point are sent by e-mail only.")]})
        owner = area or category or report
        contact = _whatsapp_contact(whatsapp, getattr(owner, "jurisdiction_id", None))
        return _whatsapp_subscription(kind=kind, contact=contact, language=language, user=user, target=target)
    if area is not None and area.kind != kind:
        raise ValidationError({"area": [_("Choose a %(kind)s.") % {"kind": kind}]})
    if radius_m is not None and not 50 <= radius_m <= MAX_RADIUS_M:
        raise ValidationError({"radius_m": [_("The radius must be between 50 and 5000 metres.")]})
    if report is not None and not report.is_published:
        raise ValidationError(_("This report is not public."))
    existing = Subscription.objects.filter(kind=kind, email=email, unsubscribed_at__isnull=True, **target).first()
    if existing is not None:
        return existing, False
    subscription = Subscription.objects.create(
        kind=kind,
        email=email,
        language=language,
        user=user,
        token=secrets.token_urlsafe(24),
        created_at=timezone.now(),
        **target,
    )
    citizen_mail(
        kind=Kind.CONFIRMATION,
        to=email,
        template="alerts/mail/confirm.txt",
        context={
            "subscription": subscription,
            "what": describe(subscription),
            "url": _url("alerts:confirm", subscription.token),
        },
        key=("subscription", subscription.pk),
        language=language,
    )
    return subscription, True


def _whatsapp_subscription(
    *, kind: Subscription.Kind, contact: MessagingContact, language: str, user: User | None, target: dict[str, Any]
) -> tuple[Subscription, bool]:
    existing = Subscription.objects.filter(kind=kind, contact=contact, unsubscribed_at__isnull=True, **target).first()
    if existing is not None:
        return existing, False
    subscription = Subscription.objects.create(
        kind=kind,
        contact=contact,
        language=language,
        user=user,
        token=secrets.token_urlsafe(24),
        created_at=timezone.now(),
        **target,
    )
    with translation.override(language):
        text = render_to_string(
            "alerts/whatsapp/confirm.txt",
            {"what": describe(subscription), "unsubscribe_url": _url("alerts:unsubscribe", subscription.token)},
        ).strip()
        button = [f"alert:{subscription.pk}", _("Yes, send alerts")[:20]]
    _whatsapp(subscription, kind=Kind.CONFIRMATION, key=("confirm",), text=text, buttons=[button])
    return subscription, True


def whatsapp_confirm(*, contact: MessagingContact, subscription_id: int | None = None) -> list[Subscription]:
    """The person answered the confirmation on WhatsApp: start their waiting alerts (one, or all)."""
    waiting = Subscription.objects.filter(contact=contact, confirmed_at__isnull=True, unsubscribed_at__isnull=True)
    if subscription_id is not None:
        waiting = waiting.filter(pk=subscription_id)
    found = list(waiting)
    now = timezone.now()
    Subscription.objects.filter(pk__in=[s.pk for s in found]).update(confirmed_at=now)
    if found:
        contact.consent_at = now
        contact.save(update_fields=["consent_at", "updated_at"])
    return found


def whatsapp_stop_alerts(*, contact: MessagingContact) -> int:
    """ "BERHENTI PERINGATAN": end every alert of this number (case updates go on)."""
    return Subscription.objects.filter(contact=contact, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


def describe(subscription: Subscription) -> str:
    """What the subscription is about, in words."""
    if subscription.kind == Subscription.Kind.REPORT and subscription.report:
        return _("the public report “%(title)s”") % {"title": subscription.report.title}
    if subscription.kind == Subscription.Kind.CATEGORY and subscription.category:
        return _("public reports in the category %(name)s") % {"name": subscription.category}
    if subscription.kind == Subscription.Kind.RADIUS:
        return _("public reports within %(m)d m of %(lat).5f, %(lng).5f") % {
            "m": subscription.radius_m or 0, "lat": subscription.lat or 0, "lng": subscription.lng or 0,
        }  # fmt: skip
    return _("public reports in %(area)s") % {"area": subscription.area}


def subscription_confirm(*, token: str, now: datetime | None = None) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token, unsubscribed_at__isnull=True).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_unsubscribe(*, token: str, now: datetime | None = None) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is not None and subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def _active() -> Q:
    return Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def _covers(subscription: Subscription, report: PublicReport, *, updates: bool) -> bool:
    """Whether the subscription asks for this report (its followers and, with `updates`, its changes)."""
    kind = subscription.kind
    if kind == Subscription.Kind.REPORT:
        return updates and subscription.report_id == report.pk
    if updates and not subscription.updates:
        return False
    if kind == Subscription.Kind.CATEGORY:
        return report.category_id is not None and subscription.category_id == report.category_id
    if kind == Subscription.Kind.KELURAHAN:
        return report.kelurahan_id is not None and subscription.area_id == report.kelurahan_id
    if kind == Subscription.Kind.KECAMATAN:
        return report.kecamatan_id is not None and subscription.area_id == report.kecamatan_id
    if kind == Subscription.Kind.RADIUS and report.lat is not None and report.lng is not None:
        return haversine_m(report.lat, report.lng, subscription.lat or 0, subscription.lng or 0) <= (
            subscription.radius_m or 0
        )
    return False


def subscribers_by_report(reports: Sequence[PublicReport], *, updates: bool) -> dict[int, list[Subscription]]:
    """Active subscriptions covering each report (area, category, radius; followers when `updates`).

    One query for a whole batch: the candidates any report could match, then the exact test.
    """
    if not reports:
        return {}

    def ids(attribute: str) -> set[int]:
        return {value for r in reports if (value := getattr(r, attribute)) is not None}

    match = (
        Q(kind=Subscription.Kind.CATEGORY, category_id__in=ids("category_id"))
        | Q(kind=Subscription.Kind.KELURAHAN, area_id__in=ids("kelurahan_id"))
        | Q(kind=Subscription.Kind.KECAMATAN, area_id__in=ids("kecamatan_id"))
    )
    points = [(r.lat, r.lng) for r in reports if r.lat is not None and r.lng is not None]
    if points:
        # A box that holds every circle reaching any of the reports; `_covers` measures the distance.
        lats, lngs = [p[0] for p in points], [p[1] for p in points]
        dlat = MAX_RADIUS_M / 111_320
        dlng = dlat / max(min(math.cos(math.radians(lat)) for lat in lats), 0.1)
        match |= Q(
            kind=Subscription.Kind.RADIUS,
            lat__range=(min(lats) - dlat, max(lats) + dlat),
            lng__range=(min(lngs) - dlng, max(lngs) + dlng),
        )
    if updates:
        match = (match & Q(updates=True)) | Q(kind=Subscription.Kind.REPORT, report_id__in=ids("pk"))
    candidates = list(Subscription.objects.filter(_active()).filter(match).select_related("contact").order_by("pk"))
    return {r.pk: [s for s in candidates if _covers(s, r, updates=updates)] for r in reports}


def _send(
    subscription: Subscription, report: PublicReport, *, key: tuple[object, ...], context: dict[str, object]
) -> None:
    if subscription.contact_id:
        with translation.override(subscription.language):
            text = render_to_string(
                "alerts/whatsapp/alert.txt",
                {
                    "report": report,
                    "what": describe(subscription),
                    "report_url": _url("publicreports:detail", report.complaint.tracking_code),
                    "unsubscribe_url": _url("alerts:unsubscribe", subscription.token),
                    **context,
                },
            ).strip()
        _whatsapp(subscription, kind=Kind.ALERT, key=key, text=text)
        return
    citizen_mail(
        kind=Kind.ALERT,
        to=subscription.email,
        template="alerts/mail/alert.txt",
        context={
            "report": report,
            "what": describe(subscription),
            "report_url": _url("publicreports:detail", report.complaint.tracking_code),
            "unsubscribe_url": _url("alerts:unsubscribe", subscription.token),
            **context,
        },
        key=("alert", subscription.pk, *key),
        language=subscription.language,
        jurisdiction_id=report.jurisdiction_id,
        unsubscribe_url=_url("alerts:unsubscribe", subscription.token),
    )


def alert_new_report(report: PublicReport) -> None:
    """Tell every matching subscriber about a report that has just become public (once).

    PUBLISHED_OBSERVERS hook: runs in the transaction that published the report.
    """
    if not PublicReport.objects.filter(pk=report.pk, announced_at__isnull=True).update(announced_at=timezone.now()):
        return
    for subscription in subscribers_by_report([report], updates=False)[report.pk]:
        _send(subscription, report, key=("new", report.pk), context={"is_new": True})


def alert_updates(followed: Sequence[tuple[PublicReport, ComplaintEvent]]) -> None:
    """Tell followers and area subscribers about public status changes of published reports.

    REPORT_EVENT_OBSERVERS hook: runs in the transaction that records the events (a sweep's
    whole batch at once).
    """
    changes = [(r, e) for r, e in followed if e.kind == ComplaintEvent.Kind.TRANSITION and e.to_status]
    subscribers = subscribers_by_report(list({r.pk: r for r, _ in changes}.values()), updates=True)
    for report, event in changes:
        if not subscribers[report.pk]:
            continue
        text = mask(event.body, names=reporter_names(report.complaint)) if event.action == Action.ANSWER else ""
        status = REPORT_STATUS_LABELS[Status(event.to_status)]
        for subscription in subscribers[report.pk]:
            _send(subscription, report, key=("event", event.pk), context={"status": status, "text": text})
