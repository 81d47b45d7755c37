from __future__ import annotations

from django.contrib import admin

from sigap.ombudsman.models import StageLimit

# Reports themselves are handled in the Ombudsman workspace, where access rules and the trail apply.


@admin.register(StageLimit)
class StageLimitAdmin(admin.ModelAdmin):
    list_display = ["stage", "days", "counting", "source"]
