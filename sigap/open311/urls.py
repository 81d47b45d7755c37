from __future__ import annotations

from django.urls import path, re_path

from sigap.open311 import views

app_name = "open311"
urlpatterns = [
    path("", views.index, name="index"),
    path("discovery.<str:fmt>", views.discovery, name="discovery"),
    path("services.<str:fmt>", views.services, name="services"),
    re_path(r"^services/(?P<service_code>[^/]+)\.(?P<fmt>[^./]+)$", views.service_definition, name="service"),
    path("requests.<str:fmt>", views.requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+)\.(?P<fmt>[^./]+)$", views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[^/]+)\.(?P<fmt>[^./]+)$", views.token, name="token"),
    path("servicerequestupdates.<str:fmt>", views.updates, name="updates"),
    re_path(r"^(?P<rest>.+)$", views.not_found),
]
