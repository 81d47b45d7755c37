"""One city with an object of every kind on both sides of the OPD line, for the access tests.

`build_world` adds to the personas of sigap.test: everything behind a URL with an
id in it exists twice, once for OPD A (Dinas PU: petugas_a, kepala_a, focal_a)
and once for OPD B (Dinas Kesehatan: petugas_b), so each page can be asked for
as "own OPD" and "other OPD". Objects are made through the services where they
exist, as the application makes them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from sigap.accounts.models import Role, RoleAssignment
from sigap.apikeys.scopes import Scope
from sigap.apikeys.services import apikey_create
from sigap.channels.forum.services import forum_session_create
from sigap.channels.models import InboundMessage
from sigap.complaints.models import Complaint
from sigap.complaints.services import ReporterDetails, complaint_add_attachments
from sigap.complaints.uploads import clean_upload
from sigap.complaints.workflow import Action, Actor
from sigap.compliance.models import Assessment, Indicator
from sigap.compliance.services import assessment_start, evidence_add
from sigap.escalation.models import SweepRun
from sigap.exports.models import Export
from sigap.knowledge.models import Article
from sigap.knowledge.services import response_template_save
from sigap.notifications.models import Channel as NotificationChannel
from sigap.notifications.models import Kind as NotificationKind
from sigap.notifications.models import Notification
from sigap.notifications.models import State as NotificationState
from sigap.ombudsman.tests.helpers import receive
from sigap.organisations.models import Service, ServiceUnit
from sigap.oversight.models import Requester, RequestKind
from sigap.oversight.services import Addressee, request_answer, request_send
from sigap.staff.models import Invitation
from sigap.staff.services import Grant, invitation_send, invitation_token
from sigap.training.models import Participation
from sigap.training.services import (
    training_attendance_set,
    training_create,
    training_material_add,
    training_participants_add,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"


def photo(name: str = "foto.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "blue").save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue())


@dataclass
class Side:
    """The ids of one OPD's objects, named as the URL patterns name their arguments."""

    code: str
    other_code: str
    attachment: int
    opd: int
    unit: int
    service: int
    officer: int
    participation: int
    oversight_request: int
    oversight_document: int
    ombudsman_report: int
    evidence: int
    role_assignment: int


BUDI = ReporterDetails(name="Budi Santoso", email="budi@example.id", phone="08123456789")


def _case(
    t: Any, *, category: Any, reporter_user: Any = None, reporter: ReporterDetails = BUDI, **extra: Any
) -> Complaint:
    case, _secret = t.submit(t, category=category, reporter_user=reporter_user, reporter=reporter, **extra)
    return t.advance(t, case, Action.VERIFY, Action.DISPATCH)


def _side(
    t: Any, *, opd: Any, unit: Any, service: Any, officer: Any, category: Any, reporter_user: Any, **submission: Any
) -> Side:
    case = _case(t, category=category, reporter_user=reporter_user, **submission)
    twin = _case(t, category=category)
    holder = t.petugas_a if opd == t.opd_a else t.petugas_b
    (attachment,) = complaint_add_attachments(
        complaint=case, files=[clean_upload(photo())], actor=holder, acting_as=Actor.OPD, internal=False
    )
    request = request_send(
        requester=Requester.INSPEKTORAT,
        kind=RequestKind.DATA,
        to=Addressee(jurisdiction=t.city, opd=opd),
        subject="Data pengaduan",
        questions="Mohon kirim data penanganan pengaduan triwulan ini.",
        actor=t.inspektur,
        complaint=case,
    )
    answer = request_answer(
        request=request,
        body="Terlampir.",
        files=[clean_upload(SimpleUploadedFile("data.pdf", PDF))],
        actor=t.focal_a if opd == t.opd_a else t.admin,
        acting_as="focal_point",
    )
    report = receive(t, opd=opd)
    year = timezone.localdate().year
    assessment = assessment_start(unit=unit, year=year, actor=officer)
    indicator = Indicator.objects.filter(dimension__scheme=assessment.scheme).first()
    assert indicator is not None
    (evidence,) = evidence_add(
        assessment=assessment,
        indicator=indicator,
        files=[clean_upload(SimpleUploadedFile("bukti.pdf", PDF))],
        actor=officer,
    )
    participation = Participation.objects.get(session=t.training, user=officer)
    return Side(
        code=case.tracking_code,
        other_code=twin.tracking_code,
        attachment=attachment.pk,
        opd=opd.pk,
        unit=unit.pk,
        service=service.pk,
        officer=officer.pk,
        participation=participation.pk,
        oversight_request=request.pk,
        oversight_document=answer.documents.get().pk,
        ombudsman_report=report.pk,
        evidence=evidence.pk,
        role_assignment=RoleAssignment.objects.get(user=officer, role=Role.OPD_OFFICER).pk,
    )


def build_world(t: Any, **own_case: Any) -> None:
    """Add to `t` (already holding the personas) an `own` and an `other` Side and the shared objects.

    `own_case` is passed on to the submission of the own-OPD case (e.g. a reporter and is_confidential).
    """
    t.unit_b = ServiceUnit.objects.create(opd=t.opd_b, name="Puskesmas Merdeka", venue=ServiceUnit.Venue.OWN_OFFICE)
    t.service_b = Service.objects.create(unit=t.unit_b, code="kir", name="Surat keterangan sehat")
    t.training = training_create(
        jurisdiction=t.city,
        title="Pelatihan pengelolaan pengaduan",
        kind="training",
        organiser="BKPSDM",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 3),
        actor=t.kepegawaian,
    )
    t.material = training_material_add(
        session=t.training,
        title="Modul",
        file=clean_upload(SimpleUploadedFile("modul.pdf", PDF)),
        actor=t.kepegawaian,
    )
    training_participants_add(session=t.training, actor=t.kepegawaian, users=[t.petugas_a, t.petugas_b])
    training_attendance_set(
        session=t.training,
        attended_user_ids={t.petugas_a.pk, t.petugas_b.pk},
        actor=t.kepegawaian,
    )
    t.own = _side(
        t,
        opd=t.opd_a,
        unit=t.unit_a,
        service=t.service_a,
        officer=t.petugas_a,
        category=t.roads,
        reporter_user=t.warga,
        **own_case,
    )
    t.other = _side(
        t, opd=t.opd_b, unit=t.unit_b, service=t.service_b, officer=t.petugas_b, category=t.health, reporter_user=None
    )
    t.article = Article.objects.create(topic="dasar", slug="dasar", title="Dasar pengaduan", body="Isi.")
    t.template = response_template_save(
        jurisdiction=t.city,
        title="Jawaban",
        body="Terima kasih atas laporan Anda.",
        language="id",
        category=None,
        actor=t.admin,
    )
    t.notification = Notification.objects.create(
        dedupe_key="matrix-failed",
        kind=NotificationKind.ACKNOWLEDGEMENT,
        channel=NotificationChannel.EMAIL,
        recipient="budi@example.id",
        jurisdiction=t.city,
        complaint=Complaint.objects.get(tracking_code=t.own.code),
        subject="Pengaduan diterima",
        state=NotificationState.FAILED,
    )
    # A deadline sweep that escalated cases and failed on the own-OPD case, for the sweep page.
    started = timezone.now() - timedelta(minutes=5)
    SweepRun.objects.create(
        started_at=started,
        finished_at=started + timedelta(seconds=2.5),
        as_of=started,
        counts={"reminded": 3, "escalated_1": 2, "escalated_2": 0, "auto_closed": 1, "auto_archived": 0},
        errors=[
            {
                "step": "escalated_1",
                "complaint": Complaint.objects.get(tracking_code=t.own.code).pk,
                "error": "OperationalError: database is locked",
            }
        ],
    )
    t.inbound = InboundMessage.objects.create(channel="email", raw=b"From: a@example.id\n\nHalo", jurisdiction=t.city)
    t.forum = forum_session_create(
        jurisdiction=t.city, name="Musrenbang", held_on=date(2026, 2, 1), place="Balai kota", actor=t.admin
    )
    t.export = Export.objects.create(requested_by=t.admin, kind=Export.Kind.CSV)
    invitation = invitation_send(
        jurisdiction=t.city,
        email="calon@contoh.go.id",
        name="Calon Pegawai",
        grants=[Grant(role=Role.OPD_OFFICER, opd=t.opd_a)],
        actor=t.kepegawaian,
    )
    t.invitation = invitation.pk
    t.invitation_token = invitation_token(invitation, "not-the-nonce")
    t.reset_uid = urlsafe_base64_encode(force_bytes(t.petugas_a.pk))
    t.reset_token = default_token_generator.make_token(t.petugas_a)
    _key, t.open311_key = apikey_create(
        name="open311", jurisdiction=t.city, scopes=[Scope.OPEN311_POST, Scope.UPDATES_POST], actor=None
    )
    t.year = timezone.localdate().year
    # The system administrator has set up the second factor the /sysadmin/ site asks for.
    TOTPDevice.objects.create(user=t.sysadmin, name="authenticator", confirmed=True)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(days=7))
    assert Assessment.objects.count() == 2
