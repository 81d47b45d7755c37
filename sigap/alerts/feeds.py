"""Atom feeds of public reports: all, per area (kelurahan or kecamatan) and per category."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sigap.organisations.models import Category
from sigap.publicreports.models import Area, PublicReport
from sigap.publicreports.selectors import Filters, published_reports

ITEMS = 50


class ReportFeed(Feed):
    feed_type = Atom1Feed

    def filters(self, obj: Any) -> Filters:
        return Filters()

    def title(self, obj: Any = None) -> str:
        return _("Sigap: new public reports")

    def link(self, obj: Any = None) -> str:
        return reverse("publicreports:list")

    def items(self, obj: Any = None) -> list[PublicReport]:
        qs = published_reports(self.filters(obj)).select_related("complaint", "category", "kelurahan")
        return list(qs.order_by("-filed_at", "-complaint_id")[:ITEMS])

    def item_title(self, item: PublicReport) -> str:
        return item.title

    def item_description(self, item: PublicReport) -> str:
        return item.summary

    def item_link(self, item: PublicReport) -> str:
        return reverse("publicreports:detail", args=[item.complaint.tracking_code])

    def item_pubdate(self, item: PublicReport) -> datetime | None:
        return item.published_at or item.filed_at

    def item_categories(self, item: PublicReport) -> list[str]:
        return [str(item.category)] if item.category else []


class AreaFeed(ReportFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Area:
        return get_object_or_404(Area, pk=pk)

    def filters(self, obj: Area) -> Filters:
        if obj.kind == Area.Kind.KECAMATAN:
            return Filters(kecamatan_id=obj.pk)
        return Filters(kelurahan_id=obj.pk)

    def title(self, obj: Area | None = None) -> str:
        return _("Sigap: public reports in %(area)s") % {"area": obj}

    def link(self, obj: Area | None = None) -> str:
        field = "kecamatan" if obj and obj.kind == Area.Kind.KECAMATAN else "kelurahan"
        return f"{reverse('publicreports:list')}?{field}={obj.pk if obj else ''}"


class CategoryFeed(ReportFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Category:
        return get_object_or_404(Category, pk=pk, is_active=True)

    def filters(self, obj: Category) -> Filters:
        return Filters(category_id=obj.pk)

    def title(self, obj: Category | None = None) -> str:
        return _("Sigap: public reports in the category %(name)s") % {"name": obj}

    def link(self, obj: Category | None = None) -> str:
        return f"{reverse('publicreports:list')}?category={obj.pk if obj else ''}"
