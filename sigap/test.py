"""Shared test set-up: one small city and a persona for every role.

Who may see what (the rules the tests pin down; docs/roles.md has the table):

- warga: a reporter with an account; sees only their own complaints.
- admin: complaint administrator of Kota Contoh; sees every case there, with identities.
- petugas_a / kepala_a: officer and head of Dinas PU (OPD A); see cases held by OPD A.
- petugas_b: officer of Dinas Kesehatan (OPD B); never sees OPD A's cases.
- focal_a: focal point of OPD A; reads OPD A's cases, cannot act on them.
- inspektur: Inspektorat of Kota Contoh; reads every case there, no identities.
- ombudsman: officer of the Ombudsman office overseeing Kota Contoh; reads, no identities.
- admin_lain: complaint administrator of another city; sees nothing of Kota Contoh.
- sysadmin: superuser; maintains reference data, sees no case unless given a role.
- kepegawaian: staff administrator of Kota Contoh; manages its staff and training, sees no case.
- kepegawaian_lain: staff administrator of Kota Lain; cannot touch Kota Contoh's staff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.test import Client as DjangoClient
from django.test import TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Role, User
from sigap.accounts.services import role_grant
from sigap.complaints.models import Complaint
from sigap.complaints.services import ReporterDetails, Submission, complaint_submit
from sigap.complaints.workflow import Action, Actor
from sigap.organisations.models import Category, Jurisdiction, Opd, Service, ServiceUnit

PASSWORD = "rahasia-uji-123"


class Client(DjangoClient):
    """Django's test client; `force_login` also passes the second factor, as staff do after typing their code.

    Every staff persona has a confirmed authenticator (see Personas.build), and
    other staff users get one on their first force_login; the session is marked
    verified through django-otp's own login(). Pass `verified=False` to test what
    a staff session that has not passed (or never set up) the second factor may reach.
    """

    def force_login(self, user: Any, backend: str | None = None, *, verified: bool = True) -> None:
        super().force_login(user, backend)
        session = self.session
        # Signing in again as the same user keeps the session's data; start unverified either way.
        session.pop(DEVICE_ID_SESSION_KEY, None)
        device = None
        if verified:
            # A staff user made outside Personas.build has enrolled nothing yet; force_login means
            # "fully signed in", so give them the authenticator they would have set up.
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None and user.roles.filter(is_active=True).exists():
                device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        if device is not None:
            request = HttpRequest()
            request.session = session
            request.user = user
            otp_login(request, device)
        session.save()


def totp_code(user: User, *, steps_ahead: int = 0) -> str:
    """Return the code the user's authenticator app shows (`steps_ahead` 30-second steps from now).

    A code is accepted once; signing in twice within one step needs `steps_ahead=1`.
    """
    import time

    from django_otp.oath import TOTP

    device = TOTPDevice.objects.filter(user=user).order_by("-id").first()
    assert device is not None, f"{user} has no authenticator"
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps_ahead * device.step
    return str(generator.token()).zfill(device.digits)


def browser_sign_in(context: Any, base: str, user: User, *, expect: str | None = None) -> Any:
    """Sign a staff persona in through the real pages: password, then the authenticator code.

    Waits for the page `expect` (a path) or, by default, for the role's landing page, whichever it is.
    """
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/akun/2fa/**")
    page.fill("#id_token", totp_code(user))
    page.click("main button[type=submit]")
    if expect is None:
        page.wait_for_url(lambda url: url.startswith(base) and "/akun/" not in url)
    else:
        page.wait_for_url(f"{base}{expect}")
    return page


AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}"""


def axe_serious_violations(page: Any) -> list[str]:
    """Run axe-core on the page as it is now; return its serious and critical violations.

    The browser context needs `bypass_csp=True`: the page's policy rightly refuses injected scripts.
    """
    if not AXE_SCRIPT.exists():
        raise AssertionError("axe-core is not installed: run `npm ci` in the repository (make test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return list(page.evaluate(AXE_RUN))


def make_user(username: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@contoh.go.id", **extra)


class Personas:
    """Build the city and its people; usable from TestCase and from pytest fixtures."""

    @classmethod
    def build(cls, target: Any) -> None:
        t = target
        t.ombudsman_office = Jurisdiction.objects.create(
            slug="ombudsman-jatim", name="Ombudsman RI Perwakilan Jawa Timur", kind=Jurisdiction.Kind.OMBUDSMAN
        )
        t.city = Jurisdiction.objects.create(
            slug="kota-contoh", name="Kota Contoh", domain="contoh.go.id", overseen_by=t.ombudsman_office
        )
        t.other_city = Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", domain="lain.go.id")
        t.opd_a = Opd.objects.create(jurisdiction=t.city, code="dpupr", name="Dinas Pekerjaan Umum", short_name="DPUPR")
        t.opd_b = Opd.objects.create(jurisdiction=t.city, code="dinkes", name="Dinas Kesehatan", short_name="Dinkes")
        t.opd_other = Opd.objects.create(jurisdiction=t.other_city, code="dpupr", name="Dinas PU Kota Lain")
        t.unit_a = ServiceUnit.objects.create(opd=t.opd_a, name="Loket DPUPR di MPP", venue=ServiceUnit.Venue.MPP)
        t.service_a = Service.objects.create(unit=t.unit_a, code="pbg", name="Persetujuan Bangunan Gedung")
        t.roads = Category.objects.create(
            jurisdiction=t.city, code="jalan", name="Jalan rusak", name_en="Damaged roads", default_opd=t.opd_a
        )
        t.health = Category.objects.create(
            jurisdiction=t.city, code="puskesmas", name="Layanan puskesmas", default_opd=t.opd_b
        )
        t.other_category = Category.objects.create(jurisdiction=t.other_city, code="jalan", name="Jalan")

        t.warga = make_user("warga", first_name="Siti", last_name="Warga")
        t.admin = make_user("admin")
        t.petugas_a = make_user("petugas_a")
        t.kepala_a = make_user("kepala_a")
        t.petugas_b = make_user("petugas_b")
        t.focal_a = make_user("focal_a")
        t.inspektur = make_user("inspektur")
        t.ombudsman = make_user("ombudsman")
        t.admin_lain = make_user("admin_lain")
        t.kepegawaian = make_user("kepegawaian")
        t.kepegawaian_lain = make_user("kepegawaian_lain")
        t.sysadmin = User.objects.create_superuser("sysadmin", "sysadmin@contoh.go.id", PASSWORD)
        for user, role, jurisdiction, opd in [
            (t.admin, Role.COMPLAINT_ADMIN, t.city, None),
            (t.petugas_a, Role.OPD_OFFICER, t.city, t.opd_a),
            (t.kepala_a, Role.OPD_HEAD, t.city, t.opd_a),
            (t.petugas_b, Role.OPD_OFFICER, t.city, t.opd_b),
            (t.focal_a, Role.FOCAL_POINT, t.city, t.opd_a),
            (t.inspektur, Role.INSPEKTORAT, t.city, None),
            (t.ombudsman, Role.OMBUDSMAN, t.ombudsman_office, None),
            (t.admin_lain, Role.COMPLAINT_ADMIN, t.other_city, None),
            (t.kepegawaian, Role.STAFF_ADMIN, t.city, None),
            (t.kepegawaian_lain, Role.STAFF_ADMIN, t.other_city, None),
        ]:
            role_grant(user=user, role=role, jurisdiction=jurisdiction, opd=opd, actor=None)
            # Staff have enrolled their authenticator app; the test client passes it (see Client).
            TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


class BaseTestCase(TestCase):
    client_class = Client
    city: Jurisdiction
    opd_a: Opd
    opd_b: Opd
    roads: Category
    health: Category
    warga: User
    admin: User
    petugas_a: User
    kepala_a: User
    petugas_b: User
    focal_a: User
    inspektur: User
    ombudsman: User
    admin_lain: User
    sysadmin: User
    kepegawaian: User
    kepegawaian_lain: User

    @classmethod
    def setUpTestData(cls) -> None:
        Personas.build(cls)

    def submit(self, **overrides: Any) -> tuple[Complaint, str]:
        """File a complaint in Kota Contoh the way the portal does."""
        fields: dict[str, Any] = {
            "jurisdiction": self.city,
            "title": "Jalan berlubang di Jl. Merdeka",
            "description": "Lubang besar di depan sekolah sudah dua minggu membahayakan pengendara motor.",
            "category": self.roads,
            "reporter": ReporterDetails(name="Budi Santoso", email="budi@example.id", phone="08123456789"),
        }
        fields.update(overrides)
        return complaint_submit(submission=Submission(**fields))

    def advance(self, complaint: Complaint, *steps: Action, **kwargs: Any) -> Complaint:
        """Move a case through `steps`, each by the persona whose job it is."""
        from sigap.complaints.services import complaint_transition

        actors = {
            Action.VERIFY: (self.admin, Actor.ADMIN),
            Action.REQUEST_INFO: (self.admin, Actor.ADMIN),
            Action.SUPPLEMENT: (None, Actor.REPORTER),
            Action.DISPATCH: (self.admin, Actor.ADMIN),
            Action.RETURN: (self.petugas_a, Actor.OPD),
            Action.ACCEPT: (self.petugas_a, Actor.OPD),
            Action.ANSWER: (self.petugas_a, Actor.OPD),
            Action.CONFIRM: (None, Actor.REPORTER),
            Action.REOPEN: (None, Actor.REPORTER),
            Action.RESUME: (self.petugas_a, Actor.OPD),
            Action.AUTO_CLOSE: (None, Actor.SYSTEM),
            Action.FORWARD: (self.admin, Actor.ADMIN),
            Action.ARCHIVE: (self.admin, Actor.ADMIN),
        }
        for step in steps:
            user, capacity = actors[step]
            options = dict(kwargs)
            options.setdefault("text", "Catatan langkah " + step.value)
            complaint = complaint_transition(
                complaint=complaint, action=step, actor=user, acting_as=capacity, **options
            )
        return complaint
