"""Role × OPD visibility, enforced in the query layer (selectors)."""

from __future__ import annotations

from django.http import Http404

from sigap.accounts.principal import principal_for
from sigap.complaints.selectors import (
    actor_capacities,
    complaint_get_for_user,
    complaints_visible_to,
    may_view_identity,
)
from sigap.complaints.workflow import Action, Actor
from sigap.test import BaseTestCase


class VisibilityTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.roads_case = cls.advance(cls, cls.submit(cls)[0], Action.VERIFY, Action.DISPATCH)  # held by OPD A
        cls.health_case = cls.advance(cls, cls.submit(cls, category=cls.health)[0], Action.VERIFY, Action.DISPATCH)
        cls.new_case, _ = cls.submit(cls)  # not yet dispatched

    def visible(self, user):
        return set(complaints_visible_to(principal_for(user)).values_list("tracking_code", flat=True))

    def test_the_complaint_administrator_sees_every_case_of_the_city(self):
        self.assertEqual(
            self.visible(self.admin),
            {self.roads_case.tracking_code, self.health_case.tracking_code, self.new_case.tracking_code},
        )

    def test_an_opd_sees_only_the_cases_it_holds(self):
        self.assertEqual(self.visible(self.petugas_a), {self.roads_case.tracking_code})
        self.assertEqual(self.visible(self.kepala_a), {self.roads_case.tracking_code})
        self.assertEqual(self.visible(self.focal_a), {self.roads_case.tracking_code})
        self.assertEqual(self.visible(self.petugas_b), {self.health_case.tracking_code})

    def test_oversight_roles_read_the_whole_city(self):
        everything = {self.roads_case.tracking_code, self.health_case.tracking_code, self.new_case.tracking_code}
        self.assertEqual(self.visible(self.inspektur), everything)
        self.assertEqual(self.visible(self.ombudsman), everything)

    def test_other_cities_reporters_and_sysadmins_see_nothing(self):
        for user in (self.admin_lain, self.warga, self.sysadmin):
            with self.subTest(user=user.username):
                self.assertEqual(self.visible(user), set())

    def test_a_case_out_of_reach_is_a_404_not_a_403(self):
        with self.assertRaises(Http404):
            complaint_get_for_user(principal=principal_for(self.petugas_b), code=self.roads_case.tracking_code)
        with self.assertRaises(Http404):
            complaint_get_for_user(principal=principal_for(self.admin_lain), code=self.roads_case.tracking_code)

    def test_only_handlers_of_the_holding_opd_may_act(self):
        self.assertEqual(actor_capacities(principal_for(self.petugas_a), self.roads_case), {Actor.OPD})
        self.assertEqual(actor_capacities(principal_for(self.kepala_a), self.roads_case), {Actor.OPD})
        self.assertEqual(actor_capacities(principal_for(self.admin), self.roads_case), {Actor.ADMIN})
        for reader in (self.focal_a, self.inspektur, self.ombudsman, self.petugas_b):
            with self.subTest(user=reader.username):
                self.assertEqual(actor_capacities(principal_for(reader), self.roads_case), set())

    def test_a_case_returned_by_the_opd_leaves_its_inbox(self):
        case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH, Action.RETURN)
        self.assertNotIn(case.tracking_code, self.visible(self.petugas_a))

    def test_a_revoked_role_sees_nothing(self):
        from sigap.accounts.models import RoleAssignment
        from sigap.accounts.services import role_revoke

        role_revoke(assignment=RoleAssignment.objects.get(user=self.petugas_a), actor=self.admin)
        self.petugas_a.refresh_from_db()
        self.assertEqual(self.visible(self.petugas_a), set())


class IdentityVisibilityTest(BaseTestCase):
    def test_named_reporter_is_visible_to_admin_and_handling_opd_only(self):
        case = self.advance(self.submit()[0], Action.VERIFY, Action.DISPATCH)
        allowed = {u.username for u in (self.admin, self.petugas_a, self.kepala_a)}
        for user in (
            self.admin,
            self.petugas_a,
            self.kepala_a,
            self.focal_a,
            self.petugas_b,
            self.inspektur,
            self.ombudsman,
        ):
            with self.subTest(user=user.username):
                self.assertIs(may_view_identity(principal_for(user), case), user.username in allowed)

    def test_a_confidential_identity_is_visible_to_the_administrator_only(self):
        case = self.advance(self.submit(is_confidential=True)[0], Action.VERIFY, Action.DISPATCH)
        self.assertIs(may_view_identity(principal_for(self.admin), case), True)
        for user in (self.petugas_a, self.kepala_a, self.focal_a, self.inspektur, self.ombudsman):
            with self.subTest(user=user.username):
                self.assertIs(may_view_identity(principal_for(user), case), False)

    def test_an_anonymous_case_has_no_identity_for_anyone(self):
        case = self.submit(is_anonymous=True)[0]
        self.assertIs(may_view_identity(principal_for(self.admin), case), False)
