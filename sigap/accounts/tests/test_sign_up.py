"""A reporter makes an account: through a service, audited, and a limited number per address per hour."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from sigap.accounts.models import User
from sigap.audit.models import AuditEntry
from sigap.test import BaseTestCase


def form(n: int) -> dict[str, str]:
    return {
        "email": f"Pelapor{n}@Contoh-Pelapor.id",
        "first_name": f"Pelapor {n}",
        "password1": "kata-sandi-panjang-77",
        "password2": "kata-sandi-panjang-77",
    }


class SignUpTest(BaseTestCase):
    def test_signing_up_makes_a_signed_in_reporter_account_and_audits_it(self) -> None:
        response = self.client.post(reverse("accounts:signup"), form(1))
        self.assertRedirects(response, reverse("portal:mine"), fetch_redirect_response=False)
        user = User.objects.get(username="pelapor1@contoh-pelapor.id")
        self.assertEqual((user.email, user.first_name), ("pelapor1@contoh-pelapor.id", "Pelapor 1"))
        self.assertTrue(user.check_password("kata-sandi-panjang-77"))
        self.assertFalse(user.roles.exists())
        self.assertEqual(self.client.get(reverse("portal:mine")).wsgi_request.user, user)
        entry = AuditEntry.objects.get(action="account.sign_up")
        self.assertEqual((entry.actor, entry.object_id), (user, str(user.pk)))

    @override_settings(SIGAP_SIGN_UPS_PER_HOUR=2)
    def test_past_the_hourly_limit_an_address_is_told_to_wait_and_no_account_is_made(self) -> None:
        for n in (1, 2):
            self.client.logout()
            self.assertEqual(self.client.post(reverse("accounts:signup"), form(n)).status_code, 302)
        self.client.logout()
        refused = self.client.post(reverse("accounts:signup"), form(3))
        self.assertContains(refused, "Terlalu banyak akun", status_code=429)
        self.assertFalse(User.objects.filter(username="pelapor3@contoh-pelapor.id").exists())
        self.assertEqual(AuditEntry.objects.filter(action="account.sign_up").count(), 2)
