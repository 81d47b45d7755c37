from __future__ import annotations

from django.urls import path

from sigap.skm import views

app_name = "skm"
urlpatterns = [
    path("survei/", views.service_list, name="services"),
    path("survei/layanan/<int:pk>/", views.service_survey, name="service_survey"),
    path("survei/pengaduan/<str:code>/", views.complaint_survey, name="complaint_survey"),
    path("staf/skm/", views.results, name="results"),
    path("staf/skm/unit/<int:pk>/", views.unit_results, name="unit_results"),
]
