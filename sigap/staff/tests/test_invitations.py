"""Inviting staff by e-mail: a signed, expiring, single-use link, sent over real SMTP."""

from __future__ import annotations

import re

import time_machine
from django.urls import reverse

from sigap.accounts.models import Role, RoleAssignment, User
from sigap.audit.models import AuditEntry
from sigap.notifications.tests.servers import smtp_sending
from sigap.staff.models import Invitation
from sigap.staff.tests.mailserver import body_of
from sigap.test import BaseTestCase

LINK = re.compile(r"http://\S+/akun/undangan/\S+/")


class InvitationTest(BaseTestCase):
    def invite(self, **extra):
        data = {"email": "Rina@Contoh.go.id", "name": "Rina Petugas", "role_0": "opd_officer", "opd_0": self.opd_b.pk}
        data.update(extra)
        self.client.force_login(self.kepegawaian)
        with smtp_sending() as inbox, self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("staff:invite", args=[self.city.pk]), data)
        return response, inbox

    def link_path(self, inbox):
        self.assertEqual(len(inbox.messages), 1)
        link = LINK.search(body_of(inbox.messages[0])).group(0)
        return link.split("127.0.0.1:8000", 1)[-1]

    def accept(self, path, username="rina"):
        self.client.logout()
        return self.client.post(
            path,
            {
                "username": username,
                "first_name": "Rina",
                "password1": "kopi-tubruk-2026",
                "password2": "kopi-tubruk-2026",
            },
        )

    def test_the_invitation_travels_by_smtp_and_creates_the_account_with_its_roles(self):
        response, inbox = self.invite()
        self.assertRedirects(response, reverse("staff:list", args=[self.city.pk]))
        message = inbox.messages[0]
        self.assertEqual(message["To"], "rina@contoh.go.id")
        self.assertIn("Kota Contoh", message["Subject"])
        self.assertIn("Undangan", message["Subject"])  # Indonesian first
        response = self.accept(self.link_path(inbox))
        self.assertRedirects(response, reverse("staff:enrol") + "?next=/staf/", fetch_redirect_response=False)
        rina = User.objects.get(username="rina")
        self.assertEqual(rina.email, "rina@contoh.go.id")
        self.assertEqual(
            list(RoleAssignment.objects.filter(user=rina).values_list("role", "opd", "is_active")),
            [(Role.OPD_OFFICER, self.opd_b.pk, True)],
        )
        grant = AuditEntry.objects.get(action="role.grant", object_id=str(rina.roles.get().pk))
        self.assertEqual(grant.actor, self.kepegawaian)
        self.assertEqual(
            list(AuditEntry.objects.filter(action__startswith="staff.invite").values_list("action", "actor__username")),
            [("staff.invite_accept", "rina"), ("staff.invite", "kepegawaian")],
        )

    def test_the_new_account_must_set_up_two_factor_before_any_case(self):
        _, inbox = self.invite()
        self.accept(self.link_path(inbox))
        self.assertTrue(self.client.get("/staf/")["Location"].startswith(reverse("staff:second_factor")))

    def test_the_link_works_once(self):
        _, inbox = self.invite()
        path = self.link_path(inbox)
        self.accept(path)
        response = self.accept(path, username="rina2")
        self.assertEqual(response.status_code, 410)
        self.assertFalse(User.objects.filter(username="rina2").exists())

    def test_an_expired_link_is_refused(self):
        _, inbox = self.invite()
        path = self.link_path(inbox)
        with time_machine.travel(Invitation.objects.get().expires_at):
            self.assertEqual(self.client.get(path).status_code, 410)

    def test_a_tampered_or_withdrawn_link_is_refused(self):
        _, inbox = self.invite()
        path = self.link_path(inbox)
        self.assertEqual(self.client.get(path[:-3] + "x/").status_code, 410)
        self.client.force_login(self.kepegawaian)
        self.client.post(reverse("staff:withdraw", args=[self.city.pk, Invitation.objects.get().pk]))
        self.assertEqual(self.accept(path).status_code, 410)
        self.assertEqual(AuditEntry.objects.filter(action="staff.invite_withdraw").count(), 1)

    def test_the_database_holds_no_usable_copy_of_the_link(self):
        _, inbox = self.invite()
        token = self.link_path(inbox).rstrip("/").rsplit("/", 1)[1]
        invitation = Invitation.objects.get()
        self.assertNotIn(invitation.nonce_hash, token)
        self.assertEqual(len(invitation.nonce_hash), 64)

    def test_an_invitation_needs_an_opd_for_an_opd_role(self):
        response, inbox = self.invite(opd_0="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "OPD")
        self.assertEqual(inbox.messages, [])

    def test_kota_lain_cannot_invite_into_kota_contoh(self):
        self.client.force_login(self.kepegawaian_lain)
        url = reverse("staff:invite", args=[self.city.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(
            reverse("staff:invite", args=[self.other_city.pk]),
            {"email": "x@lain.go.id", "name": "X", "role_0": "opd_officer", "opd_0": self.opd_a.pk},
        )
        self.assertEqual(response.status_code, 200)  # Kota Contoh's OPD is not a valid choice there
        self.assertFalse(Invitation.objects.exists())

    def test_an_existing_account_accepts_by_signing_in(self):
        _, inbox = self.invite(email="warga@contoh.go.id", role_0="focal_point", opd_0=self.opd_a.pk)
        path = self.link_path(inbox)
        self.client.logout()
        self.assertContains(self.client.get(path), reverse("accounts:login"))
        self.client.force_login(self.warga)
        self.client.post(path)
        self.assertTrue(self.warga.roles.filter(role=Role.FOCAL_POINT, opd=self.opd_a, is_active=True).exists())

    def test_another_signed_in_account_cannot_take_the_invitation(self):
        _, inbox = self.invite()
        path = self.link_path(inbox)
        self.client.force_login(self.warga)
        self.client.post(path)
        self.assertFalse(self.warga.roles.exists())
        self.assertIsNone(Invitation.objects.get().accepted_at)
