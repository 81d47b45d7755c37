from __future__ import annotations

from django.urls import path

from sigap.escalation import views

app_name = "escalation"
urlpatterns = [
    path("", views.sweeps, name="sweeps"),
]
