from __future__ import annotations

from django.urls import path
from django.views.decorators.http import require_GET

from sigap.alerts import feeds, views

app_name = "alerts"
urlpatterns = [
    path("peringatan/", views.subscribe, name="subscribe"),
    path("peringatan/konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("peringatan/berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("umpan/laporan.atom", require_GET(feeds.ReportFeed()), name="feed_all"),
    path("umpan/wilayah/<int:pk>.atom", require_GET(feeds.AreaFeed()), name="feed_area"),
    path("umpan/kategori/<int:pk>.atom", require_GET(feeds.CategoryFeed()), name="feed_category"),
]
