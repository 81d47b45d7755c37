from __future__ import annotations

from django.urls import path

from sigap.staff import views

app_name = "staff"
urlpatterns = [
    # Signing in and one's own account.
    path("akun/2fa/", views.second_factor, name="second_factor"),
    path("akun/2fa/daftar/", views.enrol, name="enrol"),
    path("akun/keamanan/", views.security, name="security"),
    path("akun/keamanan/kode-pemulihan/", views.recovery_codes_renew, name="recovery_codes"),
    path("akun/undangan/<str:token>/", views.accept, name="accept"),
    path("akun/lupa-sandi/", views.password_forgotten, name="password_forgotten"),
    path("akun/sandi/<uidb64>/<token>/", views.PasswordResetConfirm.as_view(), name="password_reset"),
    # A staff administrator manages the jurisdiction's staff.
    path("staf/pegawai/", views.staff_home, name="home"),
    path("staf/pegawai/<int:jid>/", views.staff_list, name="list"),
    path("staf/pegawai/<int:jid>/undang/", views.invite, name="invite"),
    path("staf/pegawai/<int:jid>/undangan/<int:pk>/tarik/", views.invitation_withdraw, name="withdraw"),
    path("staf/pegawai/<int:jid>/<int:uid>/", views.member, name="member"),
    path("staf/pegawai/<int:jid>/<int:uid>/peran/", views.role_add, name="role_add"),
    path("staf/pegawai/<int:jid>/<int:uid>/peran/<int:aid>/cabut/", views.role_remove, name="role_remove"),
    path("staf/pegawai/<int:jid>/<int:uid>/nonaktifkan/", views.deactivate, name="deactivate"),
    path("staf/pegawai/<int:jid>/<int:uid>/reset-sandi/", views.password_reset, name="password_reset_send"),
    path("staf/pegawai/<int:jid>/<int:uid>/reset-2fa/", views.twofactor_reset, name="twofactor_reset"),
    path("staf/pegawai/<int:jid>/<int:uid>/buka-kunci/", views.unlock, name="unlock"),
]
