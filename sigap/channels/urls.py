"""Channel URLs: gateways' webhooks (public, signed) and the staff pages for intake."""

from __future__ import annotations

from django.urls import include, path

from sigap.channels import views
from sigap.channels.telegram import views as telegram_views
from sigap.channels.wacloud import views as wacloud_views

app_name = "channels"
urlpatterns = [
    path("pesan/", views.inbound_list, name="inbound"),
    path("pesan/<int:pk>/", views.inbound_detail, name="inbound_detail"),
    path("lapor/", include("sigap.channels.lapor.urls")),
    path("forum/", include("sigap.channels.forum.urls")),
    path("wa-cloud/", wacloud_views.webhook, name="wa_cloud"),
    path("telegram/", telegram_views.webhook, name="telegram"),
    path("", include("sigap.channels.gateway.urls")),
]
