from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from sigap.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.sign_up, name="signup"),
]
