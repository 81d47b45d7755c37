from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sigap.accounts.models import RoleAssignment, User
from sigap.accounts.requests import AuthenticatedRequest
from sigap.audit.services import audit_record


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["opd"]


@admin.register(User)
class SigapUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_superuser"]

    def save_formset(
        self,
        request: AuthenticatedRequest,  # type: ignore[override]
        form: Any,
        formset: Any,
        change: bool,
    ) -> None:
        # Role changes made here are audited like any other role change.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action="role.delete",
                obj=obj,
                jurisdiction_id=obj.jurisdiction_id,
                summary=str(obj),
                request=request,
            )
            obj.delete()
        for obj in instances:
            created = obj.pk is None
            obj.save()
            audit_record(
                actor=request.user,
                action="role.grant" if created else "role.change",
                obj=obj,
                jurisdiction_id=obj.jurisdiction_id,
                summary=str(obj),
                changes={"role": [None, obj.role], "opd": [None, obj.opd_id], "is_active": [None, obj.is_active]},
                request=request,
            )
        formset.save_m2m()
