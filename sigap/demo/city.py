"""Reference data of the demo city (modelled on Kota Pasuruan, East Java).

OPD names follow the usual structure of a Pemkot; service units show where each
service is delivered (Mal Pelayanan Publik or the OPD's own office); categories
map onto SP4N-LAPOR!'s taxonomy (../data/lapor_categories.json).
"""

from __future__ import annotations

# (code, name, short name, kind)
OPDS = [
    ("setda", "Sekretariat Daerah", "Setda", "sekretariat"),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", "inspektorat"),
    ("dikbud", "Dinas Pendidikan dan Kebudayaan", "Dikbud", "dinas"),
    ("dinkes", "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana", "Dinkes P2KB", "dinas"),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", "dinas"),
    ("disperkim", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Disperkim", "dinas"),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", "dinas"),
    ("dinsos", "Dinas Sosial", "Dinsos", "dinas"),
    ("dispendukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dispendukcapil", "dinas"),
    ("dishub", "Dinas Perhubungan", "Dishub", "dinas"),
    ("diskominfotik", "Dinas Komunikasi, Informatika dan Statistik", "Diskominfotik", "dinas"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "dinas"),
    ("disperindag", "Dinas Perdagangan dan Perindustrian", "Disperindag", "dinas"),
    ("diskopum", "Dinas Koperasi dan Usaha Mikro", "Diskop UM", "dinas"),
    ("disnaker", "Dinas Tenaga Kerja", "Disnaker", "dinas"),
    ("dp3", "Dinas Pertanian, Ketahanan Pangan dan Perikanan", "DP3", "dinas"),
    ("bappelitbangda", "Badan Perencanaan, Penelitian dan Pembangunan Daerah", "Bappelitbangda", "badan"),
    ("bpkad", "Badan Pengelola Keuangan dan Aset Daerah", "BPKAD", "badan"),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", "badan"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", "badan"),
    ("rsud", "RSUD dr. R. Soedarsono", "RSUD", "rsud"),
    ("pdam", "Perumda Air Minum", "Perumda Air Minum", "bumd"),
    ("kec-gadingrejo", "Kecamatan Gadingrejo", "Kec. Gadingrejo", "kecamatan"),
    ("kec-purworejo", "Kecamatan Purworejo", "Kec. Purworejo", "kecamatan"),
    ("kec-bugulkidul", "Kecamatan Bugul Kidul", "Kec. Bugul Kidul", "kecamatan"),
    ("kec-panggungrejo", "Kecamatan Panggungrejo", "Kec. Panggungrejo", "kecamatan"),
]

# (OPD code, unit name, venue, [(service code, service name)])
UNITS = [
    ("dispendukcapil", "Loket Dispendukcapil di MPP", "mpp", [
        ("ktp-el", "Perekaman dan pencetakan KTP-el"),
        ("kk", "Penerbitan Kartu Keluarga"),
        ("akta-lahir", "Penerbitan Akta Kelahiran"),
        ("pindah", "Surat Keterangan Pindah"),
    ]),
    ("dpmptsp", "Loket Perizinan DPMPTSP di MPP", "mpp", [
        ("nib", "Pendampingan Nomor Induk Berusaha (NIB)"),
        ("pbg", "Persetujuan Bangunan Gedung (PBG)"),
        ("reklame", "Izin Reklame"),
    ]),
    ("bapenda", "Loket Pajak Daerah di MPP", "mpp", [
        ("pbb", "Pelayanan PBB-P2"),
        ("bphtb", "Pelayanan BPHTB"),
    ]),
    ("dinkes", "Puskesmas Gadingrejo", "own_office", [
        ("rawat-jalan", "Pelayanan rawat jalan puskesmas"),
        ("imunisasi", "Imunisasi"),
    ]),
    ("rsud", "Instalasi Rawat Jalan RSUD", "own_office", [("rsud-rawat-jalan", "Pelayanan rawat jalan RSUD")]),
    ("dinsos", "Kantor Dinas Sosial", "own_office", [("dtks", "Pendaftaran DTKS dan bantuan sosial")]),
    ("dikbud", "Kantor Dinas Pendidikan", "own_office", [("spmb", "Sistem Penerimaan Murid Baru (SPMB)")]),
    ("pdam", "Kantor Pelayanan Perumda Air Minum", "own_office", [("sambungan-air", "Sambungan baru air minum")]),
    ("kec-gadingrejo", "Kantor Kecamatan Gadingrejo", "own_office", [
        ("surat-pengantar", "Surat pengantar dan legalisasi"),
    ]),
]  # fmt: skip

# (code, name, English name, group, default OPD, LAPOR! category, LAPOR! subcategory, service code, keywords)
CATEGORIES = [
    ("jalan", "Jalan rusak atau berlubang", "Damaged or potholed roads", "Infrastruktur", "dpupr",
     "PEKERJAAN UMUM DAN PENATAAN RUANG", "JALAN BERLUBANG", "", "jalan,lubang,aspal,rusak"),
    ("drainase", "Drainase, gorong-gorong, genangan", "Drainage and flooding", "Infrastruktur", "dpupr",
     "PEKERJAAN UMUM DAN PENATAAN RUANG", "DRAINASE (GORONG-GORONG/PARIT)", "", "saluran,got,banjir,genangan"),
    ("pju", "Penerangan jalan umum", "Street lighting", "Infrastruktur", "dishub",
     "PERHUBUNGAN", "LAMPU PENERANGAN JALAN UMUM", "", "lampu,pju,gelap"),
    ("sampah", "Sampah dan kebersihan", "Waste and cleanliness", "Lingkungan", "dlh",
     "LINGKUNGAN HIDUP DAN KEHUTANAN", "PENCEMARAN LINGKUNGAN", "", "sampah,tps,bau"),
    ("parkir", "Parkir liar dan juru parkir", "Illegal parking", "Ketertiban", "dishub",
     "PERHUBUNGAN", "PARKIR LIAR", "", "parkir,jukir,karcis"),
    ("ketertiban", "Ketertiban umum dan PKL", "Public order and street vendors", "Ketertiban", "satpolpp",
     "KETENTERAMAN, KETERTIBAN UMUM, DAN PELINDUNGAN MASYARAKAT", "", "", "pkl,trotoar,ketertiban"),
    ("adminduk", "KTP-el, KK dan akta", "ID cards, family cards and certificates", "Administrasi", "dispendukcapil",
     "KEPENDUDUKAN", "KTP (KARTU TANDA PENDUDUK)", "ktp-el", "ktp,kk,akta,blanko"),
    ("perizinan", "Perizinan usaha dan bangunan", "Business and building permits", "Administrasi", "dpmptsp",
     "EKONOMI DAN KEUANGAN", "", "pbg", "izin,nib,pbg,oss"),
    ("pajak", "Pajak daerah dan PBB", "Local taxes", "Administrasi", "bapenda",
     "EKONOMI DAN KEUANGAN", "", "pbb", "pbb,pajak,bphtb"),
    ("puskesmas", "Pelayanan puskesmas", "Community health centre service", "Kesehatan", "dinkes",
     "KESEHATAN", "ANTRIAN LAMA", "rawat-jalan", "puskesmas,obat,antrian"),
    ("rsud", "Pelayanan rumah sakit daerah", "Regional hospital service", "Kesehatan", "rsud",
     "KESEHATAN", "LAINNYA TERKAIT KESEHATAN", "rsud-rawat-jalan", "rsud,rumah sakit,bpjs"),
    ("sekolah", "Sekolah dan penerimaan murid baru", "Schools and admissions", "Pendidikan", "dikbud",
     "PENDIDIKAN DAN KEBUDAYAAN", "", "spmb", "sekolah,spmb,zonasi,guru"),
    ("bansos", "Bantuan sosial", "Social assistance", "Sosial", "dinsos",
     "SOSIAL DAN KESEJAHTERAAN", "", "dtks", "bansos,dtks,pkh,bantuan"),
    ("air", "Air bersih", "Clean water supply", "Infrastruktur", "pdam",
     "ENERGI DAN SUMBER DAYA ALAM", "", "sambungan-air", "air,pdam,keruh,mati"),
    ("kelurahan", "Pelayanan kecamatan dan kelurahan", "District office services", "Administrasi", "kec-gadingrejo",
     "KEPENDUDUKAN", "SURAT KETERANGAN TEMPAT TINGGAL / DOMISILI", "surat-pengantar", "kelurahan,surat,pengantar"),
    ("pungli", "Pungutan liar dan perilaku petugas", "Illegal levies and officer conduct", "Integritas", "inspektorat",
     "TOPIK LAINNYA", "", "", "pungli,suap,calo,imbalan"),
]  # fmt: skip

DEMO_PASSWORD = "sigap-demo-2026"

# (username, first name, role, OPD code or "")
STAFF = [
    ("admin.pengaduan", "Admin Pengaduan", "complaint_admin", ""),
    ("petugas.dpupr", "Petugas DPUPR", "opd_officer", "dpupr"),
    ("kepala.dpupr", "Kepala DPUPR", "opd_head", "dpupr"),
    ("focal.dpupr", "Focal Point DPUPR", "focal_point", "dpupr"),
    ("petugas.dinkes", "Petugas Dinkes", "opd_officer", "dinkes"),
    ("kepala.dinkes", "Kepala Dinkes", "opd_head", "dinkes"),
    ("petugas.dispendukcapil", "Petugas Dispendukcapil", "opd_officer", "dispendukcapil"),
    ("kepala.dispendukcapil", "Kepala Dispendukcapil", "opd_head", "dispendukcapil"),
    ("petugas.dlh", "Petugas DLH", "opd_officer", "dlh"),
    ("kepala.dlh", "Kepala DLH", "opd_head", "dlh"),
    ("petugas.dishub", "Petugas Dishub", "opd_officer", "dishub"),
    ("kepala.dishub", "Kepala Dishub", "opd_head", "dishub"),
    ("inspektorat", "Auditor Inspektorat", "inspektorat", ""),
    ("walikota", "Wali Kota", "leader", ""),
    ("kepegawaian", "Admin Kepegawaian", "staff_admin", ""),
]
OMBUDSMAN_STAFF = ("ombudsman.jatim", "Asisten Ombudsman Jatim")

# The city's four kecamatan and some of their kelurahan (Kota Pasuruan has 34; public administrative
# data). The corpus's place names that are listed here give a demo complaint its kelurahan.
AREAS = [
    ("Gadingrejo", ["Gadingrejo", "Karangketug", "Krapyakrejo", "Petahunan", "Randusari", "Sebani"]),
    ("Purworejo", ["Purworejo", "Kebonagung", "Pohjentrek", "Sekargadung", "Tembokrejo"]),
    ("Bugul Kidul", ["Bugul Kidul", "Blandongan", "Kepel", "Tapaan"]),
    ("Panggungrejo", ["Panggungrejo", "Bugul Lor", "Pekuncen", "Karanganyar", "Bangilan", "Trajeng", "Mayangan"]),
]
