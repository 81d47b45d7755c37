from __future__ import annotations

from django.urls import path

from sigap.channels.lapor import views

urlpatterns = [
    path("impor/", views.batch_import, name="lapor_import"),
    path("ekspor/<str:source>.<str:fmt>", views.export, name="lapor_export"),
]
