"""Channel URLs: gateways' webhooks (public, signed) and the staff pages for intake."""

from __future__ import annotations

from django.urls import include, path

from sigap.channels import views

app_name = "channels"
urlpatterns = [
    path("pesan/", views.inbound_list, name="inbound"),
    path("pesan/<int:pk>/", views.inbound_detail, name="inbound_detail"),
    path("lapor/", include("sigap.channels.lapor.urls")),
    path("forum/", include("sigap.channels.forum.urls")),
    path("", include("sigap.channels.gateway.urls")),
]
