from __future__ import annotations

from django.contrib import admin

from sigap.notifications.models import Notification, WebhookEndpoint


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel", "recipient", "state", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["state", "channel", "kind", "jurisdiction"]
    search_fields = ["recipient", "dedupe_key", "complaint__tracking_code"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "url", "is_active"]
    list_filter = ["jurisdiction", "is_active"]
