from __future__ import annotations

app_name = "suggestions"
urlpatterns: list = []
