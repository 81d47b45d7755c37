from __future__ import annotations

from django.urls import path

from sigap.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("catat/", views.record, name="record"),
    path("kasus/<str:code>/", views.case_detail, name="case"),
    path("kasus/<str:code>/aksi/<str:action>/", views.case_transition, name="transition"),
    path("kasus/<str:code>/catatan/", views.case_note, name="note"),
    path("kasus/<str:code>/balas/", views.case_reply, name="reply"),
    path("kasus/<str:code>/klasifikasi/", views.case_classify, name="classify"),
    path("kasus/<str:code>/identitas/", views.case_identity, name="identity"),
    path("kasus/<str:code>/ganti-rugi/", views.case_compensation_claim, name="compensation_claim"),
    path("kasus/<str:code>/ganti-rugi/bayar/", views.case_compensation_payment, name="compensation_payment"),
    path("kasus/<str:code>/lampiran/<int:pk>/", views.case_attachment, name="attachment"),
]
