"""Top-level URLs. `/api/v1/` and `/open311/v2/` are stable public paths."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sigap.portal.urls")),
    path("staf/", include("sigap.backoffice.urls")),
    path("akun/", include("sigap.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sysadmin/", admin.site.urls),
    path("api/v1/", include("sigap.api.urls")),
    path("open311/v2/", include("sigap.open311.urls")),
]
