"""Demo data for the oversight features; every step is safe to re-run.

Ombudsman reports (one waiting for DPUPR's focal point to answer a
clarification), published standards for the services in the Mal Pelayanan
Publik, compliance self-assessments, survey answers, and forms of
maladministration on a few complaints, so that the dashboards have something
to show and an early warning or two.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import User
from sigap.complaints.models import Complaint
from sigap.complaints.workflow import Status
from sigap.compliance.models import Assessment, Indicator
from sigap.compliance.services import assessment_answer, assessment_start, assessment_submit
from sigap.maladministration.models import Classification
from sigap.maladministration.services import classification_set
from sigap.ombudsman.models import Report
from sigap.ombudsman.services import ReporterIdentity, report_receive, report_record_checks, report_transition
from sigap.ombudsman.workflow import Action, Actor
from sigap.organisations.models import Jurisdiction, Opd, Service, ServiceUnit
from sigap.oversight.models import Requester, RequestKind
from sigap.oversight.services import Addressee, request_send
from sigap.skm.models import SurveyResponse
from sigap.skm.services import survey_submit
from sigap.standards.models import ServiceStandard
from sigap.standards.services import standard_save

COMMON = {
    "complaints": "Pengaduan dapat disampaikan di loket pengaduan MPP, melalui Sigap (pengaduan daring), "
    "SP4N-LAPOR! (SMS 1708) atau surel pengaduan@pasuruankota.go.id; ditindaklanjuti paling lambat 5 hari kerja.",
    "legal_basis": "UU 25/2009 tentang Pelayanan Publik; PermenPANRB 15/2014 tentang Pedoman Standar Pelayanan.",
    "facilities": "Ruang tunggu ber-AC, nomor antrean, loket prioritas, toilet dan ramp untuk penyandang disabilitas.",
    "competence": "Pelaksana berpendidikan minimal SMA dan telah mengikuti pelatihan pelayanan prima.",
    "internal_control": "Pengawasan oleh kepala unit dan atasan langsung; audit oleh Inspektorat Daerah.",
    "staff_count": "3 orang petugas loket dan 1 orang verifikator.",
    "service_guarantee": "Maklumat pelayanan ditandatangani kepala OPD dan dipasang di loket.",
    "safety_guarantee": "Data pemohon dijaga kerahasiaannya; ruang layanan dilengkapi APAR dan jalur evakuasi.",
    "performance_evaluation": "Evaluasi kinerja pelaksana setiap triwulan dan survei kepuasan masyarakat "
    "setiap semester.",
}
# service code: (requirements, procedure, time, cost, product)
MPP_SERVICES = {
    "ktp-el": (
        "Kartu Keluarga asli; berusia 17 tahun atau sudah/pernah kawin.",
        "Ambil antrean; verifikasi berkas; perekaman sidik jari, iris dan foto; pencetakan KTP-el.",
        "Perekaman 15 menit; pencetakan 1 hari kerja bila blangko tersedia.",
        "Gratis",
        "KTP-el",
    ),
    "kk": (
        "Formulir F-1.01; KK lama; buku nikah/akta perkawinan atau akta cerai bila ada perubahan.",
        "Ambil antrean; penyerahan berkas; verifikasi; penerbitan dan tanda tangan elektronik.",
        "1 hari kerja setelah berkas lengkap.",
        "Gratis",
        "Kartu Keluarga",
    ),
    "akta-lahir": (
        "Surat keterangan lahir dari faskes; KK dan KTP-el orang tua; 2 saksi.",
        "Ambil antrean; penyerahan berkas; verifikasi; pencatatan; penerbitan akta.",
        "1 hari kerja setelah berkas lengkap.",
        "Gratis",
        "Kutipan Akta Kelahiran",
    ),
    "pindah": (
        "KK dan KTP-el; alamat tujuan.",
        "Ambil antrean; pengisian formulir; verifikasi; penerbitan SKPWNI.",
        "1 hari kerja.",
        "Gratis",
        "Surat Keterangan Pindah (SKPWNI)",
    ),
    "nib": (
        "KTP-el; NPWP; akun OSS.",
        "Pendampingan pengisian data usaha di OSS RBA; penerbitan NIB oleh sistem OSS.",
        "Hari yang sama.",
        "Gratis",
        "Nomor Induk Berusaha (NIB)",
    ),
    "pbg": (
        "Dokumen teknis (arsitektur, struktur, MEP); bukti kepemilikan tanah; KTP-el pemohon.",
        "Pengajuan melalui SIMBG; pemeriksaan dokumen oleh TPA; penetapan retribusi; penerbitan PBG.",
        "Paling lama 28 hari kerja sejak dokumen lengkap.",
        "Retribusi sesuai Perda tentang Retribusi PBG",
        "Persetujuan Bangunan Gedung (PBG)",
    ),
    "reklame": (
        "Permohonan; desain reklame; foto lokasi; KTP-el.",
        "Pengajuan; survei lokasi; penetapan pajak; izin terbit.",
        "5 hari kerja.",
        "Pajak reklame sesuai Perda Pajak Daerah",
        "Izin Reklame",
    ),
    "pbb": (
        "SPPT tahun berjalan atau NOP; KTP-el wajib pajak.",
        "Ambil antrean; layanan informasi, pembetulan atau pembayaran PBB-P2.",
        "Hari yang sama; pembetulan 5 hari kerja.",
        "Gratis (kecuali pajak terutang)",
        "SPPT/bukti pembayaran PBB-P2",
    ),
    "bphtb": (
        "Akta/dokumen peralihan hak; SPPT PBB; KTP-el.",
        "Pengisian SSPD BPHTB; verifikasi nilai; pembayaran; validasi.",
        "2 hari kerja.",
        "BPHTB sesuai Perda Pajak Daerah",
        "SSPD BPHTB tervalidasi",
    ),
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


@transaction.atomic
def seed_standards(city: Jurisdiction) -> int:
    """Publish a standard for each service delivered in the MPP (skipped where one exists)."""
    written = 0
    officer = _user("petugas.dispendukcapil") or User.objects.filter(is_superuser=True).first()
    assert officer is not None
    for service in Service.objects.filter(unit__opd__jurisdiction=city, unit__venue=ServiceUnit.Venue.MPP):
        if service.code not in MPP_SERVICES or ServiceStandard.objects.filter(service=service).exists():
            continue
        requirements, procedure, time, cost, product = MPP_SERVICES[service.code]
        values = {
            **COMMON,
            "requirements": requirements,
            "procedure": procedure,
            "completion_time": time,
            "cost": cost,
            "product": product,
        }
        standard_save(
            service=service,
            values=values,
            decree="Keputusan Kepala OPD tentang Standar Pelayanan (demo)",
            publish=True,
            actor=officer,
        )
        written += 1
    return written


def seed_surveys(city: Jurisdiction, *, seed: int = 2026) -> int:
    """Survey answers over the last year: good in the MPP, poor at the puskesmas (an early warning)."""
    if SurveyResponse.objects.filter(jurisdiction=city).exists():
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    count = 0
    for service in Service.objects.filter(unit__opd__jurisdiction=city).select_related("unit"):
        good = service.unit.venue == ServiceUnit.Venue.MPP
        weights = [1, 2, 30, 67] if good else ([15, 35, 40, 10] if service.code == "rawat-jalan" else [3, 12, 55, 30])
        for _ in range(rng.randint(12, 30)):
            answers = {f"u{i}": rng.choices([1, 2, 3, 4], weights=weights)[0] for i in range(1, 10)}
            survey_submit(
                service=service,
                answers=answers,
                now=now - timedelta(days=rng.uniform(0, 330)),
                suggestion=rng.choice(["", "", "", "Antrean mohon dipercepat.", "Petugas ramah."]),
            )
            count += 1
    return count


def seed_classifications(city: Jurisdiction) -> int:
    """Forms of maladministration on a few DPUPR complaints (three of one form: an early warning)."""
    if Classification.objects.filter(complaint__jurisdiction=city).exists():
        return 0
    admin = _user("admin.pengaduan")
    cases = list(Complaint.objects.filter(jurisdiction=city, opd__code="dpupr").order_by("created_at")[:4])
    for i, case in enumerate(cases):
        kinds = ["penundaan_berlarut"] + (["tidak_kompeten"] if i == 3 else [])
        classification_set(complaint=case, kinds=kinds, actor=admin, acting_as="complaint_admin")
    return len(cases)


def seed_reports(city: Jurisdiction) -> int:
    """Three Ombudsman reports; one in clarification with a request waiting for DPUPR's focal point."""
    if Report.objects.filter(jurisdiction=city).exists() or city.overseen_by is None:
        return 0
    officer = _user("ombudsman.jatim")
    if officer is None:
        return 0
    dpupr = Opd.objects.get(jurisdiction=city, code="dpupr")
    dinkes = Opd.objects.get(jurisdiction=city, code="dinkes")
    linked = Complaint.objects.filter(
        jurisdiction=city, opd=dpupr, status__in=[Status.IN_FOLLOWUP, Status.DISPATCHED]
    ).first()
    identity = ReporterIdentity(
        name="Rina Kurniasih",
        birth="Pasuruan, 12 Mei 1988",
        marital_status="Kawin",
        occupation="Pedagang",
        address="Jl. Hayam Wuruk 10, Pasuruan",
        contact="081200011122",
    )
    clarification = report_receive(
        office=city.overseen_by,
        jurisdiction=city,
        opd=dpupr,
        complaint=linked,
        actor=officer,
        reporter=identity,
        title="Perbaikan saluran tidak kunjung dilakukan",
        description="Pelapor sudah mengadu ke DPUPR, tetapi saluran di depan rumahnya tetap tersumbat dan meluap "
        "setiap hujan selama dua bulan tanpa tindak lanjut.",
        incident_date=date.today() - timedelta(days=70),
        prior_complaint="" if linked else "Sudah mengadu langsung ke kantor DPUPR.",
    )
    report_record_checks(
        report=clarification,
        actor=officer,
        checks={
            "description_detailed": True,
            "prior_complaint_made": True,
            "within_authority": True,
            "not_already_handled": True,
        },
    )
    for action in (Action.VERIFY_FORMAL, Action.VERIFY_MATERIAL):
        clarification = report_transition(report=clarification, action=action, actor=officer, acting_as=Actor.OFFICER)
    request_send(
        requester=Requester.OMBUDSMAN,
        kind=RequestKind.CLARIFICATION,
        to=Addressee(jurisdiction=city, opd=dpupr),
        subject="Klarifikasi penanganan saluran tersumbat",
        questions="Mohon penjelasan tertulis: (1) kapan pengaduan diterima DPUPR; (2) tindak lanjut yang "
        "sudah dilakukan; (3) jadwal perbaikan saluran. Lampirkan dokumen pendukung.",
        actor=officer,
        report=clarification,
        complaint=linked,
    )

    lhp = report_receive(
        office=city.overseen_by,
        jurisdiction=city,
        opd=dinkes,
        actor=officer,
        reporter=identity,
        title="Pungutan tambahan di puskesmas",
        description="Pelapor diminta membayar biaya administrasi yang tidak tercantum dalam standar pelayanan.",
        incident_date=date.today() - timedelta(days=120),
        prior_complaint="Sudah mengadu ke kepala puskesmas.",
    )
    report_record_checks(
        report=lhp,
        actor=officer,
        checks={
            "description_detailed": True,
            "prior_complaint_made": True,
            "within_authority": True,
            "not_already_handled": True,
        },
    )
    for action, text in (
        (Action.VERIFY_FORMAL, ""),
        (Action.VERIFY_MATERIAL, ""),
        (Action.INVESTIGATE, "Pemeriksaan lapangan ke Puskesmas Gadingrejo."),
        (
            Action.ISSUE_LHP,
            "Tindakan korektif: hentikan pungutan di luar tarif, kembalikan "
            "pungutan kepada pengguna, dan pasang maklumat anti-pungli.",
        ),
    ):
        lhp = report_transition(report=lhp, action=action, actor=officer, acting_as=Actor.OFFICER, text=text)
    classification_set(report=lhp, kinds=["permintaan_imbalan"], actor=officer, acting_as="ombudsman")

    report_receive(
        office=city.overseen_by,
        jurisdiction=city,
        actor=officer,
        reporter=ReporterIdentity(name="Agus Salim"),
        title="Antrean KTP-el di MPP",
        description="Blangko KTP-el kosong dan pelapor diminta kembali berkali-kali.",
        incident_date=date.today() - timedelta(days=10),
    )
    return 3


def seed_assessments(city: Jurisdiction) -> int:
    """Self-assessments of the MPP units for last year (submitted) and this year (draft)."""
    units = list(ServiceUnit.objects.filter(opd__jurisdiction=city).select_related("opd"))
    rng = random.Random(7)
    made = 0
    this_year = timezone.localdate().year
    for unit in units:
        officer = User.objects.filter(roles__opd=unit.opd, roles__role__in=["opd_officer", "opd_head"]).first()
        officer = officer or _user("admin.pengaduan")
        assert officer is not None
        for year, chance, submit in ((this_year - 2, 0.8, True), (this_year - 1, 0.9, True), (this_year, 0.7, False)):
            if Assessment.objects.filter(unit=unit, year=year).exists():
                continue
            assessment = assessment_start(unit=unit, year=year, actor=officer)
            mpp_bonus = 0.1 if unit.venue == ServiceUnit.Venue.MPP else -0.15
            values = {}
            for indicator in Indicator.objects.filter(dimension__scheme=assessment.scheme):
                roll = rng.random()
                values[indicator.pk] = 100 if roll < chance + mpp_bonus else (50 if roll < 0.95 else 0)
            assessment_answer(assessment=assessment, values=values, notes={}, actor=officer)
            if submit:
                assessment_submit(assessment=assessment, actor=officer)
            made += 1
    return made


def seed_oversight(city: Jurisdiction) -> dict[str, int]:
    return {
        "standards": seed_standards(city),
        "surveys": seed_surveys(city),
        "classifications": seed_classifications(city),
        "reports": seed_reports(city),
        "assessments": seed_assessments(city),
    }
