"""A staff administrator manages their own jurisdiction's staff, and only that."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Role, RoleAssignment
from sigap.accounts.services import role_grant
from sigap.audit.models import AuditEntry
from sigap.notifications.tests.servers import smtp_sending
from sigap.staff.tests.mailserver import body_of
from sigap.test import BaseTestCase, Client, make_user


class PermissionTest(BaseTestCase):
    def test_only_the_staff_administrator_of_the_jurisdiction_opens_its_staff_list(self):
        url = reverse("staff:list", args=[self.city.pk])
        expected = {
            self.kepegawaian: 200,
            self.kepegawaian_lain: 404,
            self.admin: 404,
            self.petugas_a: 404,
            self.kepala_a: 404,
            self.focal_a: 404,
            self.inspektur: 404,
            self.ombudsman: 404,
            self.admin_lain: 404,
            self.warga: 403,
            self.sysadmin: 403,
        }
        for user, status in expected.items():
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_kota_lain_cannot_see_or_change_kota_contoh_staff(self):
        self.client.force_login(self.kepegawaian_lain)
        for name in ("member", "deactivate", "role_add", "password_reset_send", "twofactor_reset", "unlock"):
            with self.subTest(view=name):
                url = reverse(f"staff:{name}", args=[self.other_city.pk, self.petugas_a.pk])
                response = self.client.get(url) if name == "member" else self.client.post(url, {"role_0": "leader"})
                self.assertEqual(response.status_code, 404)
        self.assertTrue(self.petugas_a.roles.get().is_active)
        self.assertEqual(self.petugas_a.roles.count(), 1)
        self.assertTrue(TOTPDevice.objects.filter(user=self.petugas_a).exists())

    def test_the_list_lists_the_jurisdictions_staff_with_their_two_factor_state(self):
        self.client.force_login(self.kepegawaian)
        response = self.client.get(reverse("staff:list", args=[self.city.pk]))
        names = {row.user.username for row in response.context["rows"]}
        self.assertEqual(names, {"admin", "petugas_a", "kepala_a", "petugas_b", "focal_a", "inspektur", "kepegawaian"})
        self.assertTrue(all(row.has_two_factor for row in response.context["rows"]))

    def test_the_list_costs_the_same_queries_for_7_or_27_staff(self):
        self.client.force_login(self.kepegawaian)
        url = reverse("staff:list", args=[self.city.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(20):
            role_grant(
                user=make_user(f"extra{i}"), role=Role.OPD_OFFICER, jurisdiction=self.city, opd=self.opd_a, actor=None
            )
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(few), len(many))


class RoleChangeTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.kepegawaian)

    def post(self, name, user, **data):
        return self.client.post(reverse(f"staff:{name}", args=[self.city.pk, user.pk]), data)

    def test_giving_a_role_is_audited_with_who_and_what(self):
        self.post("role_add", self.petugas_a, role_0="focal_point", opd_0=self.opd_a.pk)
        assignment = RoleAssignment.objects.get(user=self.petugas_a, role=Role.FOCAL_POINT)
        entry = AuditEntry.objects.get(action="role.grant", object_id=str(assignment.pk))
        self.assertEqual((entry.actor, entry.jurisdiction_id), (self.kepegawaian, self.city.pk))
        self.assertEqual(entry.changes["role"], [None, "focal_point"])

    def test_withdrawing_a_role_keeps_the_row_and_audits_it(self):
        assignment = self.petugas_b.roles.get()
        self.client.post(reverse("staff:role_remove", args=[self.city.pk, self.petugas_b.pk, assignment.pk]))
        assignment.refresh_from_db()
        self.assertIs(assignment.is_active, False)
        entry = AuditEntry.objects.get(action="role.revoke", object_id=str(assignment.pk))
        self.assertEqual((entry.actor, entry.changes), (self.kepegawaian, {"is_active": [True, False]}))

    def test_the_members_history_says_in_words_what_happened_to_which_role(self):
        assignment = self.petugas_b.roles.get()
        self.client.post(reverse("staff:role_remove", args=[self.city.pk, self.petugas_b.pk, assignment.pk]))
        self.post("role_add", self.petugas_b, role_0="opd_head", opd_0=self.opd_b.pk)
        page = self.client.get(reverse("staff:member", args=[self.city.pk, self.petugas_b.pk])).content.decode()
        history = page[page.index("<tbody>", page.index("Perubahan pada akun ini")) :]
        history = history[: history.index("</tbody>")]
        self.assertIn("Peran ditarik", history)
        self.assertIn(f"Petugas OPD — {self.opd_b}", history)
        self.assertIn("Peran diberikan", history)
        self.assertIn(f"Kepala OPD — {self.opd_b}", history)
        for code in ("role.grant", "role.revoke", "opd_officer", "opd_head"):  # the audit log's codes stay there
            self.assertNotIn(code, history)

    def test_an_opd_of_another_city_cannot_be_assigned(self):
        self.post("role_add", self.petugas_a, role_0="opd_head", opd_0=self.opd_other.pk)
        self.assertFalse(RoleAssignment.objects.filter(opd=self.opd_other).exists())

    def test_an_opd_role_needs_an_opd_and_the_ombudsman_role_is_not_given_by_a_city(self):
        self.post("role_add", self.petugas_a, role_0="opd_head")
        self.post("role_add", self.petugas_a, role_0="ombudsman")
        self.assertEqual(self.petugas_a.roles.count(), 1)

    def test_an_administrator_cannot_change_their_own_roles(self):
        response = self.post("role_add", self.kepegawaian, role_0="complaint_admin")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.kepegawaian.roles.filter(role=Role.COMPLAINT_ADMIN).exists())

    def test_deactivation_revokes_roles_ends_sessions_and_keeps_history(self):
        officer = Client()
        officer.force_login(self.petugas_b)
        self.assertEqual(officer.get("/staf/").status_code, 200)
        self.post("deactivate", self.petugas_b)
        self.petugas_b.refresh_from_db()
        self.assertIs(self.petugas_b.is_active, False)
        self.assertEqual(list(self.petugas_b.roles.values_list("is_active", flat=True)), [False])
        self.assertEqual(officer.get("/staf/").status_code, 302)  # signed out
        self.assertTrue(AuditEntry.objects.filter(action="staff.deactivate", object_id=str(self.petugas_b.pk)).exists())
        # Giving a role again re-activates the account, audited too.
        self.post("role_add", self.petugas_b, role_0="opd_officer", opd_0=self.opd_b.pk)
        self.petugas_b.refresh_from_db()
        self.assertIs(self.petugas_b.is_active, True)
        self.assertTrue(AuditEntry.objects.filter(action="staff.reactivate").exists())

    def test_a_two_factor_reset_removes_the_authenticator_and_signs_the_user_out(self):
        officer = Client()
        officer.force_login(self.petugas_a)
        self.post("twofactor_reset", self.petugas_a)
        self.assertFalse(TOTPDevice.objects.filter(user=self.petugas_a).exists())
        self.assertEqual(officer.get("/staf/").status_code, 302)
        officer.force_login(self.petugas_a, verified=False)
        response = officer.get(reverse("staff:second_factor"))
        self.assertTrue(response["Location"].startswith(reverse("staff:enrol")))

    def test_a_password_reset_link_goes_out_by_smtp_and_sets_a_new_password(self):
        with smtp_sending() as inbox, self.captureOnCommitCallbacks(execute=True):
            self.post("password_reset_send", self.petugas_a)
        link = next(line for line in body_of(inbox.messages[0]).splitlines() if "/akun/sandi/" in line)
        path = link.split("127.0.0.1:8000", 1)[1]
        self.client.logout()
        form_page = self.client.get(path, follow=True)
        new = "teh-manis-hangat-99"
        self.client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
        self.petugas_a.refresh_from_db()
        self.assertTrue(self.petugas_a.check_password(new))
        self.assertTrue(AuditEntry.objects.filter(action="staff.password_reset_sent").exists())

    def test_account_wide_resets_are_refused_for_someone_working_for_another_city(self):
        role_grant(user=self.petugas_a, role=Role.INSPEKTORAT, jurisdiction=self.other_city, actor=None)
        self.assertEqual(self.post("twofactor_reset", self.petugas_a).status_code, 403)
        self.assertTrue(TOTPDevice.objects.filter(user=self.petugas_a).exists())

    def test_a_system_administrators_account_is_out_of_reach(self):
        role_grant(user=self.sysadmin, role=Role.INSPEKTORAT, jurisdiction=self.city, actor=None)
        self.post("deactivate", self.sysadmin)
        self.sysadmin.refresh_from_db()
        self.assertIs(self.sysadmin.is_active, True)
