"""The portal wears the jurisdiction's name and logo (settings), and every page has a favicon."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.test import override_settings

from sigap.test import BaseTestCase


class SiteIdentityTests(BaseTestCase):
    @override_settings(SIGAP_SITE_NAME="Pemerintah Kota Contoh", SIGAP_SITE_LOGO="https://contoh.go.id/logo.png")
    def test_the_header_shows_the_jurisdictions_name_and_logo(self):
        page = self.client.get("/")
        self.assertContains(page, "Pemerintah Kota Contoh")
        self.assertContains(page, '<img src="https://contoh.go.id/logo.png"')

    def test_without_the_setting_the_header_says_sigap_alone(self):
        self.assertNotContains(self.client.get("/"), 'data-testid="site-name"')

    def test_every_page_names_a_favicon_that_exists(self):
        page = self.client.get("/").content.decode()
        self.assertIn('rel="icon"', page)
        self.assertTrue(finders.find("sigap/favicon.svg"))


class HomePageWordsTests(BaseTestCase):
    def test_the_time_limit_cards_cite_their_basis_without_english_sentences(self):
        page = self.client.get("/", headers={"accept-language": "id"}).content.decode()
        self.assertIn("UU 25/2009 Pasal 50 ayat (1)", page)
        self.assertNotIn("working days", page)
        self.assertNotIn("days after the file is complete", page)
