from __future__ import annotations

from django.urls import path

from sigap.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("staf/dasbor/", views.dashboard, name="dashboard"),
    path("staf/dasbor/peta.json", views.dashboard_map, name="map"),
    path("statistik/", views.public_statistics, name="public"),
    path("statistik/<slug:slug>/", views.public_statistics, name="public_jurisdiction"),
    path("statistik/<slug:slug>/peta.json", views.public_map, name="public_map"),
]
