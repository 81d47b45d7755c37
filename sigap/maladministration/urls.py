from __future__ import annotations

from django.urls import path

from sigap.maladministration import views

app_name = "maladministration"
urlpatterns = [
    path("<str:code>/", views.classify, name="classify"),
    path("<str:code>/tinjau/", views.review, name="review"),
]
