from __future__ import annotations

from django.contrib import admin

from sigap.sla.models import TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["stage", "days", "counting", "jurisdiction", "category", "source"]
    list_filter = ["stage", "jurisdiction"]
