"""Top-level URLs. `/api/v1/` and `/open311/v2/` are stable public paths."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

# The system administrators' site asks for the second factor too.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    # The APIs first: Django tries patterns in order, and machine clients send most requests. No
    # pattern below matches a path under these prefixes, so the order changes no resolution.
    path("api/v1/", include("sigap.api.urls")),
    path("open311/v2/", include("sigap.open311.urls")),
    path("", include("sigap.staff.urls")),
    path("", include("sigap.portal.urls")),
    path("staf/pelatihan/", include("sigap.training.urls")),
    path("staf/pengetahuan/", include("sigap.knowledge.urls")),
    path("staf/kinerja/", include("sigap.performance.urls")),
    path("", include("sigap.standards.urls")),
    path("", include("sigap.skm.urls")),
    path("staf/kiriman/", include("sigap.notifications.urls")),
    path("staf/pemeriksaan-tenggat/", include("sigap.escalation.urls")),
    path("staf/", include("sigap.backoffice.urls")),
    path("staf/maladministrasi/", include("sigap.maladministration.urls")),
    path("staf/pengawasan/", include("sigap.oversight.urls")),
    path("staf/ombudsman/", include("sigap.ombudsman.urls")),
    path("staf/inspektorat/", include("sigap.inspektorat.urls")),
    path("staf/kepatuhan/", include("sigap.compliance.urls")),
    path("kanal/", include("sigap.channels.urls")),
    path("", include("sigap.dashboards.urls")),
    path("", include("sigap.exports.urls")),
    path("", include("sigap.suggestions.urls")),
    path("", include("sigap.publicreports.urls")),
    path("", include("sigap.alerts.urls")),
    path("", include("sigap.citizens.urls")),
    path("akun/", include("sigap.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sysadmin/", admin.site.urls),
]

handler400 = "sigap.web.errors.bad_request"
handler403 = "sigap.web.errors.forbidden"
handler404 = "sigap.web.errors.not_found"
handler500 = "sigap.web.errors.server_error"
