from __future__ import annotations

from django.urls import path

from sigap.suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("staf/kasus/<str:code>/duplikat/<str:other>/tautkan/", views.case_link, name="link"),
    path("staf/kasus/<str:code>/duplikat/<str:other>/gabungkan/", views.case_merge, name="merge"),
    path("lapor/serupa/", views.similar, name="similar"),
    path("pantau/<str:code>/", views.follow, name="follow"),
    path("pantau/<str:code>/ikuti/", views.follow_add, name="follow_add"),
]
