from __future__ import annotations

from django.urls import path

from sigap.citizens import views

app_name = "citizens"
urlpatterns = [
    path("lapor/terima-kasih/<str:code>/tanda-terima.pdf", views.receipt, name="receipt"),
    path("akun/saya/", views.account, name="account"),
    path("akun/klaim/", views.claim, name="claim"),
    path("akun/preferensi/", views.preferences, name="preferences"),
]
