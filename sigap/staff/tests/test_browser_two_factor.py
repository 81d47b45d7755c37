"""A real browser: an invited officer enrols an authenticator, signs out, and signs in with a code."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from sigap.accounts.models import Role, User
from sigap.accounts.services import role_grant
from sigap.complaints.workflow import Action
from sigap.test import PASSWORD, BaseTestCase, Personas, make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_enrol_an_authenticator_then_sign_in_with_a_code(live_server, browser, artifacts):
    people = SimpleNamespace()
    Personas.build(people)
    case, _ = BaseTestCase.submit(people)
    BaseTestCase.advance(people, case, Action.VERIFY, Action.DISPATCH)
    newcomer = make_user("petugas_baru", first_name="Dewi")
    role_grant(user=newcomer, role=Role.OPD_OFFICER, jurisdiction=people.city, opd=people.opd_a, actor=None)
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()

    # Password first: a staff member without an authenticator is sent to set one up.
    page.goto(f"{base}/staf/kasus/{case.tracking_code}/")
    page.fill("#id_username", "petugas_baru")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/akun/2fa/daftar/**")
    assert page.locator(".qr svg").is_visible()
    page.screenshot(path=artifacts / "2fa-enrol.png", full_page=True)

    # The code the phone would show, computed from the key the page shows.
    newcomer = User.objects.get(username="petugas_baru")
    shown_key = page.inner_text("[data-testid=secret]").replace(" ", "")
    from base64 import b32encode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert shown_key == b32encode(TOTPDevice.objects.get(user=newcomer).bin_key).decode()
    page.fill("#id_token", totp_code(newcomer))
    page.click("[data-testid=confirm]")
    codes = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=artifacts / "2fa-recovery-codes.png", full_page=True)
    page.click("main a.btn")
    page.wait_for_url(f"{base}/staf/kasus/{case.tracking_code}/")
    assert case.title in page.inner_text("main")

    # Sign out and in again: now the code is asked for before the case opens.
    page.click("nav .dropdown-toggle >> nth=-1")  # the account menu
    page.click("nav form[action='/akun/keluar/'] button")
    page.goto(f"{base}/staf/kasus/{case.tracking_code}/")
    page.fill("#id_username", "petugas_baru")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/akun/2fa/?**")
    page.fill("#id_token", "000000")
    page.click("[data-testid=verify]")
    assert page.locator(".invalid-feedback").count() == 1
    page.screenshot(path=artifacts / "2fa-wrong-code.png", full_page=True)
    # django-otp throttles after a failure (1 s); a code one step ahead is within its tolerance.
    page.wait_for_timeout(1200)
    page.fill("#id_token", totp_code(newcomer, steps_ahead=1))
    page.click("[data-testid=verify]")
    page.wait_for_url(f"{base}/staf/kasus/{case.tracking_code}/")

    # Their own sign-ins, with the failed code among them.
    page.goto(f"{base}{reverse('staff:security')}")
    text = page.inner_text("[data-testid=sign-ins]")
    assert "Kode autentikator salah" in text and "Kode autentikator diterima" in text
    page.screenshot(path=artifacts / "2fa-sign-ins.png", full_page=True)
    context.close()
