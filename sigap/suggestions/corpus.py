"""A labelled Indonesian complaint corpus for training checks and tests.

Citizens write in many ways: formal letters, WhatsApp shorthand (yg, gak, tdk,
udh), typos, Javanese words (mboten, sampun, nggih) and English mixed in
("tolong di-follow up", "please"). This generator writes complaints the way
they arrive, labelled with the category, its OPD and the forms of
maladministration they describe, so classifier quality can be measured on a
held-out split. Its wording pools are separate from `sigap.demo.corpus`, so a
model trained on demo cases is tested on text it has not seen.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sigap.maladministration.kinds import Kind as Mal
from sigap.organisations.places import KELURAHAN, STREETS


@dataclass(frozen=True)
class Example:
    text: str
    category: str
    forms: tuple[str, ...]


# Per demo category code: things people say about it (with {street}/{kel} places).
SAYINGS: dict[str, tuple[str, ...]] = {
    "jalan": (
        "jalan di {street} banyak lubang sampai motor saya jatuh",
        "aspal {street} ambles dan retak panjang",
        "jalan kampung {kel} rusak parah belum pernah diaspal ulang",
        "lubang jalan depan pasar makin dalam",
        "proyek pengaspalan {street} ditinggal begitu saja, batu krikil berserakan",
        "jalan berlubang dekat sekolah bahaya buat anak anak",
        "paving jalan gang di {kel} pada copot",
    ),
    "drainase": (
        "got depan rumah mampet tiap hujan air naik ke teras",
        "saluran air {street} penuh lumpur dan plastik",
        "banjir lagi di {kel} karena gorong gorong tidak berfungsi",
        "selokan meluap baunya tidak karuan",
        "drainase baru dibangun tapi airnya malah tidak mengalir",
        "genangan air di perempatan {street} tidak surut",
    ),
    "pju": (
        "lampu jalan {street} mati sudah lama jadi gelap gulita",
        "pju depan gang {kel} tidak nyala",
        "tiang lampu jalan miring hampir roboh",
        "lampu penerangan di jembatan padam, rawan begal",
        "lampu jalan nyala siang hari tapi malam mati",
        "banyak lampu pju putus di sepanjang {street}",
    ),
    "sampah": (
        "sampah di tps {kel} menggunung tidak diangkut",
        "truk sampah sudah seminggu tidak lewat",
        "orang buang sampah sembarangan di lahan kosong {street}",
        "bau sampah menyengat sampai ke masjid",
        "tong sampah di taman kota penuh dan berserakan",
        "petugas kebersihan minta iuran tambahan tiap bulan",
    ),
    "parkir": (
        "jukir di {street} narik parkir 5 ribu padahal tarifnya 2 ribu",
        "parkir liar bikin macet depan minimarket",
        "tukang parkir tidak kasih karcis",
        "mobil parkir di trotoar {street} pejalan kaki susah lewat",
        "parkir di pasar dipungut dua kali",
        "ada jukir liar pakai rompi palsu di {kel}",
    ),
    "ketertiban": (
        "pkl jualan di atas trotoar {street}",
        "lapak pedagang menutup saluran air",
        "karaoke sampai jam 2 pagi berisik",
        "bangunan liar berdiri di bantaran sungai {kel}",
        "spanduk dan baliho liar menutupi rambu",
        "anak punk nongkrong mengganggu di lampu merah",
    ),
    "adminduk": (
        "ktp el saya belum jadi padahal sudah rekam 3 bulan",
        "ngurus kk baru katanya blanko kosong terus",
        "akta kelahiran anak belum keluar juga",
        "antrian dukcapil di mpp penuh, nomor antrean habis jam 8",
        "data nik saya tidak sinkron jadi tidak bisa daftar bpjs",
        "pindah domisili ke {kel} prosesnya lama sekali",
        "kia anak belum dicetak",
    ),
    "perizinan": (
        "pengajuan pbg rumah toko belum ada kabar",
        "nib di oss error terus tidak bisa diproses",
        "izin usaha warung saya ditolak tanpa penjelasan",
        "syarat izin reklame berubah ubah",
        "sertifikat laik fungsi belum terbit padahal berkas lengkap",
        "perizinan online dpmptsp sering down",
    ),
    "pajak": (
        "tagihan pbb naik dua kali lipat",
        "sppt pbb tahun ini belum diterima",
        "sudah bayar pbb tapi masih tertera tunggakan",
        "bphtb jual beli rumah dipersulit",
        "nama di sppt salah tidak bisa diganti",
        "denda pajak daerah tidak wajar",
    ),
    "puskesmas": (
        "antri di puskesmas dari subuh baru dipanggil siang",
        "obat di puskesmas sering kosong disuruh beli di luar",
        "bidan puskesmas judes sama ibu hamil",
        "dokter puskesmas jarang ada di tempat",
        "pelayanan imunisasi di posyandu {kel} dibatalkan mendadak",
        "rujukan bpjs dari puskesmas dipersulit",
    ),
    "rsud": (
        "pasien bpjs di rsud disuruh bayar obat sendiri",
        "igd rsud lama sekali penanganannya",
        "kamar rawat inap rsud katanya penuh terus",
        "perawat rsud membentak keluarga pasien",
        "antrian poli rsud sampai sore",
        "hasil lab rsud tidak keluar keluar",
    ),
    "sekolah": (
        "anak saya tidak diterima spmb padahal rumah dekat sekolah",
        "sekolah negeri minta uang gedung",
        "atap kelas sd di {kel} bocor kalau hujan",
        "guru sering tidak masuk kelas",
        "sistem pendaftaran sekolah online error",
        "seragam wajib beli di koperasi sekolah harganya mahal",
    ),
    "bansos": (
        "keluarga saya tidak mampu tapi tidak dapat bansos",
        "bantuan pkh dipotong oknum pendamping",
        "data dtks tidak diperbarui",
        "yang dapat bantuan malah orang kaya punya mobil",
        "bantuan sembako di {kel} dibagi ke kerabat rt saja",
        "pengajuan kis pbi tidak diproses",
    ),
    "air": (
        "air pdam mati dari kemarin di {kel}",
        "air pdam keruh kuning bau kaporit",
        "pipa pdam bocor di {street} airnya muncrat",
        "tagihan pdam membengkak padahal pemakaian biasa",
        "sambungan baru pdam belum dipasang",
        "debit air pdam kecil sekali tiap pagi",
    ),
    "kelurahan": (
        "ngurus surat pengantar di kelurahan {kel} harus balik balik",
        "petugas kelurahan tidak ada di kantor jam kerja",
        "surat keterangan tidak mampu lama sekali jadinya",
        "pelayanan di kecamatan tutup sebelum jam pulang",
        "legalisir di kelurahan dimintai uang",
        "lurah sulit ditemui untuk tanda tangan",
    ),
    "pungli": (
        "oknum pegawai minta uang rokok biar berkas cepat",
        "ada calo di depan kantor pelayanan",
        "diminta amplop supaya urusan lancar",
        "petugas menawarkan jalur cepat dengan bayar",
        "pegawai terima titipan uang di ruangannya",
        "bayar lebih dari tarif resmi tanpa kuitansi",
    ),
}

# Things and troubles per category, combined freely ("pipa pdam" + "bocor"): real
# complaints reuse a category's words in endless combinations.
THINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "jalan": (
        ("jalan", "aspal", "jalan raya", "jalan gang", "jalan desa", "paving", "jembatan kecil", "bahu jalan"),
        ("berlubang", "retak", "ambles", "rusak parah", "bergelombang", "mengelupas", "licin berlumpur"),
    ),
    "drainase": (
        ("saluran air", "got", "selokan", "gorong-gorong", "drainase", "parit", "sungai kecil"),
        ("mampet", "tersumbat sampah", "meluap", "ambrol", "penuh lumpur", "bau busuk", "tidak mengalir"),
    ),
    "pju": (
        ("lampu jalan", "pju", "lampu penerangan", "tiang lampu", "lampu taman", "lampu jembatan"),
        ("mati", "padam", "berkedip", "tidak menyala", "kabelnya putus", "miring mau roboh"),
    ),
    "sampah": (
        ("sampah", "tps", "bak sampah", "truk sampah", "kontainer sampah", "tumpukan sampah"),
        ("tidak diangkut", "menggunung", "bau menyengat", "berserakan", "dibakar warga", "dibuang sembarangan"),
    ),
    "parkir": (
        ("jukir", "juru parkir", "parkir liar", "tarif parkir", "karcis parkir", "parkir di trotoar"),
        ("minta bayar lebih", "tidak memberi karcis", "bikin macet", "memaksa", "menutup jalan", "dua kali pungut"),
    ),
    "ketertiban": (
        ("pkl", "pedagang kaki lima", "lapak", "bangunan liar", "baliho liar", "tempat hiburan malam"),
        ("menutup trotoar", "mengganggu warga", "berisik sampai pagi", "di atas saluran", "tidak ditertibkan"),
    ),
    "adminduk": (
        ("ktp el", "kartu keluarga", "akta kelahiran", "akta kematian", "kia", "nik", "surat pindah"),
        ("belum jadi", "belum dicetak", "datanya salah", "blanko habis", "tidak sinkron", "prosesnya lama"),
    ),
    "perizinan": (
        ("pbg", "izin usaha", "nib", "izin reklame", "slf", "izin oss", "izin usaha mikro"),
        ("belum terbit", "ditolak", "error di sistem", "syaratnya berubah", "prosesnya berlarut", "tidak diproses"),
    ),
    "pajak": (
        ("pbb", "sppt pbb", "bphtb", "pajak daerah", "tagihan pajak", "pajak restoran"),
        (
            "naik drastis",
            "belum diterima",
            "masih tertunggak",
            "salah nama",
            "dendanya tidak wajar",
            "tidak bisa dibayar",
        ),
    ),
    "puskesmas": (
        ("puskesmas", "pustu", "posyandu", "bidan puskesmas", "apotek puskesmas", "poli gigi puskesmas"),
        ("antrinya lama", "obatnya kosong", "dokternya tidak ada", "pelayanannya judes", "tutup lebih awal"),
    ),
    "rsud": (
        ("rsud", "igd rsud", "rawat inap rsud", "poli rsud", "perawat rsud", "kasir rsud"),
        ("menolak pasien bpjs", "penanganannya lambat", "kamarnya penuh", "minta biaya tambahan", "hasil lab lama"),
    ),
    "sekolah": (
        ("sekolah negeri", "sd negeri", "smp negeri", "spmb", "pendaftaran murid baru", "komite sekolah"),
        ("minta sumbangan", "menolak siswa", "zonasinya tidak adil", "kelasnya rusak", "sistemnya error"),
    ),
    "bansos": (
        ("bansos", "pkh", "bpnt", "dtks", "bantuan sembako", "kis pbi", "blt"),
        ("tidak tepat sasaran", "dipotong oknum", "tidak cair", "datanya tidak diperbarui", "dibagi ke kerabat"),
    ),
    "air": (
        ("air pdam", "pipa pdam", "meteran air", "tagihan pdam", "air ledeng", "sambungan pdam"),
        ("mati", "keruh", "bocor", "mengalir kecil", "membengkak", "berbau", "belum dipasang"),
    ),
    "kelurahan": (
        ("kelurahan", "kantor kecamatan", "surat pengantar", "surat domisili", "sktm", "legalisir surat"),
        (
            "prosesnya berhari hari",
            "petugasnya tidak ada",
            "dipersulit",
            "tutup sebelum jam kerja",
            "harus bolak balik",
        ),
    ),
    "pungli": (
        ("pegawai", "oknum petugas", "calo", "staf loket", "oknum pejabat"),
        (
            "minta uang rokok",
            "minta amplop",
            "menawarkan jalur cepat berbayar",
            "menerima suap",
            "memungut tanpa kuitansi",
        ),
    ),
}
WHERE = ("di {street}", "di {kel}", "dekat {kel}", "sepanjang {street}", "depan rumah saya", "di kampung kami", "")


# How the service failed, per form of maladministration: who did it x what they did.
FORM_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Mal.UNDUE_DELAY: (
        ("berkas saya", "permohonan kami", "laporan saya sebelumnya", "pengajuan saya", "urusan ini"),
        (
            "tidak selesai berbulan bulan",
            "digantung tanpa kejelasan",
            "molor jauh dari janji",
            "lewat batas waktu belum diproses",
            "terus ditunda tunda",
            "tidak ada kabar sampai sekarang",
        ),
    ),
    Mal.FAILURE_TO_SERVE: (
        ("petugas", "loket", "kantor", "pegawai jaga", "bagian pelayanan"),
        (
            "menolak melayani",
            "tutup di jam pelayanan",
            "tidak ada di tempat",
            "menyuruh kami pulang tanpa dilayani",
            "tidak mau menerima berkas",
            "mengabaikan warga",
        ),
    ),
    Mal.PROCEDURAL_DEVIATION: (
        ("petugas", "kantor", "pegawai", "loket"),
        (
            "minta syarat tambahan di luar standar pelayanan",
            "memproses tanpa tanda terima",
            "melayani di ruangan pejabat bukan di loket",
            "mengubah prosedur seenaknya",
            "tidak mengikuti sop yang diumumkan",
        ),
    ),
    Mal.ABUSE_OF_AUTHORITY: (
        ("pejabat", "kepala kantor", "atasan petugas", "oknum pejabat"),
        (
            "memakai wewenang untuk menekan warga",
            "mengancam mencabut izin",
            "memutuskan sepihak",
            "memerintahkan menolak berkas kami",
            "menyalahgunakan jabatannya",
        ),
    ),
    Mal.INCOMPETENCE: (
        ("petugas", "pegawai loket", "staf", "operator"),
        (
            "tidak paham aturan",
            "jawabannya beda beda",
            "salah input data",
            "tidak bisa menjelaskan syarat",
            "tidak menguasai aplikasi",
        ),
    ),
    Mal.REQUEST_FOR_PAYMENT: (
        ("petugas", "pegawai", "oknum", "staf loket", "orang dalam"),
        (
            "minta uang pelicin",
            "memungut biaya di luar tarif resmi",
            "minta amplop",
            "minta uang tanpa kuitansi",
            "minta imbalan supaya cepat",
            "minta uang rokok",
        ),
    ),
    Mal.IMPROPER_CONDUCT: (
        ("petugas", "pegawai", "satpam kantor", "staf"),
        (
            "membentak warga",
            "kasar dan tidak sopan",
            "main hp sambil melayani",
            "merokok di ruang layanan",
            "menghina pemohon",
        ),
    ),
    Mal.DISCRIMINATION: (
        ("warga miskin", "penyandang disabilitas", "lansia", "warga pendatang", "orang desa"),
        (
            "dilayani paling akhir",
            "dibeda bedakan",
            "tidak dibantu sama sekali",
            "diperlakukan tidak adil",
            "dipersulit karena statusnya",
        ),
    ),
    Mal.PARTIALITY: (
        ("kenalan petugas", "keluarga pejabat", "kerabat rt", "orang yang punya koneksi"),
        ("didahulukan", "diprioritaskan", "diloloskan tanpa antre", "diutamakan terus", "dapat jatah duluan"),
    ),
    Mal.CONFLICT_OF_INTEREST: (
        ("pejabat", "petugas", "kepala dinas", "pegawai"),
        (
            "punya usaha sendiri jadi pesaing dihambat",
            "mengarahkan ke usaha milik keluarganya",
            "memenangkan proyek untuk kerabatnya",
            "merekomendasikan rekanan miliknya",
        ),
    ),
}


OPENINGS = (
    "",
    "",
    "Selamat siang, ",
    "Assalamualaikum, ",
    "Mohon maaf mengganggu, ",
    "Lapor min, ",
    "Pak, ",
    "Saya warga {kel} mau melapor, ",
    "Izin menyampaikan keluhan, ",
    "Sugeng enjing, ",
)
CLOSINGS = (
    "",
    "Mohon ditindaklanjuti.",
    "Tolong segera di follow up ya.",
    "Please tolong diperhatikan.",
    "Matur nuwun.",
    "Terima kasih.",
    "Kami tunggu responnya.",
    "Sudah viral di IG tapi belum ada tindakan.",
    "Mohon bapak ibu yang berwenang turun ke lapangan nggih.",
)
TIMES = ("", "sejak senin", "dari minggu lalu", "udah 2 minggu", "sudah sebulan lebih", "tadi pagi", "kemarin sore")

# WhatsApp shorthand people type; the classifiers' analyser undoes the common ones.
SHORTHAND = {
    "tidak": ("tdk", "gak", "ga", "nggak", "mboten"),
    "sudah": ("sdh", "udh", "udah", "sampun"),
    "belum": ("blm", "belom"),
    "yang": ("yg",),
    "jalan": ("jln", "jl"),
    "dengan": ("dgn",),
    "untuk": ("utk",),
    "sekali": ("bgt", "banget"),
    "saya": ("sy", "aku"),
    "karena": ("krn",),
    "tolong": ("tlg",),
}


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    choice = rng.random()
    if choice < 0.4:
        return word[:i] + word[i + 1 :]  # dropped letter
    if choice < 0.8:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped letters
    return word[:i] + word[i] + word[i:]  # doubled letter


def _noisy(text: str, rng: random.Random, level: float) -> str:
    words = []
    for word in text.split():
        bare = word.lower().strip(".,")
        if bare in SHORTHAND and rng.random() < level * 2:
            word = rng.choice(SHORTHAND[bare])
        elif rng.random() < level * 0.3:
            word = _typo(word, rng)
        words.append(word)
    out = " ".join(words)
    if rng.random() < level:
        out = out.lower().replace(",", "").replace(".", "")
    return out


def _pool(options: tuple[str, ...], part: str) -> tuple[str, ...]:
    # The last wording of every pool is kept for the "test" part, so a model is
    # measured on sentences it never saw in training.
    if part == "train":
        return options[:-1]
    if part == "test":
        return options[-1:]
    return options


def _pair(parts: tuple[tuple[str, ...], tuple[str, ...]], rng: random.Random, part: str, where: str = "") -> str:
    firsts, seconds = parts
    while True:
        i, j = rng.randrange(len(firsts)), rng.randrange(len(seconds))
        # One pairing in four is never trained on: the "test" part uses only those.
        held_out = (i + j) % 4 == 0
        if part == "all" or held_out == (part == "test"):
            break
    return " ".join(x for x in (firsts[i], where, seconds[j]) if x)


def _combination(category: str, rng: random.Random, part: str) -> str:
    return _pair(THINGS[category], rng, part, rng.choice(WHERE))


def example(category: str, rng: random.Random, *, noise: float = 0.15, part: str = "all") -> Example:
    """Write one complaint about `category`, with zero to two forms of maladministration.

    `part` is "all", "train" (every wording but the last of each pool) or "test" (only the last).
    """
    place = {"street": rng.choice(STREETS), "kel": rng.choice(KELURAHAN)}
    said = rng.choice(_pool(SAYINGS[category], part)) if rng.random() < 0.5 else _combination(category, rng, part)
    parts = [rng.choice(OPENINGS).format(**place) + said.format(**place)]
    when = rng.choice(TIMES)
    if when:
        parts[0] += " " + when
    forms: list[str] = []
    if category == "pungli":
        forms.append(Mal.REQUEST_FOR_PAYMENT)
    for _ in range(rng.choice((0, 1, 1, 2))):
        form = rng.choice(list(FORM_PARTS))
        if form not in forms:
            forms.append(form)
    parts += [_pair(FORM_PARTS[form], rng, part) for form in forms]
    closing = rng.choice(CLOSINGS)
    text = ". ".join(p[0].upper() + p[1:] for p in parts) + ". " + closing
    return Example(
        text=_noisy(text.strip(), rng, noise), category=category, forms=tuple(sorted({str(f) for f in forms}))
    )


def examples(count: int, *, seed: int = 6, noise: float = 0.15, part: str = "all") -> list[Example]:
    """Return `count` labelled complaints spread evenly over the demo categories."""
    rng = random.Random(seed)  # noqa: S311 (shapes test data)
    categories = sorted(SAYINGS)
    return [example(categories[i % len(categories)], rng, noise=noise, part=part) for i in range(count)]
