from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.jobs.models import JobFailure


@admin.register(JobFailure)
class JobFailureAdmin(admin.ModelAdmin):
    list_display = ["failed_at", "task_path", "error", "resolved_at"]
    list_filter = ["task_path", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["task_path", "error", "task_id"]
    readonly_fields = ["task_path", "task_id", "arguments", "error", "traceback", "failed_at", "resolved_at"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Mark as resolved"))
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[JobFailure]) -> None:
        queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
