from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sigap.notifications.models import Channel, Notification, WebhookEndpoint

HIDDEN = "••••"


def _addresses_a_person(notification: Notification) -> bool:
    """Whether the row goes to a person other than a staff member (a reporter, a subscriber).

    Their addresses and the text written to them are for the complaint
    administrator's pages, which audit every view; the system administrator
    keeps the outbox running and sees when, what kind, where to and how it went.
    """
    if notification.channel == Channel.WEBHOOK:
        return False
    user = notification.recipient_user
    return user is None or not user.is_staff


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel", "shown_recipient", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "channel", "kind", "jurisdiction"]
    # Not by address or dedupe key (which holds the address): a search would confirm who filed a case.
    search_fields = ["complaint__tracking_code"]
    list_select_related = ["recipient_user"]
    shown = (
        "created_at",
        "kind",
        "channel",
        "shown_recipient",
        "jurisdiction",
        "complaint",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "shown_error",
    )
    fields = shown
    readonly_fields = shown
    date_hierarchy = "created_at"

    @admin.display(description=_("recipient"))
    def shown_recipient(self, notification: Notification) -> str:
        return HIDDEN if _addresses_a_person(notification) else notification.recipient

    @admin.display(description=_("last error"))
    def shown_error(self, notification: Notification) -> str:
        # Mail servers quote the address they refused.
        error = notification.last_error
        return error.replace(notification.recipient, HIDDEN) if notification.recipient else error


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "url", "is_active"]
    list_filter = ["jurisdiction", "is_active"]
