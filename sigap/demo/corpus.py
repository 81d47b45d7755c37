"""Realistic Indonesian complaint texts for demo data and for tests that need a corpus.

Each category has its own vocabulary; sentences are assembled from pools so
that the same generator can give a few dozen demo cases or a million rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sigap.organisations.places import KELURAHAN, STREETS

# Around the centre of Kota Pasuruan.
CENTRE = (-7.6453, 112.9075)

DURATIONS = [
    "sudah dua minggu", "sejak bulan lalu", "sudah tiga hari", "hampir sebulan", "sejak awal tahun",
    "sudah berkali-kali", "sejak seminggu terakhir", "sudah lebih dari sebulan",
]  # fmt: skip
REQUESTS = [
    "Mohon segera ditindaklanjuti.", "Mohon perhatian dinas terkait.", "Kami berharap segera diperbaiki.",
    "Mohon ada kejelasan kapan selesai.", "Mohon petugas dicek ke lokasi.", "Terima kasih atas perhatiannya.",
]  # fmt: skip


@dataclass(frozen=True)
class Topic:
    titles: tuple[str, ...]
    problems: tuple[str, ...]
    impacts: tuple[str, ...]


TOPICS: dict[str, Topic] = {
    "jalan": Topic(
        ("Jalan berlubang di {street}", "Aspal rusak di {street}", "Jalan rusak parah dekat {kelurahan}"),
        (
            "Ada lubang besar di tengah jalan {street} depan sekolah",
            "Aspal jalan mengelupas dan bergelombang",
            "Perbaikan jalan {street} dibiarkan setengah jadi",
            "Tambalan jalan kembali rusak setelah hujan",
        ),
        (
            "Sudah ada pengendara motor yang jatuh",
            "Kendaraan harus zig-zag menghindari lubang",
            "Anak sekolah takut melintas",
            "Saat hujan lubang tidak terlihat dan membahayakan",
        ),
    ),
    "drainase": Topic(
        ("Saluran air tersumbat di {kelurahan}", "Genangan air di {street}", "Gorong-gorong mampet"),
        (
            "Saluran drainase di {street} tersumbat sampah dan lumpur",
            "Air meluap ke jalan setiap hujan deras",
            "Gorong-gorong ambrol dan tidak pernah diperbaiki",
            "Got depan rumah warga penuh endapan",
        ),
        (
            "Rumah warga kemasukan air",
            "Bau tidak sedap dan banyak nyamuk",
            "Jalan tergenang sampai selutut",
            "Warga khawatir demam berdarah",
        ),
    ),
    "pju": Topic(
        ("Lampu jalan mati di {street}", "Penerangan jalan umum padam", "PJU rusak dekat {kelurahan}"),
        (
            "Lampu penerangan jalan di {street} mati total",
            "Beberapa tiang PJU tidak menyala di malam hari",
            "Lampu jalan berkedip dan kemudian padam",
            "Kabel PJU terlihat putus",
        ),
        (
            "Jalan sangat gelap dan rawan kejahatan",
            "Pernah terjadi penjambretan di lokasi",
            "Pengendara kesulitan melihat jalan",
            "Warga takut keluar malam",
        ),
    ),
    "sampah": Topic(
        ("Sampah menumpuk di {kelurahan}", "TPS penuh tidak diangkut", "Pembuangan sampah liar di {street}"),
        (
            "Sampah di TPS {kelurahan} tidak diangkut",
            "Truk sampah tidak datang sesuai jadwal",
            "Ada pembuangan sampah liar di pinggir {street}",
            "Sampah pasar berserakan sampai ke jalan",
        ),
        (
            "Bau busuk sampai ke rumah warga",
            "Banyak lalat dan tikus",
            "Sampah terbawa air saat hujan",
            "Lingkungan menjadi kumuh",
        ),
    ),
    "parkir": Topic(
        ("Parkir liar di {street}", "Juru parkir tanpa karcis", "Tarif parkir tidak sesuai"),
        (
            "Juru parkir meminta tarif melebihi ketentuan dan tidak memberi karcis",
            "Kendaraan parkir di bahu jalan {street} sampai dua lapis",
            "Parkir liar di depan pertokoan {street}",
            "Jukir liar menguasai trotoar",
        ),
        (
            "Jalan menjadi macet",
            "Pejalan kaki terpaksa turun ke jalan",
            "Warga merasa dipalak",
            "Retribusi parkir tidak masuk ke kas daerah",
        ),
    ),
    "ketertiban": Topic(
        ("PKL menutup trotoar di {street}", "Gangguan ketertiban di {kelurahan}", "Bangunan liar di trotoar"),
        (
            "Pedagang kaki lima berjualan di trotoar {street}",
            "Ada bangunan semi permanen di atas saluran air",
            "Kegiatan hiburan sampai larut malam mengganggu warga",
            "Baliho liar dipasang di pohon dan tiang",
        ),
        (
            "Pejalan kaki tidak bisa lewat",
            "Lalu lintas tersendat",
            "Warga tidak bisa beristirahat",
            "Kota terlihat semrawut",
        ),
    ),
    "adminduk": Topic(
        ("KTP-el belum jadi", "Pengurusan KK lama", "Akta kelahiran belum terbit"),
        (
            "Saya sudah rekam KTP-el tetapi belum dicetak dengan alasan blanko habis",
            "Pengajuan perubahan Kartu Keluarga belum selesai",
            "Akta kelahiran anak saya belum terbit",
            "Antrian di loket Dispendukcapil di MPP sangat panjang",
        ),
        (
            "Saya tidak bisa mengurus BPJS dan bank",
            "Anak tidak bisa didaftarkan sekolah",
            "Saya harus bolak-balik ke MPP",
            "Pelayanan tidak sesuai waktu yang dijanjikan",
        ),
    ),
    "perizinan": Topic(
        ("Izin usaha tidak kunjung terbit", "Pengurusan PBG berlarut", "Syarat perizinan tidak jelas"),
        (
            "Permohonan PBG saya belum diproses padahal berkas lengkap",
            "NIB saya bermasalah di sistem OSS",
            "Petugas meminta dokumen tambahan yang tidak ada di standar pelayanan",
            "Izin reklame ditolak tanpa alasan tertulis",
        ),
        (
            "Usaha saya tidak bisa berjalan",
            "Saya rugi karena proyek tertunda",
            "Tidak ada kepastian waktu penyelesaian",
            "Informasi persyaratan berbeda-beda",
        ),
    ),
    "pajak": Topic(
        ("Tagihan PBB tidak sesuai", "SPPT PBB belum diterima", "Pembayaran BPHTB bermasalah"),
        (
            "Nilai PBB naik drastis tanpa pemberitahuan",
            "SPPT PBB tahun ini belum sampai ke rumah",
            "Pembayaran pajak sudah dilakukan tetapi status masih belum lunas",
            "Data objek pajak salah nama",
        ),
        (
            "Saya khawatir kena denda",
            "Transaksi jual beli tanah tertunda",
            "Warga kebingungan",
            "Harus datang berkali-kali ke loket",
        ),
    ),
    "puskesmas": Topic(
        ("Antrian puskesmas terlalu lama", "Obat di puskesmas kosong", "Pelayanan puskesmas kurang ramah"),
        (
            "Antrian di Puskesmas Gadingrejo sampai tiga jam",
            "Obat yang diresepkan tidak tersedia di apotek puskesmas",
            "Petugas pendaftaran bersikap kasar kepada pasien lansia",
            "Dokter datang terlambat dan pelayanan dimulai siang",
        ),
        (
            "Pasien lansia kelelahan menunggu",
            "Kami harus membeli obat sendiri",
            "Pasien merasa tidak dihargai",
            "Banyak pasien pulang tanpa diperiksa",
        ),
    ),
    "rsud": Topic(
        ("Pelayanan RSUD lambat", "Pasien BPJS ditolak RSUD", "Kamar rawat inap penuh"),
        (
            "Pasien BPJS diminta membayar biaya tambahan",
            "Antrian rawat jalan RSUD sangat lama",
            "Keluarga pasien tidak mendapat informasi yang jelas",
            "Pasien IGD menunggu lama tanpa penanganan",
        ),
        (
            "Keluarga pasien cemas",
            "Kami terpaksa ke rumah sakit swasta",
            "Biaya membebani keluarga",
            "Kondisi pasien memburuk saat menunggu",
        ),
    ),
    "sekolah": Topic(
        ("Masalah penerimaan murid baru", "Pungutan di sekolah negeri", "Fasilitas sekolah rusak"),
        (
            "Anak saya tidak diterima padahal rumah dekat sekolah",
            "Sekolah meminta sumbangan wajib untuk seragam",
            "Atap kelas bocor dan plafon hampir runtuh",
            "Sistem pendaftaran murid baru sering error",
        ),
        (
            "Anak terancam tidak bersekolah",
            "Orang tua keberatan dengan biaya",
            "Siswa belajar tidak nyaman",
            "Informasi zonasi tidak transparan",
        ),
    ),
    "bansos": Topic(
        ("Bantuan sosial tidak tepat sasaran", "Belum terdaftar DTKS", "Bansos tidak diterima"),
        (
            "Keluarga kami miskin tetapi tidak terdaftar sebagai penerima bantuan",
            "Bantuan sembako dipotong oleh oknum",
            "Pengajuan DTKS tidak ada tindak lanjut",
            "Penerima bantuan justru keluarga mampu",
        ),
        (
            "Kami kesulitan memenuhi kebutuhan sehari-hari",
            "Warga merasa tidak adil",
            "Ada dugaan pungutan",
            "Lansia tidak mendapat bantuan",
        ),
    ),
    "air": Topic(
        ("Air PDAM mati", "Air keruh dan berbau", "Pipa PDAM bocor di {street}"),
        (
            "Air PDAM di {kelurahan} tidak mengalir",
            "Air yang keluar keruh kecoklatan dan berbau",
            "Pipa bocor di {street} membuat air terbuang",
            "Tagihan air melonjak padahal pemakaian sama",
        ),
        (
            "Warga tidak bisa memasak dan mandi",
            "Kami harus membeli air galon",
            "Jalan menjadi licin",
            "Kami keberatan membayar tagihan",
        ),
    ),
    "kelurahan": Topic(
        ("Pelayanan kelurahan lambat", "Surat pengantar dipersulit", "Petugas kelurahan tidak di tempat"),
        (
            "Pengurusan surat domisili di kelurahan {kelurahan} memakan waktu berhari-hari",
            "Petugas tidak ada di loket pada jam pelayanan",
            "Diminta uang untuk legalisasi surat",
            "Standar pelayanan tidak dipajang di kantor kelurahan",
        ),
        (
            "Warga harus datang berkali-kali",
            "Pengurusan dokumen lain tertunda",
            "Warga merasa dipersulit",
            "Tidak ada informasi biaya resmi",
        ),
    ),
    "pungli": Topic(
        ("Dugaan pungli oleh petugas", "Diminta imbalan saat mengurus dokumen", "Calo di kantor pelayanan"),
        (
            "Oknum petugas meminta uang pelicin agar berkas cepat diproses",
            "Ada calo yang menawarkan jasa percepatan di depan loket",
            "Petugas meminta imbalan di luar biaya resmi",
            "Pelayanan dilakukan di ruangan pejabat, bukan di loket",
        ),
        (
            "Warga yang tidak membayar dilayani paling akhir",
            "Biaya menjadi jauh lebih mahal",
            "Hal ini mencoreng pelayanan publik",
            "Saya punya bukti percakapan",
        ),
    ),
}
GENERIC = Topic(
    ("Keluhan pelayanan publik", "Pelayanan tidak sesuai standar"),
    ("Pelayanan yang saya terima tidak sesuai dengan standar pelayanan yang diumumkan",),
    ("Saya dirugikan",),
)


@dataclass(frozen=True)
class Text:
    title: str
    description: str
    address: str
    lat: float
    lng: float


def complaint_text(category_code: str, rng: random.Random) -> Text:
    """Return one plausible complaint about the category, with a place in the city."""
    topic = TOPICS.get(category_code, GENERIC)
    street, kelurahan = rng.choice(STREETS), rng.choice(KELURAHAN)
    fill = {"street": street, "kelurahan": kelurahan}
    title = rng.choice(topic.titles).format(**fill)
    sentences = [
        rng.choice(topic.problems).format(**fill) + " " + rng.choice(DURATIONS) + ".",
        rng.choice(topic.impacts) + ".",
        rng.choice(REQUESTS),
    ]
    return Text(
        title=title,
        description=" ".join(sentences),
        address=f"{street}, Kel. {kelurahan}",
        lat=round(CENTRE[0] + rng.uniform(-0.025, 0.025), 6),
        lng=round(CENTRE[1] + rng.uniform(-0.03, 0.03), 6),
    )


ANSWERS = [
    "Terima kasih atas laporannya. Petugas sudah melakukan pengecekan ke lokasi dan perbaikan telah dilaksanakan.",
    "Laporan sudah kami tindak lanjuti. Pekerjaan dijadwalkan selesai minggu ini; "
    "mohon konfirmasi bila masih ada kendala.",
    "Kami mohon maaf atas ketidaknyamanannya. Petugas yang bersangkutan sudah diberi pembinaan.",
    "Berkas Bapak/Ibu sudah selesai diproses dan dapat diambil di loket MPP dengan menunjukkan kode pelacakan.",
]  # fmt: skip
