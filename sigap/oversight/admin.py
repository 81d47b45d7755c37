from __future__ import annotations

from django.contrib import admin

from sigap.oversight.models import AnswerLimit, WarningThreshold

# Requests and answers are handled on their pages, where access rules and the trail apply.


@admin.register(AnswerLimit)
class AnswerLimitAdmin(admin.ModelAdmin):
    list_display = ["requester", "days", "second_request_days", "counting", "remind_days_before", "source"]


@admin.register(WarningThreshold)
class WarningThresholdAdmin(admin.ModelAdmin):
    list_display = ["metric", "value", "window_days", "min_cases", "jurisdiction", "note"]
    list_filter = ["metric", "jurisdiction"]
