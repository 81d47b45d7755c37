"""Two-factor sign-in: enrolment, verification, recovery codes, and the gate on staff pages."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.complaints.models import ComplaintEvent
from sigap.complaints.workflow import Action
from sigap.staff.middleware import SessionLimitsMiddleware
from sigap.staff.models import SignIn
from sigap.test import PASSWORD, BaseTestCase, Client, make_user, totp_code


class GateTest(BaseTestCase):
    def setUp(self):
        self.case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)
        self.case_url = reverse("backoffice:case", args=[self.case.tracking_code])
        self.identity_url = reverse("backoffice:identity", args=[self.case.tracking_code])

    def test_a_staff_user_without_2fa_cannot_open_a_case_with_an_identity(self):
        """Enrolled but not verified in this session, or never enrolled: neither reaches the case or identity."""
        never_enrolled = make_user("petugas_baru")
        from sigap.accounts.models import Role
        from sigap.accounts.services import role_grant

        role_grant(user=never_enrolled, role=Role.OPD_OFFICER, jurisdiction=self.city, opd=self.opd_a, actor=None)
        for user in (self.admin, self.petugas_a, never_enrolled):
            with self.subTest(user=user.username):
                self.client.force_login(user, verified=False)
                for url in (self.case_url, self.identity_url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(response["Location"].startswith(reverse("staff:second_factor")))
                    self.assertNotContains(self.client.get(url, follow=True), "Budi Santoso")
        self.assertFalse(self.case.events.filter(kind=ComplaintEvent.Kind.IDENTITY_VIEW).exists())

    def test_the_same_users_reach_the_case_once_verified(self):
        self.client.force_login(self.petugas_a)
        self.assertEqual(self.client.get(self.case_url).status_code, 200)
        self.assertContains(self.client.get(self.identity_url), "Budi Santoso")

    def test_a_fragment_request_is_sent_to_the_second_factor_page(self):
        self.client.force_login(self.admin, verified=False)
        response = self.client.get(self.identity_url, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 204)
        self.assertTrue(response["HX-Redirect"].startswith(reverse("staff:second_factor")))

    def test_an_unenrolled_user_is_sent_on_to_enrolment(self):
        self.client.force_login(make_user("tanpa_2fa"), verified=False)
        from sigap.accounts.models import Role, User
        from sigap.accounts.services import role_grant

        role_grant(
            user=User.objects.get(username="tanpa_2fa"), role=Role.INSPEKTORAT, jurisdiction=self.city, actor=None
        )
        response = self.client.get(reverse("staff:second_factor") + "?next=/staf/")
        self.assertRedirects(response, reverse("staff:enrol") + "?next=/staf/", fetch_redirect_response=False)

    def test_every_staff_role_needs_the_second_factor(self):
        for user in (
            self.admin,
            self.petugas_a,
            self.kepala_a,
            self.focal_a,
            self.inspektur,
            self.ombudsman,
            self.kepegawaian,
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user, verified=False)
                self.assertEqual(self.client.get(reverse("backoffice:inbox")).status_code, 302)

    def test_the_sign_in_page_asks_staff_for_the_code_and_reporters_for_nothing(self):
        response = self.client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD})
        self.assertTrue(response["Location"].startswith(reverse("staff:second_factor")))
        self.client.logout()
        response = self.client.post(reverse("accounts:login"), {"username": "warga", "password": PASSWORD})
        self.assertRedirects(response, reverse("portal:mine"), fetch_redirect_response=False)

    def test_the_system_administrators_site_asks_for_the_second_factor(self):
        TOTPDevice.objects.create(user=self.sysadmin, name="authenticator", confirmed=True)
        self.client.force_login(self.sysadmin, verified=False)
        self.assertEqual(self.client.get("/sysadmin/").status_code, 302)
        self.client.force_login(self.sysadmin)
        self.assertEqual(self.client.get("/sysadmin/").status_code, 200)


class VerifyTest(BaseTestCase):
    def test_the_right_code_opens_the_next_page_and_is_recorded(self):
        self.client.force_login(self.admin, verified=False)
        response = self.client.post(
            reverse("staff:second_factor"), {"token": totp_code(self.admin), "next": "/staf/"}, REMOTE_ADDR="10.1.2.3"
        )
        self.assertRedirects(response, "/staf/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/staf/").status_code, 200)
        record = SignIn.objects.filter(user=self.admin).latest("id")
        self.assertEqual((record.outcome, record.ip_address), (SignIn.Outcome.SECOND_FACTOR_OK, "10.1.2.3"))

    def test_a_wrong_code_is_refused_then_throttled(self):
        """django-otp's throttle: after a failure, even the right code waits (1 s, doubling per failure)."""
        self.client.force_login(self.admin, verified=False)
        response = self.client.post(reverse("staff:second_factor"), {"token": "000000"})
        self.assertContains(response, "invalid-feedback")
        response = self.client.post(reverse("staff:second_factor"), {"token": totp_code(self.admin)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/staf/").status_code, 302)
        self.assertEqual(SignIn.objects.filter(user=self.admin, outcome=SignIn.Outcome.SECOND_FACTOR_FAILED).count(), 2)

    def test_a_code_cannot_be_used_twice(self):
        code = totp_code(self.admin)
        self.client.force_login(self.admin, verified=False)
        self.client.post(reverse("staff:second_factor"), {"token": code})
        self.client.force_login(self.admin, verified=False)
        response = self.client.post(reverse("staff:second_factor"), {"token": code})
        self.assertEqual(response.status_code, 200)  # refused, form shown again

    def test_a_recovery_code_works_once(self):
        self.client.force_login(self.petugas_a)
        response = self.client.post(reverse("staff:recovery_codes"))
        codes = response.context["codes"]
        self.assertEqual(len(codes), 10)
        self.client.force_login(self.petugas_a, verified=False)
        response = self.client.post(reverse("staff:second_factor"), {"token": codes[0], "next": "/staf/"})
        self.assertRedirects(response, "/staf/", fetch_redirect_response=False)
        self.assertEqual(StaticToken.objects.filter(device__user=self.petugas_a).count(), 9)
        self.client.force_login(self.petugas_a, verified=False)
        self.assertEqual(self.client.post(reverse("staff:second_factor"), {"token": codes[0]}).status_code, 200)

    def test_guessing_in_a_fresh_session_is_still_throttled_and_recovery_codes_too(self):
        """The wait belongs to the user's devices, not the session: signing in again does not reset it."""
        self.client.force_login(self.petugas_a)
        codes = self.client.post(reverse("staff:recovery_codes")).context["codes"]
        self.client.force_login(self.petugas_a, verified=False)
        self.client.post(reverse("staff:second_factor"), {"token": "00000000"})
        fresh = Client()
        fresh.force_login(self.petugas_a, verified=False)
        for token in (totp_code(self.petugas_a), codes[0]):
            response = fresh.post(reverse("staff:second_factor"), {"token": token, "next": "/staf/"})
            self.assertEqual(response.status_code, 200, token)
        self.assertEqual(fresh.get("/staf/").status_code, 302)
        self.assertEqual(StaticToken.objects.filter(device__user=self.petugas_a).count(), 10)


class EnrolTest(BaseTestCase):
    def setUp(self):
        from sigap.accounts.models import Role
        from sigap.accounts.services import role_grant

        self.newcomer = make_user("baru")
        role_grant(user=self.newcomer, role=Role.OPD_HEAD, jurisdiction=self.city, opd=self.opd_b, actor=None)
        self.client.force_login(self.newcomer, verified=False)

    def test_enrolment_shows_a_server_drawn_qr_code_and_the_key(self):
        response = self.client.get(reverse("staff:enrol"))
        self.assertContains(response, "<svg")
        self.assertNotContains(response, "http://chart")  # no outside QR service
        device = TOTPDevice.objects.get(user=self.newcomer)
        self.assertIs(device.confirmed, False)
        from base64 import b32encode

        self.assertContains(response, b32encode(device.bin_key).decode()[:4])

    def test_a_wrong_code_leaves_two_factor_off(self):
        self.client.get(reverse("staff:enrol"))
        response = self.client.post(reverse("staff:enrol"), {"token": "123456"})
        self.assertContains(response, "invalid-feedback")
        self.assertIs(TOTPDevice.objects.get(user=self.newcomer).confirmed, False)

    def test_the_right_code_turns_it_on_shows_recovery_codes_and_opens_the_inbox(self):
        self.client.get(reverse("staff:enrol"))
        response = self.client.post(reverse("staff:enrol"), {"token": totp_code(self.newcomer), "next": "/staf/"})
        self.assertEqual(len(response.context["codes"]), 10)
        self.assertIs(TOTPDevice.objects.get(user=self.newcomer).confirmed, True)
        self.assertEqual(self.client.get("/staf/").status_code, 200)

    def test_replacing_an_authenticator_needs_the_old_one_first(self):
        self.client.force_login(self.admin, verified=False)
        response = self.client.get(reverse("staff:enrol"))
        self.assertTrue(response["Location"].startswith(reverse("staff:second_factor")))
        self.assertEqual(TOTPDevice.objects.filter(user=self.admin).count(), 1)

    def test_reporters_have_no_enrolment(self):
        self.client.force_login(self.warga)
        self.assertEqual(self.client.get(reverse("staff:enrol")).status_code, 403)


@override_settings(SIGAP_STAFF_IDLE_MINUTES=30, SIGAP_SESSION_MAX_HOURS=12)
class SessionLimitTest(BaseTestCase):
    def test_an_idle_staff_session_ends(self):
        import time_machine

        with time_machine.travel("2026-11-23 09:00 +0700", tick=False) as clock:
            self.client.force_login(self.admin)
            self.assertEqual(self.client.get("/staf/").status_code, 200)
            clock.shift(29 * 60)
            self.assertEqual(self.client.get("/staf/").status_code, 200)
            clock.shift(31 * 60)
            response = self.client.get("/staf/")
            self.assertRedirects(response, reverse("accounts:login") + "?next=/staf/", fetch_redirect_response=False)
            self.assertNotIn("_auth_user_id", self.client.session)

    def test_no_session_outlives_the_maximum_however_active(self):
        import time_machine

        with time_machine.travel("2026-11-23 07:00 +0700", tick=False) as clock:
            self.client.force_login(self.warga)
            for _ in range(13):
                clock.shift(59 * 60)
                response = self.client.get(reverse("portal:mine"))
            self.assertEqual(response.status_code, 302)

    def test_a_request_without_a_session_leaves_the_user_unread(self):
        def unread() -> None:
            raise AssertionError("request.user was read")

        request = RequestFactory().post("/api/v1/complaints", HTTP_AUTHORIZATION="Bearer sgp_x")
        request.session = SessionStore()
        request.user = SimpleLazyObject(unread)
        response = SessionLimitsMiddleware(lambda _request: HttpResponse("filed"))(request)
        self.assertEqual(response.content, b"filed")

    def test_a_reporter_is_not_held_to_the_staff_idle_limit(self):
        import time_machine

        with time_machine.travel("2026-11-23 09:00 +0700", tick=False) as clock:
            self.client.force_login(self.warga)
            self.client.get(reverse("portal:mine"))
            clock.shift(2 * 3600)
            self.assertEqual(self.client.get(reverse("portal:mine")).status_code, 200)

    def test_pages_within_a_minute_do_not_rewrite_the_session(self):
        import time_machine
        from django.contrib.sessions.models import Session
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def session_writes() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/staf/").status_code, 200)
            return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)

        with time_machine.travel("2026-11-23 09:00 +0700", tick=False) as clock:
            self.client.force_login(self.admin)
            self.client.get("/staf/")
            expiry = Session.objects.get().expire_date
            clock.shift(30)
            self.assertEqual(session_writes(), 0)  # a staff page does not wait for a session write
            clock.shift(31)
            self.assertEqual(session_writes(), 1)  # a minute on: last seen, and the expiry slides
            self.assertEqual((Session.objects.get().expire_date - expiry).total_seconds(), 61)
