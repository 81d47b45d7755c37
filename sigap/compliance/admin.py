"""The assessment method is data: a new year's scheme is added here, not in code."""

from __future__ import annotations

from django.contrib import admin

from sigap.compliance.models import Band, Dimension, Indicator, Qualifier, Scheme, VenueWeight


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


class BandInline(admin.TabularInline):
    model = Band
    extra = 0


class QualifierInline(admin.TabularInline):
    model = Qualifier
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "first_year", "last_year"]
    inlines = [DimensionInline, BandInline, QualifierInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "weight", "confidence"]
    list_filter = ["scheme"]
    inlines = [IndicatorInline]


@admin.register(VenueWeight)
class VenueWeightAdmin(admin.ModelAdmin):
    list_display = ["venue", "weight", "note"]
