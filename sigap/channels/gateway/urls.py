from __future__ import annotations

from django.urls import path

from sigap.channels.gateway import views

urlpatterns = [
    path("<str:channel>/<slug:jurisdiction>/", views.inbound, name="gateway"),
]
