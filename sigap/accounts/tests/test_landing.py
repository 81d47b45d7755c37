"""Each role lands, after signing in, on the page its work starts from."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from django.urls import reverse

from sigap.accounts.models import Role
from sigap.accounts.services import role_grant
from sigap.test import PASSWORD, BaseTestCase, make_user


class LandingPageTests(BaseTestCase):
    def landing(self, user) -> str:
        response = self.client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
        self.client.logout()
        self.assertEqual(response.status_code, 302)
        target = urlparse(response["Location"])
        # Staff pass the second factor first; where they go next is in `next`.
        return parse_qs(target.query).get("next", [target.path])[0]

    def test_each_role_lands_where_its_work_starts(self):
        walikota = make_user("walikota")
        role_grant(user=walikota, role=Role.LEADER, jurisdiction=self.city, opd=None, actor=None)
        expected = {
            self.admin: "/staf/",
            self.petugas_a: "/staf/",
            self.ombudsman: "/staf/ombudsman/",
            self.inspektur: "/staf/inspektorat/",
            walikota: "/staf/dasbor/",
            self.kepegawaian: "/staf/pegawai/",
            self.warga: "/pengaduan-saya/",
        }
        self.assertEqual({u.username: self.landing(u) for u in expected}, {u.username: p for u, p in expected.items()})
