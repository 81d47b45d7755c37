"""An address that keeps presenting wrong API keys is refused, right keys included, until the hour ends."""

from __future__ import annotations

from django.test import override_settings

from sigap.api.tests.base import ApiTestCase

LIMIT = 5


@override_settings(SIGAP_API_WRONG_KEYS_PER_HOUR=LIMIT)
class WrongKeyTest(ApiTestCase):
    def test_rest_refuses_an_address_after_too_many_wrong_keys(self):
        for _ in range(LIMIT):
            self.assertEqual(self.api_get("/complaints", "sgp_not-a-key-at-all-000000").status_code, 401)
        refused = self.api_get("/complaints", self.admin_key, HTTP_ACCEPT_LANGUAGE="id")
        self.assertEqual(refused.status_code, 429)
        self.assertEqual(refused.json()["code"], "too_many_wrong_keys")
        self.assertIn("kunci API", refused.json()["message"])
        self.assertGreater(int(refused["Retry-After"]), 0)
        # Another address is not affected, and the right key still works there.
        self.assertEqual(self.api_get("/complaints", self.admin_key, REMOTE_ADDR="10.0.0.9").status_code, 200)

    def test_right_keys_do_not_count(self):
        for _ in range(LIMIT * 2):
            self.assertEqual(self.api_get("/complaints", self.admin_key).status_code, 200)

    def test_open311_refuses_an_address_after_too_many_wrong_keys(self):
        body = {"service_code": "jalan", "lat": "-7.64", "long": "112.9", "description": "Jalan berlubang"}
        for _ in range(LIMIT):
            wrong = self.client.post("/open311/v2/requests.json", {**body, "api_key": "wrong-key-wrong-key-wrong"})
            self.assertEqual(wrong.status_code, 403)
        refused = self.client.post("/open311/v2/requests.json", {**body, "api_key": self.app_key})
        self.assertEqual(refused.status_code, 429)
        self.assertIn("Retry-After", refused)
