from __future__ import annotations

from django.urls import path

from sigap.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.home, name="home"),
    path("opd/<int:opd_id>/", views.opd, name="opd"),
    path("petugas/<int:user_id>/", views.officer, name="officer"),
]
