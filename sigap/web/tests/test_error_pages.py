"""Error pages speak the visitor's language; a database outage is a 503 the client may retry."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.db import OperationalError
from django.test import Client, TestCase, override_settings
from django.urls import path

from sigap.urls import urlpatterns as sigap_urlpatterns


def _database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


def _bug(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("uji/db-mati/", _database_down),
    path("uji/bug/", _bug),
    path("api/v1/uji/db-mati/", _database_down),
    path("open311/v2/uji/db-mati.json", _database_down),
    *sigap_urlpatterns,
]
handler404 = "sigap.web.errors.not_found"
handler500 = "sigap.web.errors.server_error"


class NotFoundTest(TestCase):
    def test_a_missing_page_is_explained_in_indonesian_first(self):
        response = self.client.get("/tidak-ada/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Halaman tidak ditemukan", status_code=404)
        self.assertContains(response, 'lang="id"', status_code=404)

    def test_and_in_english_on_request(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get("/tidak-ada/")
        self.assertContains(response, "Page not found", status_code=404)

    def test_a_missing_api_path_answers_json(self):
        for missing in ("/api/v1/tidak-ada", "/api/v2/complaints"):
            response = self.client.get(missing)
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response.json()["code"], "not_found")


@override_settings(ROOT_URLCONF=__name__)
class ServerErrorTest(TestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_an_unreachable_database_is_a_503_with_retry_after(self):
        response = self.client.get("/uji/db-mati/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "10")
        self.assertIn("tidak tersedia", response.content.decode())

    def test_the_api_gets_the_same_as_json(self):
        response = self.client.get("/api/v1/uji/db-mati/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["code"], "unavailable")
        self.assertIn("briefly unavailable", response.json()["message"])

    def test_a_ninja_endpoint_losing_its_database_answers_503_json(self):
        lost = OperationalError("server closed the connection unexpectedly")
        with mock.patch("sigap.api.routers.reference.public_jurisdictions", side_effect=lost):
            response = self.client.get("/api/v1/jurisdictions", HTTP_ACCEPT_LANGUAGE="id")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "10")
        self.assertEqual(response.json()["code"], "unavailable")
        self.assertIn("tidak tersedia", response.json()["message"])

    def test_open311_gets_a_503_in_open311s_own_error_shape(self):
        response = self.client.get("/open311/v2/uji/db-mati.json", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "10")
        [error] = response.json()
        self.assertEqual(error["code"], 503)
        self.assertIn("briefly unavailable", error["description"])

    def test_an_open311_endpoint_losing_its_database_answers_503_as_xml_or_json(self):
        lost = OperationalError("server closed the connection unexpectedly")
        with mock.patch("sigap.open311.views.resolve_jurisdiction", side_effect=lost):
            as_json = self.client.get("/open311/v2/requests.json", HTTP_ACCEPT_LANGUAGE="en")
            as_xml = self.client.get("/open311/v2/requests.xml", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual((as_json.status_code, as_xml.status_code), (503, 503))
        self.assertEqual(as_json["Retry-After"], "10")
        self.assertEqual(as_json.json()[0]["code"], 503)
        self.assertIn("<errors>", as_xml.content.decode())
        self.assertIn("<code>503</code>", as_xml.content.decode())

    def test_any_other_error_stays_a_500_without_details(self):
        response = self.client.get("/uji/bug/")
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("a bug", response.content.decode())
        self.assertNotIn("Retry-After", response)
