from __future__ import annotations

from django.urls import path

from sigap.training import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("baru/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/materi/", views.material_add, name="material_add"),
    path("<int:pk>/materi/<int:material_id>/", views.material, name="material"),
    path("<int:pk>/peserta/", views.participants_add, name="participants"),
    path("<int:pk>/kehadiran/", views.attendance, name="attendance"),
    path("sertifikat/<int:participation_id>/", views.certificate, name="certificate"),
    path("opd/<int:opd_id>/", views.opd_record, name="opd"),
]
