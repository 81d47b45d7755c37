from __future__ import annotations

from django.urls import path

from sigap.exports import views

app_name = "exports"
urlpatterns = [
    path("staf/ekspor/", views.export_list, name="list"),
    path("staf/ekspor/daftar/", views.export_inbox, name="inbox"),
    path("staf/ekspor/laporan/", views.export_report, name="report"),
    path("staf/ekspor/<uuid:export_id>/", views.export_detail, name="detail"),
    path("staf/ekspor/<uuid:export_id>/unduh/", views.export_download, name="download"),
]
