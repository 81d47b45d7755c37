from __future__ import annotations

from django.contrib import admin

from sigap.organisations.models import Category, ComplexityTier, Jurisdiction, Opd, Service, ServiceUnit


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "timezone", "domain", "overseen_by", "is_active"]
    list_filter = ["kind", "timezone", "is_active"]
    search_fields = ["name", "slug", "domain"]


class ServiceUnitInline(admin.TabularInline):
    model = ServiceUnit
    extra = 0


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "jurisdiction", "is_active"]
    list_filter = ["jurisdiction", "kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    inlines = [ServiceUnitInline]


@admin.register(ServiceUnit)
class ServiceUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "opd", "venue", "is_active"]
    list_filter = ["venue", "opd__jurisdiction"]
    search_fields = ["name"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "is_active"]
    list_filter = ["unit__opd__jurisdiction", "unit__venue"]
    search_fields = ["name", "code"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name", "group", "code", "default_opd", "default_tier", "lapor_category", "jurisdiction", "is_active",
    ]  # fmt: skip
    list_filter = ["jurisdiction", "group", "is_active"]
    search_fields = ["name", "code", "lapor_category", "lapor_subcategory"]
    autocomplete_fields = ["default_opd", "service"]


@admin.register(ComplexityTier)
class ComplexityTierAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "days", "counting", "jurisdiction", "position", "is_active"]
    list_filter = ["jurisdiction", "is_active"]
    search_fields = ["name", "code"]
