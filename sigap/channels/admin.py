from __future__ import annotations

from django.contrib import admin

from sigap.channels.models import ForumSession, InboundMessage


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
