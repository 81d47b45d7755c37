from __future__ import annotations

from django.contrib import admin

from sigap.complaints.models import ResponseTemplate

# Complaints themselves are handled in Sigap's own pages, where access rules
# and the audit trail apply; the admin only maintains reference texts.


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "language", "jurisdiction", "is_active"]
    list_filter = ["jurisdiction", "language", "is_active"]
    search_fields = ["title", "body"]
