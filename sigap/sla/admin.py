from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sigap.sla.models import HolidayOverride, TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["stage", "days", "counting", "jurisdiction", "category", "source"]
    list_filter = ["stage", "jurisdiction"]


def report_moved(
    modeladmin: admin.ModelAdmin, request: HttpRequest, cases: int, *, reports: int = 0, requests: int = 0
) -> None:
    """Tell the staff member how many open deadlines their change moved."""
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d open case's deadline was adjusted for the change of holidays.",
            "%(count)d open cases' deadlines were adjusted for the change of holidays.",
            cases,
        )
        % {"count": cases},
        messages.INFO,
    )
    if reports or requests:
        modeladmin.message_user(
            request,
            _(
                "Also adjusted: %(reports)d Ombudsman report deadlines and %(requests)d deadlines of requests to "
                "institutions."
            )
            % {"reports": reports, "requests": requests},
            messages.INFO,
        )


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "action", "is_cuti_bersama", "jurisdiction", "decree"]
    list_filter = ["action", "is_cuti_bersama", "jurisdiction"]
    date_hierarchy = "date"

    # The recompute lives with the deadline sweep (it writes case timelines); imported here
    # lazily because the escalation app itself depends on sla.
    def save_model(self, request: HttpRequest, obj: HolidayOverride, form: Any, change: bool) -> None:
        from sigap.escalation.holidays import holiday_override_save

        previous = form.initial.get("date") if change else None
        moved = holiday_override_save(override=obj, actor=request.user, previous_date=previous)  # type: ignore[arg-type]
        report_moved(self, request, moved.cases, reports=moved.reports, requests=moved.requests)

    def delete_model(self, request: HttpRequest, obj: HolidayOverride) -> None:
        from sigap.escalation.holidays import holiday_override_delete

        moved = holiday_override_delete(override=obj, actor=request.user)  # type: ignore[arg-type]
        report_moved(self, request, moved.cases, reports=moved.reports, requests=moved.requests)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HolidayOverride]) -> None:
        from sigap.escalation.holidays import holiday_override_delete

        user = request.user
        cases = reports = requests = 0
        for row in queryset:
            moved = holiday_override_delete(override=row, actor=user)  # type: ignore[arg-type]
            cases, reports, requests = cases + moved.cases, reports + moved.reports, requests + moved.requests
        report_moved(self, request, cases, reports=reports, requests=requests)
