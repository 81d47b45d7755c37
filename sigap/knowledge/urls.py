from __future__ import annotations

from django.urls import path

from sigap.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.home, name="home"),
    path("artikel/<int:pk>/", views.article, name="article"),
    path("templat/", views.templates, name="templates"),
    path("templat/baru/", views.template_edit, name="template_new"),
    path("templat/<int:pk>/", views.template_edit, name="template_edit"),
    path("templat/<int:pk>/setujui/", views.template_approve, name="template_approve"),
    path("templat/<int:pk>/nonaktifkan/", views.template_retire, name="template_retire"),
]
