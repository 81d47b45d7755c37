"""Top-level URLs. `/api/v1/` and `/open311/v2/` are stable public paths."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sigap.portal.urls")),
    path("", include("sigap.standards.urls")),
    path("", include("sigap.skm.urls")),
    path("staf/", include("sigap.backoffice.urls")),
    path("staf/maladministrasi/", include("sigap.maladministration.urls")),
    path("staf/pengawasan/", include("sigap.oversight.urls")),
    path("staf/ombudsman/", include("sigap.ombudsman.urls")),
    path("staf/inspektorat/", include("sigap.inspektorat.urls")),
    path("staf/kepatuhan/", include("sigap.compliance.urls")),
    path("akun/", include("sigap.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sysadmin/", admin.site.urls),
]
