from __future__ import annotations

import io
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from sigap.apikeys.models import ApiKey
from sigap.apikeys.scopes import Scope
from sigap.apikeys.selectors import apikey_for
from sigap.apikeys.services import apikey_create, apikey_revoke, apikey_touch
from sigap.audit.models import AuditEntry
from sigap.test import BaseTestCase


class ApiKeyServiceTest(BaseTestCase):
    def test_only_the_hash_and_a_short_prefix_are_stored(self):
        key, raw = apikey_create(name="App", jurisdiction=self.city, scopes=[Scope.OPEN311_POST], actor=self.sysadmin)
        self.assertTrue(raw.startswith("sgp_"))
        self.assertGreaterEqual(len(raw), 40)
        self.assertNotIn(raw, str(ApiKey.objects.values().get()))
        self.assertEqual(key.prefix, raw[:12])
        self.assertEqual(apikey_for(raw), key)
        self.assertIsNone(apikey_for(raw + "x"))

    def test_creating_and_revoking_are_audited(self):
        key, raw = apikey_create(name="App", jurisdiction=self.city, scopes=[Scope.OPEN311_POST], actor=self.sysadmin)
        apikey_revoke(key=key, actor=self.sysadmin)
        apikey_revoke(key=key, actor=self.sysadmin)
        actions = list(AuditEntry.objects.filter(object_type="apikeys.apikey").values_list("action", flat=True))
        self.assertEqual(sorted(actions), ["apikey.create", "apikey.revoke"])
        self.assertIsNone(apikey_for(raw))

    def test_reading_or_acting_needs_a_staff_member_of_the_jurisdiction(self):
        with self.assertRaises(ValidationError) as caught:
            apikey_create(name="X", jurisdiction=self.city, scopes=[Scope.COMPLAINTS_READ], actor=None)
        self.assertIn("user", caught.exception.message_dict)
        with self.assertRaises(ValidationError):
            apikey_create(
                name="X", jurisdiction=self.city, scopes=[Scope.COMPLAINTS_READ], user=self.admin_lain, actor=None
            )

    def test_unknown_scopes_and_empty_names_are_refused(self):
        with self.assertRaises(ValidationError) as caught:
            apikey_create(name=" ", jurisdiction=self.city, scopes=["everything"], actor=None)
        self.assertEqual(set(caught.exception.message_dict), {"name", "scopes"})

    def test_a_chosen_key_must_be_long(self):
        with self.assertRaises(ValidationError):
            apikey_create(name="Demo", jurisdiction=self.city, scopes=[Scope.OPEN311_POST], actor=None, raw_key="short")

    def test_a_deactivated_user_disables_their_keys(self):
        _key, raw = apikey_create(
            name="X", jurisdiction=self.city, scopes=[Scope.COMPLAINTS_READ], user=self.admin, actor=None
        )
        self.admin.is_active = False
        self.admin.save()
        self.assertIsNone(apikey_for(raw))

    def test_last_use_is_recorded_at_most_once_a_minute(self):
        key, _raw = apikey_create(name="App", jurisdiction=self.city, scopes=[Scope.OPEN311_POST], actor=None)
        now = timezone.now()
        apikey_touch(key=key, now=now)
        with self.assertNumQueries(0):
            apikey_touch(key=key, now=now + timedelta(seconds=30))
        apikey_touch(key=key, now=now + timedelta(minutes=2))
        key.refresh_from_db()
        self.assertEqual(key.last_used_at, now + timedelta(minutes=2))


class ApiKeyCommandTest(BaseTestCase):
    def test_create_list_and_revoke_from_the_command_line(self):
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "apikey", "create", "--jurisdiction", "contoh.go.id", "--name", "FixMyStreet",
            "--scope", "open311:post", "--scope", "updates:post", stdout=out, stderr=err,
        )  # fmt: skip
        raw = out.getvalue().strip()
        key = apikey_for(raw)
        self.assertEqual(key.scopes, ["open311:post", "updates:post"])
        listing = io.StringIO()
        call_command("apikey", "list", stdout=listing)
        self.assertIn(key.prefix, listing.getvalue())
        self.assertNotIn(raw, listing.getvalue())
        call_command("apikey", "revoke", key.prefix, stdout=io.StringIO())
        self.assertIsNone(apikey_for(raw))


class ApiKeyAdminTest(BaseTestCase):
    def sign_in_sysadmin(self):
        from django.apps import apps

        if apps.is_installed("django_otp"):
            # The admin site asks for the second factor too: give the superuser the authenticator they would have.
            from django_otp.plugins.otp_totp.models import TOTPDevice

            TOTPDevice.objects.get_or_create(user=self.sysadmin, name="authenticator", defaults={"confirmed": True})
        self.client.force_login(self.sysadmin)

    def test_the_system_administrator_creates_a_key_and_sees_it_once(self):
        self.sign_in_sysadmin()
        response = self.client.post(
            "/sysadmin/apikeys/apikey/add/",
            {"name": "Aplikasi warga", "jurisdiction": self.city.pk, "scopes": ["complaints:create"]},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        key = ApiKey.objects.get()
        shown = [str(m) for m in response.context["messages"]]
        raw = next(m for m in shown if "sgp_" in m).split()[-1]
        self.assertEqual(apikey_for(raw), key)
        self.assertTrue(AuditEntry.objects.filter(action="apikey.create", actor=self.sysadmin).exists())

    def test_the_admin_form_explains_a_missing_staff_member(self):
        self.sign_in_sysadmin()
        response = self.client.post(
            "/sysadmin/apikeys/apikey/add/",
            {"name": "Baca", "jurisdiction": self.city.pk, "scopes": ["complaints:read"]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ApiKey.objects.exists())

    def test_revoking_from_the_list(self):
        key, raw = apikey_create(name="App", jurisdiction=self.city, scopes=[Scope.OPEN311_POST], actor=None)
        self.sign_in_sysadmin()
        self.client.post("/sysadmin/apikeys/apikey/", {"action": "revoke", "_selected_action": [key.pk]}, follow=True)
        self.assertIsNone(apikey_for(raw))

    def test_staff_without_admin_rights_cannot_reach_keys(self):
        self.client.force_login(self.admin)
        response = self.client.get("/sysadmin/apikeys/apikey/")
        self.assertEqual(response.status_code, 302)
