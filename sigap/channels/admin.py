from __future__ import annotations

from django.contrib import admin

from sigap.channels.models import ForumSession, InboundMessage, MessagingAccount, MessagingContact


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "channel", "sender", "state", "error", "jurisdiction"]
    list_filter = ["state", "channel", "jurisdiction"]
    exclude = ["raw"]
    readonly_fields = [
        "channel",
        "jurisdiction",
        "external_id",
        "sender",
        "content_type",
        "state",
        "error",
        "complaint",
        "result",
        "processed_at",
    ]


@admin.register(ForumSession)
class ForumSessionAdmin(admin.ModelAdmin):
    list_display = ["held_on", "name", "place", "jurisdiction"]


@admin.register(MessagingAccount)
class MessagingAccountAdmin(admin.ModelAdmin):
    """WhatsApp numbers (by phone_number_id) and Telegram bots, each serving one jurisdiction."""

    list_display = ["kind", "external_id", "name", "jurisdiction", "is_active"]
    list_filter = ["kind", "jurisdiction"]


@admin.register(MessagingContact)
class MessagingContactAdmin(admin.ModelAdmin):
    # A contact is a reporter's number or chat: shown to read consent and windows, not to edit.
    list_display = ["kind", "account_key", "jurisdiction", "opted_out", "last_inbound_at"]
    list_filter = ["kind", "opted_out", "jurisdiction"]
    exclude = ["draft", "address", "name"]
    readonly_fields = ["kind", "account_key", "jurisdiction", "language", "last_inbound_at", "opted_out", "consent_at"]
