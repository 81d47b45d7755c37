"""Demo staff's second factor and a demo training session; safe to re-run.

Every demo account shares one published authenticator key (README, "Demo
logins"), so visitors can sign in with any authenticator app or with
`manage.py demo_code`. A real deployment never runs this.
"""

from __future__ import annotations

import base64
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Role, RoleAssignment, User
from sigap.organisations.models import Jurisdiction, Opd
from sigap.training.models import TrainingSession
from sigap.training.services import training_attendance_set, training_create, training_participants_add

# Base32, as authenticator apps take it; published in the README, so it protects nothing.
DEMO_TOTP_KEY = "SIGAPDEMOKOTAPASURUANJAWATIMURAA"
DEMO_DEVICE_NAME = "demo"


def demo_key_hex() -> str:
    return base64.b32decode(DEMO_TOTP_KEY).hex()


@transaction.atomic
def seed_demo_second_factor() -> int:
    """Give every demo staff account (and the demo sysadmin) the published demo authenticator."""
    staff = User.objects.filter(Q(roles__is_active=True) | Q(username="sysadmin")).distinct()
    created = 0
    for user in staff:
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=demo_key_hex(), confirmed=True)
            created += 1
    return created


@transaction.atomic
def seed_demo_training(city: Jurisdiction) -> TrainingSession | None:
    """One Ombudsman socialisation for every OPD with staff, most of whom attended."""
    if TrainingSession.objects.filter(jurisdiction=city).exists():
        return None
    organiser = RoleAssignment.objects.filter(jurisdiction=city, role=Role.STAFF_ADMIN).select_related("user").first()
    if organiser is None:
        return None
    day = timezone.localdate() - timedelta(days=21)
    session = training_create(
        jurisdiction=city,
        title="Sosialisasi pengelolaan pengaduan pelayanan publik",
        kind=TrainingSession.Kind.SOSIALISASI,
        organiser="Ombudsman RI Perwakilan Jawa Timur",
        starts_on=day,
        ends_on=day,
        place="Gedung Gradika, Kota Pasuruan",
        hours=4,
        description="Maladministrasi dan cara menanganinya; standar pelayanan; alur dan tenggat SP4N-LAPOR!.",
        actor=organiser.user,
    )
    opds = Opd.objects.filter(jurisdiction=city, roleassignment__is_active=True).distinct()
    training_participants_add(session=session, opds=opds, actor=organiser.user)
    attended = set(session.participants.exclude(user__username__startswith="kepala").values_list("user_id", flat=True))
    training_attendance_set(session=session, attended_user_ids=attended, actor=organiser.user)
    return session
