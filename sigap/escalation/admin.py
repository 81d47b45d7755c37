"""The deadline pages: sweep runs, and the holiday and cuti-bersama edits that move open deadlines."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sigap.escalation.holidays import (
    holiday_override_delete,
    holiday_override_save,
    jurisdiction_set_works_on_cuti_bersama,
)
from sigap.escalation.models import SweepRun
from sigap.organisations.admin import JurisdictionAdmin
from sigap.organisations.models import Jurisdiction
from sigap.sla.models import HolidayOverride


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "as_of", "seconds", "counts", "errors"]
    readonly_fields = ["started_at", "finished_at", "as_of", "counts", "errors"]


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

    # Saving or deleting a holiday moves the open deadlines it falls in (and writes their timelines).
    def save_model(self, request: HttpRequest, obj: HolidayOverride, form: Any, change: bool) -> None:
        previous = form.initial.get("date") if change else None
        moved = holiday_override_save(override=obj, actor=request.user, previous_date=previous)  # type: ignore[arg-type]
        report_moved(self, request, moved.cases, reports=moved.reports, requests=moved.requests)

    def delete_model(self, request: HttpRequest, obj: HolidayOverride) -> None:
        moved = holiday_override_delete(override=obj, actor=request.user)  # type: ignore[arg-type]
        report_moved(self, request, moved.cases, reports=moved.reports, requests=moved.requests)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HolidayOverride]) -> None:
        user = request.user
        cases = reports = requests = 0
        for row in queryset:
            moved = holiday_override_delete(override=row, actor=user)  # type: ignore[arg-type]
            cases, reports, requests = cases + moved.cases, reports + moved.reports, requests + moved.requests
        report_moved(self, request, cases, reports=reports, requests=requests)


# organisations' page for jurisdictions, plus moving the open deadlines when the cuti-bersama switch
# changes: organisations cannot import the deadline code, which depends on it.
admin.site.unregister(Jurisdiction)


@admin.register(Jurisdiction)
class JurisdictionDeadlinesAdmin(JurisdictionAdmin):
    def save_model(self, request: HttpRequest, obj: Jurisdiction, form: Any, change: bool) -> None:
        """Switching cuti bersama moves the open deadlines (see sigap/escalation/holidays.py)."""
        if change and "works_on_cuti_bersama" in form.changed_data:
            wanted = obj.works_on_cuti_bersama
            obj.works_on_cuti_bersama = form.initial["works_on_cuti_bersama"]
            moved = jurisdiction_set_works_on_cuti_bersama(
                jurisdiction=obj,
                works_on_cuti_bersama=wanted,
                actor=request.user,  # type: ignore[arg-type]
            )
            report_moved(self, request, moved.cases, reports=moved.reports, requests=moved.requests)
        super().save_model(request, obj, form, change)
