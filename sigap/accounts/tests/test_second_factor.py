"""One check decides whether a session has passed the second factor, wherever staff are let in."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from sigap.accounts import decorators
from sigap.accounts.second_factor import second_factor_passed
from sigap.accounts.templatetags import menu
from sigap.api import auth
from sigap.staff import views as staff_views
from sigap.test import BaseTestCase


class SecondFactorTest(BaseTestCase):
    def test_staff_pages_the_api_the_account_pages_and_the_menu_ask_the_same_check(self) -> None:
        for module in (decorators, auth, staff_views, menu):
            with self.subTest(module=module.__name__):
                self.assertIs(module.second_factor_passed, second_factor_passed)

    def test_without_the_otp_middleware_a_session_has_not_passed(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.admin  # no OTPMiddleware: the user carries no is_verified()
        request.session = SessionStore()
        self.assertFalse(second_factor_passed(request))
        # The menu used to show the staff sections when nothing was known about the second factor.
        self.assertEqual(menu.staff_menu({"request": request}), {"sections": []})

    def test_a_verified_session_has_passed_and_an_unverified_one_has_not(self) -> None:
        self.client.force_login(self.admin)
        self.assertTrue(self.client.get("/").wsgi_request.user.is_verified())
        self.assertTrue(second_factor_passed(self.client.get("/").wsgi_request))
        self.client.force_login(self.admin, verified=False)
        self.assertFalse(second_factor_passed(self.client.get("/").wsgi_request))
