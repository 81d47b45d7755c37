from __future__ import annotations

from django.urls import path

from sigap.oversight import views

app_name = "oversight"
urlpatterns = [
    path("permintaan/", views.request_list, name="requests"),
    path("permintaan/<int:pk>/", views.request_detail, name="request"),
    path("permintaan/<int:pk>/tanda-terima/", views.request_receipt, name="receipt"),
    path("permintaan/<int:pk>/dokumen/<int:doc>/", views.request_document, name="document"),
    path("peringatan/", views.early_warnings, name="warnings"),
]
