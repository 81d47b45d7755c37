from __future__ import annotations

from django.urls import path

from sigap.compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.home, name="home"),
    path("unit/<int:unit>/<int:year>/", views.assessment, name="assessment"),
    path("unit/<int:unit>/<int:year>/bukti/", views.evidence_upload, name="evidence"),
    path("unit/<int:unit>/<int:year>/kirim/", views.submit, name="submit"),
    path("unit/<int:unit>/<int:year>/bukti/<int:pk>/", views.evidence_file, name="evidence_file"),
]
