from __future__ import annotations

from django.urls import path

from sigap.channels.forum import views

urlpatterns = [
    path("", views.sessions, name="forum_sessions"),
    path("<int:pk>/", views.entry, name="forum_entry"),
]
