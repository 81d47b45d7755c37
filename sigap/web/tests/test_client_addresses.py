"""The client's address behind trusted reverse proxies (SIGAP_TRUSTED_PROXIES), one helper for every use."""

from __future__ import annotations

from django.test import RequestFactory, SimpleTestCase, override_settings

from sigap.api.tests.base import ApiTestCase
from sigap.web.addresses import client_address, client_ip

WRONG = "sgp_not-a-key-at-all-000000"


def request(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class ClientIpTest(SimpleTestCase):
    def test_without_trusted_proxies_the_header_is_ignored(self):
        self.assertEqual(client_ip(request("198.51.100.7", "203.0.113.5")), "198.51.100.7")

    @override_settings(SIGAP_TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_through_a_trusted_proxy_the_forwarded_client_counts(self):
        self.assertEqual(client_ip(request("10.1.2.3", "203.0.113.5")), "203.0.113.5")

    @override_settings(SIGAP_TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
    def test_a_forged_entry_before_the_real_client_is_skipped(self):
        # The client wrote "1.2.3.4" itself; its own address was appended by the first proxy.
        self.assertEqual(client_ip(request("10.1.2.3", "1.2.3.4, 203.0.113.5, 192.0.2.1")), "203.0.113.5")

    @override_settings(SIGAP_TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_an_untrusted_sender_cannot_choose_its_address(self):
        self.assertEqual(client_ip(request("198.51.100.7", "10.0.0.5")), "198.51.100.7")

    @override_settings(SIGAP_TRUSTED_PROXIES=["10.0.0.0/8"])
    def test_garbage_gives_no_address(self):
        self.assertIsNone(client_ip(request("10.1.2.3", "not-an-address")))
        self.assertEqual(client_address(request("not-an-address")), "unknown")


@override_settings(SIGAP_TRUSTED_PROXIES=["10.0.0.1"], SIGAP_API_WRONG_KEYS_PER_HOUR=5)
class BehindAProxyTest(ApiTestCase):
    def test_wrong_keys_from_one_client_do_not_lock_out_the_others_behind_the_same_proxy(self):
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        for _ in range(5):
            response = self.api_get("/complaints", WRONG, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
            self.assertEqual(response.status_code, 401)
        self.assertEqual(
            self.api_get("/complaints", self.admin_key, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code, 429
        )
        self.assertEqual(
            self.api_get("/complaints", self.admin_key, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code, 200
        )
