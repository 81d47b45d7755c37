from __future__ import annotations

from django.urls import path

from sigap.inspektorat import views

app_name = "inspektorat"
urlpatterns = [
    path("", views.monitoring, name="monitoring"),
    path("opd/<int:pk>/", views.opd_report, name="opd_report"),
    path("opd/<int:pk>/penjelasan/", views.request_explanation, name="explanation"),
]
