from __future__ import annotations

from django.urls import path

from sigap.standards import views

app_name = "standards"
urlpatterns = [
    path("standar-pelayanan/", views.public_index, name="public_index"),
    path("standar-pelayanan/<int:pk>/", views.public_detail, name="public_detail"),
    path("staf/standar/", views.manage, name="manage"),
    path("staf/standar/<int:pk>/", views.edit, name="edit"),
]
