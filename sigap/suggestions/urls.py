from __future__ import annotations

from django.urls import path

from sigap.suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("staf/kasus/<str:code>/duplikat/<str:other>/tautkan/", views.case_link, name="link"),
    path("staf/kasus/<str:code>/duplikat/<str:other>/gabungkan/", views.case_merge, name="merge"),
    path("staf/kasus/<str:code>/kirim-otomatis/batalkan/", views.auto_dispatch_undo_view, name="auto_dispatch_undo"),
    path("staf/kirim-otomatis/", views.auto_dispatch_settings, name="auto_dispatch_settings"),
    path("lapor/serupa/", views.similar, name="similar"),
    path("pantau/<str:code>/", views.follow, name="follow"),
    path("pantau/<str:code>/ikuti/", views.follow_add, name="follow_add"),
]
