"""Sign-in throttling (django-axes) and the record of sign-ins a user sees."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from sigap.staff.models import SignIn
from sigap.test import PASSWORD, BaseTestCase


@override_settings(AXES_FAILURE_LIMIT=5)
class ThrottlingTest(BaseTestCase):
    def attempt(self, password, ip="10.0.0.7", username="petugas_a"):
        return self.client.post(
            reverse("accounts:login"),
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
            HTTP_USER_AGENT="Mozilla/5.0 (Android 14) Chrome/131",
        )

    def test_five_failures_lock_the_username_at_that_address_with_an_indonesian_message(self):
        for _ in range(4):
            self.assertEqual(self.attempt("salah").status_code, 200)
        self.assertEqual(self.attempt("salah").status_code, 429)  # the fifth failure locks
        response = self.attempt(PASSWORD)  # even the right password is refused now
        self.assertEqual(response.status_code, 429)
        with translation.override("id"):
            self.assertContains(response, "Terlalu banyak percobaan masuk", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        outcomes = list(SignIn.objects.filter(username="petugas_a").values_list("outcome", flat=True))
        self.assertEqual(outcomes.count(SignIn.Outcome.PASSWORD_FAILED), 4)
        self.assertIn(SignIn.Outcome.LOCKED_OUT, outcomes)

    def test_the_lock_is_per_username_and_address(self):
        for _ in range(5):
            self.attempt("salah")
        self.assertEqual(self.attempt(PASSWORD, ip="10.0.0.8").status_code, 302)

    def test_the_staff_administrator_sees_the_lock_and_lifts_it(self):
        for _ in range(6):
            self.attempt("salah")
        self.client.force_login(self.kepegawaian)
        response = self.client.get(reverse("staff:list", args=[self.city.pk]))
        locked = {row.user.username for row in response.context["rows"] if row.locked}
        self.assertEqual(locked, {"petugas_a"})
        self.client.post(reverse("staff:unlock", args=[self.city.pk, self.petugas_a.pk]))
        self.client.logout()
        self.assertEqual(self.attempt(PASSWORD).status_code, 302)

    def test_unknown_user_names_are_throttled_too(self):
        for _ in range(5):
            self.attempt("salah", username="tidak-ada")
        self.assertEqual(self.attempt("salah", username="tidak-ada").status_code, 429)


class OwnSignInsTest(BaseTestCase):
    def test_a_staff_member_sees_their_own_successes_and_failures_with_address_and_browser(self):
        self.client.post(
            reverse("accounts:login"),
            {"username": "petugas_a", "password": "salah"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_USER_AGENT="Firefox/140",
        )
        self.client.post(
            reverse("accounts:login"),
            {"username": "petugas_a", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.7",
            HTTP_USER_AGENT="Chrome/131",
        )
        self.client.force_login(self.petugas_a)
        response = self.client.get(reverse("staff:security"))
        rows = [(s.outcome, s.ip_address, s.user_agent) for s in response.context["sign_ins"]]
        self.assertIn(("password_failed", "203.0.113.9", "Firefox/140"), rows)
        self.assertIn(("password_ok", "10.0.0.7", "Chrome/131"), rows)
        self.assertContains(response, "203.0.113.9")

    def test_nobody_sees_another_users_sign_ins(self):
        self.client.post(
            reverse("accounts:login"), {"username": "admin", "password": "salah"}, REMOTE_ADDR="198.51.100.1"
        )
        self.client.force_login(self.petugas_a)
        self.assertNotContains(self.client.get(reverse("staff:security")), "198.51.100.1")

    def test_a_reporter_sees_their_sign_ins_without_a_second_factor(self):
        self.client.force_login(self.warga)
        response = self.client.get(reverse("staff:security"))
        self.assertEqual(response.status_code, 200)
        self.assertIs(response.context["staff"], False)
