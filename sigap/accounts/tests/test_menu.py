"""The staff menu offers each role its own pages, grouped, and nothing before the second factor."""

from __future__ import annotations

from django.urls import reverse

from sigap.accounts.menu import staff_sections
from sigap.accounts.principal import principal_for
from sigap.test import BaseTestCase


def urls(user) -> set[str]:
    return {link.url for section in staff_sections(principal_for(user)) for link in section.links}


class MenuTest(BaseTestCase):
    def test_the_complaint_administrator_gets_the_intake_pages(self):
        offered = urls(self.admin)
        for name in (
            "backoffice:inbox",
            "backoffice:record",
            "channels:inbound",
            "notifications:outbox",
            "escalation:sweeps",
        ):
            self.assertIn(reverse(name), offered)
        self.assertNotIn(reverse("ombudsman:workspace"), offered)

    def test_an_opd_officer_gets_no_administrator_pages(self):
        offered = urls(self.petugas_a)
        self.assertIn(reverse("backoffice:inbox"), offered)
        self.assertIn(reverse("performance:home"), offered)
        self.assertNotIn(reverse("backoffice:record"), offered)
        self.assertNotIn(reverse("channels:inbound"), offered)

    def test_the_ombudsman_officer_gets_the_workspace(self):
        self.assertIn(reverse("ombudsman:workspace"), urls(self.ombudsman))

    def test_the_staff_administrator_gets_only_the_people_pages(self):
        offered = urls(self.kepegawaian)
        self.assertIn(reverse("staff:home"), offered)
        self.assertNotIn(reverse("backoffice:inbox"), offered)
        self.assertNotIn(reverse("dashboards:dashboard"), offered)

    def test_reporters_and_sysadmins_get_no_staff_menu(self):
        self.assertEqual(staff_sections(principal_for(self.warga)), [])
        self.assertEqual(staff_sections(principal_for(self.sysadmin)), [])

    def test_every_link_offered_opens_for_the_role(self):
        for user in (self.admin, self.petugas_a, self.kepala_a, self.focal_a, self.inspektur, self.ombudsman):
            self.client.force_login(user)
            for url in urls(user):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url, follow=True).status_code, 200)

    def test_the_menu_waits_for_the_second_factor(self):
        self.client.force_login(self.admin, verified=False)
        response = self.client.get(reverse("portal:home"))
        self.assertNotContains(response, reverse("backoffice:inbox"))
        self.client.force_login(self.admin)
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, reverse("backoffice:inbox"))
