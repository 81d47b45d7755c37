"""Seed the Ombudsman's assessment schemes as data (docs/legal-sources.md §5).

- kepatuhan-2021: the compliance-with-service-standard survey until 2021, scored into
  zones (hijau ≥ 81.00, kuning ≥ 51.00, merah below): secondary source.
- kepatuhan-2022: the graded assessment of 2022–2024, four dimensions weighted
  Input 21.85 / Proses 32.37 / Output 24.24 / Pengaduan 21.54 (secondary source: Ombudsman
  slides 2023) and grades A–E whose names are confirmed but whose numeric cut-offs were
  not found: seeded as unverified data to be corrected when the instrument is read.
- opini-2025: the Opini Ombudsman (PerOmbudsman 61/2025): the four dimensions together
  70 %, public trust 30 % (secondary source); the split of the 70 % in the 2022–2024
  proportions is Sigap's assumption; only the predicate "Opini Kualitas Tertinggi Tanpa
  Maladministrasi" could be cited, its lower bound unverified.
The indicators under each dimension are Sigap's self-assessment list (the Ombudsman's
instrument itself was not reached); venue weights are Sigap's assumption (no source found).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import migrations

SEC, UNV = "secondary-source", "unverified"

STANDARD_INDICATORS = [
    (
        "standar-ditetapkan",
        "Standar pelayanan ditetapkan dengan keputusan pimpinan",
        "Keputusan penetapan standar pelayanan",
    ),
    (
        "persyaratan",
        "Persyaratan pelayanan dipublikasikan di lokasi dan daring",
        "Foto papan informasi; tautan halaman",
    ),
    ("prosedur", "Sistem, mekanisme dan prosedur dipublikasikan (bagan alur)", "Foto bagan alur"),
    ("waktu", "Jangka waktu penyelesaian dipublikasikan", "Foto papan informasi"),
    ("biaya", "Biaya/tarif dipublikasikan (termasuk jika gratis)", "Foto papan informasi"),
    ("produk", "Produk pelayanan dipublikasikan", "Foto papan informasi"),
    ("maklumat", "Maklumat pelayanan dipublikasikan", "Foto maklumat pelayanan"),
    ("sarana-pengaduan", "Sarana pengaduan tersedia (kotak, nomor, SP4N-LAPOR!)", "Foto sarana; tangkapan layar"),
]

INPUT = [
    ("kompetensi", "Pelaksana memiliki kompetensi dan mengikuti pelatihan pelayanan", "Sertifikat pelatihan"),
    ("ruang-tunggu", "Ruang tunggu layak (kursi, pendingin/ventilasi, toilet)", "Foto ruang tunggu dan toilet"),
    ("loket", "Loket/meja layanan tersedia; layanan tidak di ruang pejabat", "Foto loket"),
    (
        "berkebutuhan-khusus",
        "Sarana bagi pengguna berkebutuhan khusus (ramp, kursi roda, loket prioritas)",
        "Foto sarana",
    ),
]
PROSES = [
    *STANDARD_INDICATORS[:7],
    (
        "tanpa-calo",
        "Tidak ada pungutan di luar tarif resmi dan tidak ada calo",
        "Maklumat anti-pungli; hasil pengawasan",
    ),
]
OUTPUT = [
    ("skm", "Survei kepuasan masyarakat dilaksanakan dan hasilnya dipublikasikan", "Laporan SKM; publikasi"),
    ("persepsi-maladministrasi", "Pengguna tidak mengalami maladministrasi (survei persepsi)", "Hasil survei persepsi"),
]
PENGADUAN = [
    ("pengelola", "Unit atau petugas pengelola pengaduan ditetapkan", "Surat keputusan"),
    ("sarana", "Sarana pengaduan tersedia dan terhubung ke SP4N-LAPOR!", "Tangkapan layar; foto"),
    ("tindak-lanjut", "Pengaduan ditindaklanjuti dalam tenggat", "Rekap tindak lanjut"),
    ("publikasi", "Pengelolaan pengaduan dilaporkan dan dipublikasikan berkala", "Laporan berkala"),
]

SCHEMES = [
    {
        "code": "kepatuhan-2021",
        "name": "Penilaian Kepatuhan Standar Pelayanan Publik (sampai 2021)",
        "first_year": 2015,
        "last_year": 2021,
        "source": "Pengumuman Ombudsman RI 29 Desember 2021 (zona); sumber sekunder",
        "dimensions": [("kepatuhan-standar", "Kepatuhan standar pelayanan", Decimal(100), SEC, STANDARD_INDICATORS)],
        "bands": [
            (Decimal("81.00"), "", "Kepatuhan tinggi", "hijau", SEC),
            (Decimal("51.00"), "", "Kepatuhan sedang", "kuning", SEC),
            (Decimal("0.00"), "", "Kepatuhan rendah", "merah", SEC),
        ],
    },
    {
        "code": "kepatuhan-2022",
        "name": "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik (2022–2024)",
        "first_year": 2022,
        "last_year": 2024,
        "source": "Paparan Ombudsman RI Perwakilan Jateng dan Jatim 2023 (bobot dimensi); sumber sekunder",
        "dimensions": [
            ("input", "Input (kompetensi pelaksana, sarana prasarana)", Decimal("21.85"), SEC, INPUT),
            ("proses", "Proses (pemenuhan standar pelayanan)", Decimal("32.37"), SEC, PROSES),
            ("output", "Output (persepsi pengguna layanan)", Decimal("24.24"), SEC, OUTPUT),
            ("pengaduan", "Pengelolaan pengaduan", Decimal("21.54"), SEC, PENGADUAN),
        ],
        "bands": [
            (Decimal("88.01"), "A", "Kualitas Tertinggi", "hijau", UNV),
            (Decimal("78.01"), "B", "Kualitas Tinggi", "hijau", UNV),
            (Decimal("57.01"), "C", "Kualitas Sedang", "kuning", UNV),
            (Decimal("45.01"), "D", "Kualitas Rendah", "merah", UNV),
            (Decimal("0.00"), "E", "Kualitas Terendah", "merah", UNV),
        ],
    },
    {
        "code": "opini-2025",
        "name": "Opini Ombudsman RI: Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik (2025–)",
        "first_year": 2025,
        "last_year": None,
        "source": "PerOmbudsman 61/2025; siaran pers Ombudsman RI 004 dan 005/HM.01/I/2026; sumber sekunder",
        "dimensions": [
            ("input", "Input (kompetensi pelaksana, sarana prasarana)", Decimal("15.295"), UNV, INPUT),
            ("proses", "Proses (perencanaan dan standar pelayanan)", Decimal("22.659"), UNV, PROSES),
            ("output", "Output (persepsi maladministrasi)", Decimal("16.968"), UNV, OUTPUT),
            (
                "pengaduan",
                "Pengelolaan pengaduan dan kepatuhan pada produk Ombudsman",
                Decimal("15.078"),
                UNV,
                [
                    *PENGADUAN,
                    (
                        "produk-ombudsman",
                        "Tindakan korektif, saran dan rekomendasi Ombudsman dilaksanakan",
                        "Laporan pelaksanaan",
                    ),
                ],
            ),
            (
                "kepercayaan",
                "Kepercayaan masyarakat",
                Decimal(30),
                SEC,
                [
                    (
                        "survei-kepercayaan",
                        "Survei kepercayaan masyarakat diikuti dan hasilnya ditindaklanjuti",
                        "Hasil survei",
                    )
                ],
            ),
        ],
        "bands": [(Decimal("88.01"), "", "Opini Kualitas Tertinggi Tanpa Maladministrasi", "", UNV)],
    },
]

VENUES = [
    ("mpp", Decimal("1.00"), "Sigap's assumption: full weight in the Mal Pelayanan Publik (no published weight found)"),
    ("dpmptsp", Decimal("1.00"), "Sigap's assumption: full weight in the DPMPTSP (no published weight found)"),
    (
        "own_office",
        Decimal("0.50"),
        "Sigap's assumption: half weight in each OPD's own office (no published weight found)",
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Scheme = apps.get_model("compliance", "Scheme")
    Dimension = apps.get_model("compliance", "Dimension")
    Indicator = apps.get_model("compliance", "Indicator")
    Band = apps.get_model("compliance", "Band")
    VenueWeight = apps.get_model("compliance", "VenueWeight")
    for spec in SCHEMES:
        scheme, created = Scheme.objects.get_or_create(
            code=spec["code"],
            defaults={k: spec[k] for k in ("name", "first_year", "last_year", "source")},
        )
        if not created:
            continue
        for order, (code, name, weight, confidence, indicators) in enumerate(spec["dimensions"]):
            dimension = Dimension.objects.create(
                scheme=scheme, code=code, name=name, weight=weight, order=order, confidence=confidence
            )
            for i, (icode, text, guidance) in enumerate(indicators):
                Indicator.objects.create(dimension=dimension, code=icode, text=text, guidance=guidance, order=i)
        for bound, grade, predicate, zone, confidence in spec["bands"]:
            Band.objects.create(
                scheme=scheme, lower_bound=bound, grade=grade, predicate=predicate, zone=zone, confidence=confidence
            )
    for venue, weight, note in VENUES:
        VenueWeight.objects.get_or_create(venue=venue, defaults={"weight": weight, "note": note})


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
