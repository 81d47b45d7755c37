"""Service standards: maintained by the unit's staff, the delivery part published per service."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.audit.models import AuditEntry
from sigap.standards.components import COMPONENTS, DELIVERY, MANUFACTURING
from sigap.standards.models import ServiceStandard
from sigap.standards.services import standard_save
from sigap.test import BaseTestCase

FILLED = {c.field: f"Isi {c.letter}" for c in COMPONENTS}


class ComponentsTest(BaseTestCase):
    def test_the_fourteen_components_split_six_delivery_and_eight_manufacturing(self):
        """UU 25/2009 Pasal 21 huruf a–n (read-in-text); the split of PermenPANRB 15/2014 as restated in
        PMK 46/PMK.01/2021 (secondary-source): delivery = persyaratan, prosedur, jangka waktu, biaya,
        produk, penanganan pengaduan."""
        self.assertEqual([c.letter for c in COMPONENTS], list("abcdefghijklmn"))
        self.assertEqual([c.letter for c in DELIVERY], ["b", "c", "d", "e", "f", "j"])
        self.assertEqual(len(MANUFACTURING), 8)


class StandardTest(BaseTestCase):
    def edit_url(self):
        return reverse("standards:edit", args=[self.service_a.pk])

    def test_each_role_on_the_edit_page(self):
        for user, status in {self.petugas_a: 200, self.kepala_a: 200, self.admin: 200, self.inspektur: 200,
                             self.focal_a: 200, self.petugas_b: 404, self.admin_lain: 404, self.warga: 403,
                             self.ombudsman: 200}.items():  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.edit_url()).status_code, status)

    def test_only_the_units_staff_save(self):
        for user in (self.admin, self.inspektur, self.focal_a, self.ombudsman):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.edit_url(), FILLED).status_code, 403)
        self.client.force_login(self.petugas_a)
        response = self.client.post(self.edit_url(), {**FILLED, "publish": "on"})
        self.assertRedirects(response, self.edit_url())
        standard = ServiceStandard.objects.get()
        self.assertIs(standard.is_published, True)
        entry = AuditEntry.objects.get(action="standard.save")
        self.assertEqual(entry.changes["requirements"], [None, "Isi b"])

    def test_publishing_needs_every_delivery_component(self):
        with self.assertRaises(ValidationError):
            standard_save(service=self.service_a, values={**FILLED, "cost": " "}, decree="", publish=True,
                          actor=self.petugas_a)  # fmt: skip
        self.client.force_login(self.petugas_a)
        response = self.client.post(self.edit_url(), {**FILLED, "cost": "", "publish": "on"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Isi b", status_code=400)
        self.assertFalse(ServiceStandard.objects.exists())

    def test_the_public_page_shows_only_the_published_delivery_part(self):
        public = reverse("standards:public_detail", args=[self.service_a.pk])
        standard_save(service=self.service_a, values=FILLED, decree="", publish=False, actor=self.petugas_a)
        self.assertEqual(self.client.get(public).status_code, 404)
        standard_save(service=self.service_a, values=FILLED, decree="SK 1/2026", publish=True, actor=self.petugas_a)
        response = self.client.get(public)
        for c in COMPONENTS:
            with self.subTest(component=c.field):
                if c in DELIVERY:
                    self.assertContains(response, f"Isi {c.letter}")
                else:
                    self.assertNotContains(response, f"Isi {c.letter}<")
        self.assertContains(self.client.get(reverse("standards:public_index")), self.service_a.name)
        self.assertContains(self.client.get(reverse("portal:home")), reverse("standards:public_index"))
