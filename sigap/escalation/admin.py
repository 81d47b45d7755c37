from __future__ import annotations

from django.contrib import admin

from sigap.escalation.models import SweepRun


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "as_of", "seconds", "counts", "errors"]
    readonly_fields = ["started_at", "finished_at", "as_of", "counts", "errors"]
