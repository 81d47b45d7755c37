from __future__ import annotations

from django.urls import path

from sigap.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("lapor/", views.submit, name="submit"),
    path("lapor/terima-kasih/<str:code>/", views.thanks, name="thanks"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:code>/", views.case, name="case"),
    path("lacak/<str:code>/aksi/<str:action>/", views.act, name="act"),
    path("lacak/<str:code>/balas/", views.reply, name="reply"),
    path("lacak/<str:code>/nilai/", views.rate, name="rate"),
    path("lacak/<str:code>/lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("pengaduan-saya/", views.my_complaints, name="mine"),
]
