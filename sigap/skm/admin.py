from __future__ import annotations

from django.contrib import admin

from sigap.skm.models import IkmBand, IkmMethod


class IkmBandInline(admin.TabularInline):
    model = IkmBand
    extra = 0


@admin.register(IkmMethod)
class IkmMethodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "weight", "conversion", "source"]
    inlines = [IkmBandInline]
