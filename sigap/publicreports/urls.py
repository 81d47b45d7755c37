from __future__ import annotations

from django.urls import path

from sigap.publicreports import views

app_name = "publicreports"
urlpatterns = [
    path("laporan/", views.report_list, name="list"),
    path("laporan/peta.json", views.report_map, name="map"),
    path("laporan/dukungan/<str:token>/", views.support_confirm_view, name="support_confirm"),
    path("laporan/dukungan-telepon/<str:token>/", views.support_phone_code, name="support_phone_code"),
    path("laporan/<str:code>/", views.report_detail, name="detail"),
    path("laporan/<str:code>/foto/<int:pk>/", views.report_photo, name="photo"),
    path("laporan/<str:code>/dukung/", views.support, name="support"),
    path("laporan/<str:code>/dukung/telepon/", views.support_phone, name="support_phone"),
    path("staf/kasus/<str:code>/laporan-publik/", views.moderate, name="moderate"),
]
