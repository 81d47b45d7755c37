from __future__ import annotations

from django.contrib import admin

from sigap.publicreports.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ("name", "kind", "parent", "jurisdiction")
    list_filter = ("kind", "jurisdiction")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
