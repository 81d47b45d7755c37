from __future__ import annotations

import io
import os
from unittest import mock

from django.core.management import call_command
from django.test import TestCase

from sigap.apikeys.models import ApiKey
from sigap.apikeys.selectors import apikey_for
from sigap.apikeys.services import apikey_revoke

DEMO_KEY = "demo-key-for-open311-clients-0123456789"


class DemoApiKeyTest(TestCase):
    def seed(self):
        with mock.patch.dict(os.environ, {"SIGAP_DEMO_API_KEY": DEMO_KEY}):
            call_command("seed_demo", "--stories", "0", stdout=io.StringIO())

    def test_the_seed_installs_the_key_from_the_environment_once(self):
        self.seed()
        self.seed()
        key = apikey_for(DEMO_KEY)
        self.assertIsNotNone(key)
        self.assertEqual(ApiKey.objects.count(), 1)
        self.assertEqual(key.user.username, "admin.pengaduan")
        self.assertIn("open311:post", key.scopes)

    def test_a_revoked_demo_key_stays_revoked(self):
        self.seed()
        apikey_revoke(key=ApiKey.objects.get(), actor=None)
        self.seed()
        self.assertIsNone(apikey_for(DEMO_KEY))

    def test_without_the_variable_no_key_is_made(self):
        with mock.patch.dict(os.environ, {"SIGAP_DEMO_API_KEY": ""}):
            call_command("seed_demo", "--stories", "0", stdout=io.StringIO())
        self.assertFalse(ApiKey.objects.exists())
