from __future__ import annotations

from django.urls import path

from sigap.ombudsman import views

app_name = "ombudsman"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("laporan/baru/", views.report_new, name="report_new"),
    path("laporan/<int:pk>/", views.report_detail, name="report"),
    path("laporan/<int:pk>/identitas/", views.report_identity, name="identity"),
    path("laporan/<int:pk>/verifikasi/", views.report_checks, name="checks"),
    path("laporan/<int:pk>/aksi/<str:action>/", views.report_action, name="action"),
    path("laporan/<int:pk>/catatan/", views.report_note, name="note"),
    path("laporan/<int:pk>/permintaan/", views.report_request, name="request"),
    path("laporan/<int:pk>/maladministrasi/", views.report_classify, name="classify"),
    path("laporan/<int:pk>/tanda-terima/", views.report_receipt, name="receipt"),
    path("laporan/<int:pk>/pemberitahuan/<str:kind>/", views.report_notice_sent, name="notice_sent"),
]
