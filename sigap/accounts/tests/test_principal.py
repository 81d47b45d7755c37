"""The Principal: what each role reaches, resolved from active assignments in active jurisdictions."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from sigap.accounts.models import Role, RoleAssignment
from sigap.accounts.principal import ANONYMOUS, Principal, principal_for
from sigap.accounts.services import role_revoke
from sigap.organisations.models import Jurisdiction
from sigap.test import BaseTestCase


class PrincipalForTest(BaseTestCase):
    def test_an_anonymous_visitor_reaches_nothing(self):
        principal = principal_for(AnonymousUser())
        self.assertIs(principal, ANONYMOUS)
        self.assertFalse(principal.is_staff_member)
        self.assertEqual((principal.admin_jurisdictions, principal.handling_opds), (frozenset(), frozenset()))

    def test_the_administrator_administers_their_jurisdiction_only(self):
        principal = principal_for(self.admin)
        self.assertEqual(principal.admin_jurisdictions, {self.city.pk})
        self.assertTrue(principal.has_role(Role.COMPLAINT_ADMIN, jurisdiction_id=self.city.pk))
        self.assertFalse(principal.has_role(Role.COMPLAINT_ADMIN, jurisdiction_id=self.city.pk + 1000))
        self.assertEqual(principal.handling_opds, frozenset())

    def test_officers_and_heads_handle_their_opd_focal_points_only_read_it(self):
        self.assertEqual(principal_for(self.petugas_a).handling_opds, {self.opd_a.pk})
        self.assertEqual(principal_for(self.kepala_a).handling_opds, {self.opd_a.pk})
        focal = principal_for(self.focal_a)
        self.assertEqual(focal.handling_opds, frozenset())
        self.assertEqual(focal.reading_opds, {self.opd_a.pk})
        self.assertEqual(focal.oversight_jurisdictions, frozenset())

    def test_the_inspektorat_reads_the_whole_jurisdiction(self):
        self.assertEqual(principal_for(self.inspektur).oversight_jurisdictions, {self.city.pk})

    def test_the_ombudsman_reads_the_jurisdictions_its_office_oversees(self):
        principal = principal_for(self.ombudsman)
        self.assertEqual(principal.ombudsman_jurisdictions, {self.city.pk})
        self.assertIn(self.city.pk, principal.oversight_jurisdictions)
        self.assertEqual(principal.admin_jurisdictions, frozenset())

    def test_a_revoked_role_no_longer_counts(self):
        role_revoke(assignment=RoleAssignment.objects.get(user=self.petugas_a), actor=self.admin)
        self.petugas_a.refresh_from_db()
        principal = principal_for(self.petugas_a)
        self.assertEqual(principal.handling_opds, frozenset())
        self.assertFalse(principal.is_staff_member)

    def test_a_role_in_a_deactivated_jurisdiction_no_longer_counts(self):
        Jurisdiction.objects.filter(pk=self.city.pk).update(is_active=False)
        self.assertEqual(principal_for(self.admin).admin_jurisdictions, frozenset())

    def test_it_is_computed_once_per_user_object(self):
        first = principal_for(self.admin)
        with self.assertNumQueries(0):
            self.assertIs(principal_for(self.admin), first)

    def test_a_superuser_is_a_staff_member_without_any_case(self):
        principal = principal_for(self.sysadmin)
        self.assertTrue(principal.is_staff_member)
        self.assertEqual(principal.admin_jurisdictions, frozenset())


class PrincipalTest(BaseTestCase):
    """The dataclass alone, without the database."""

    def test_has_role_narrows_by_jurisdiction_and_opd(self):
        principal = Principal(user_id=1, grants=frozenset({(Role.OPD_OFFICER, 1, 10), (Role.OPD_HEAD, 2, 20)}))
        self.assertTrue(principal.has_role(Role.OPD_OFFICER))
        self.assertTrue(principal.has_role(Role.OPD_OFFICER, jurisdiction_id=1, opd_id=10))
        self.assertFalse(principal.has_role(Role.OPD_OFFICER, opd_id=20))
        self.assertFalse(principal.has_role(Role.OPD_HEAD, jurisdiction_id=1))
        self.assertEqual(principal.handling_opds, {10, 20})
        self.assertEqual(principal.jurisdictions_with(Role.OPD_HEAD), {2})

    def test_a_jurisdiction_wide_focal_point_reads_the_whole_jurisdiction(self):
        principal = Principal(user_id=1, grants=frozenset({(Role.FOCAL_POINT, 3, None)}))
        self.assertEqual(principal.oversight_jurisdictions, {3})
        self.assertEqual(principal.reading_opds, frozenset())
