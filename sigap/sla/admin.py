from __future__ import annotations

from django.contrib import admin

from sigap.sla.models import HolidayOverride, TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["stage", "days", "counting", "jurisdiction", "category", "source"]
    list_filter = ["stage", "jurisdiction"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "action", "jurisdiction", "decree"]
    list_filter = ["action", "jurisdiction"]
    date_hierarchy = "date"
