"""The demo stays usable with two-factor sign-in: a published key, and a command that prints the code."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import User
from sigap.demo.people import seed_demo_second_factor, seed_demo_training
from sigap.demo.seeding import seed_city, seed_staff
from sigap.training.models import TrainingSession


class DemoPeopleTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = seed_city()
        seed_staff(cls.city)
        seed_demo_second_factor()
        seed_demo_training(cls.city)

    def test_every_opd_with_officers_has_a_head_to_sign_in_as(self):
        from sigap.accounts.models import Role, RoleAssignment

        def opds(role):
            return set(RoleAssignment.objects.filter(role=role, is_active=True).values_list("opd__code", flat=True))

        self.assertEqual(opds(Role.OPD_OFFICER) - opds(Role.OPD_HEAD), set())

    def test_every_demo_staff_account_has_the_published_authenticator(self):
        self.assertEqual(
            set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True)),
            set(User.objects.exclude(roles=None).values_list("username", flat=True)) | {"sysadmin"},
        )

    def test_the_printed_code_signs_in(self):
        out = StringIO()
        call_command("demo_code", "petugas.dpupr", stdout=out)
        device = TOTPDevice.objects.get(user__username="petugas.dpupr")
        self.assertTrue(device.verify_token(out.getvalue().split()[0]))

    def test_the_command_refuses_accounts_without_the_demo_key(self):
        device = TOTPDevice.objects.get(user__username="petugas.dpupr")
        device.key = "00" * 20
        device.save()
        with self.assertRaises(CommandError):
            call_command("demo_code", "petugas.dpupr", stdout=StringIO())

    def test_seeding_again_changes_nothing(self):
        self.assertEqual(seed_demo_second_factor(), 0)
        self.assertIsNone(seed_demo_training(self.city))
        session = TrainingSession.objects.get()
        self.assertGreater(session.participants.filter(attended=True).count(), 5)
