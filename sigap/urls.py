"""Top-level URLs. `/api/v1/` and `/open311/v2/` are stable public paths."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sigap.portal.urls")),
    path("staf/", include("sigap.backoffice.urls")),
    path("", include("sigap.dashboards.urls")),
    path("", include("sigap.exports.urls")),
    path("", include("sigap.suggestions.urls")),
    path("akun/", include("sigap.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sysadmin/", admin.site.urls),
]
