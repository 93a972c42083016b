"""The lists the demo agencies draw from: names, duties, themes, targets, staff and spending.

Words as the report prints them, so generated rows read like real ones (and search, folding and
quantity parsing meet the same shapes); the last two lists are the staff table's ranges and the
share of a year's spending that falls in each month.
"""

from __future__ import annotations

DINAS = (
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
    ("Dinas Sosial", "Dinsos"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pendidikan", "Disdik"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Tenaga Kerja", "Disnaker"),
    ("Dinas Koperasi dan Usaha Mikro", "Diskop"),
    ("Dinas Perhubungan", "Dishub"),
    ("Dinas Lingkungan Hidup", "DLH"),
)
REGIONS = (
    "Kota Medan",
    "Kabupaten Deli Serdang",
    "Kabupaten Langkat",
    "Kabupaten Karo",
    "Kabupaten Simalungun",
    "Kabupaten Asahan",
    "Kabupaten Labuhanbatu",
    "Kota Pematangsiantar",
    "Kota Tebing Tinggi",
    "Kota Sibolga",
    "Kota Tanjungbalai",
    "Kabupaten Dairi",
    "Kabupaten Batu Bara",
    "Kabupaten Serdang Bedagai",
    "Kabupaten Samosir",
    "Kota Padangsidimpuan",
)
BIDANG = (
    "Bidang Kualitas Hidup dan Keluarga",
    "Bidang Perlindungan dan Pemenuhan Hak",
    "Bidang Pemberdayaan Kelompok Masyarakat",
    "Bidang Layanan dan Rehabilitasi",
    "Bidang Data dan Informasi",
)
DUTIES = (
    "menyusun dan melaksanakan rencana kerja kegiatan",
    "mengkoordinasikan pelaksanaan program sesuai ketentuan",
    "memantau, mengevaluasi dan melaporkan pelaksanaan kegiatan",
    "memberikan petunjuk dan bimbingan teknis kepada bawahan",
    "melaksanakan tugas lain yang diberikan oleh atasan",
)
PROGRAM_THEMES = (
    "Pengarusutamaan Gender dan Pemberdayaan Perempuan",
    "Perlindungan Perempuan",
    "Peningkatan Kualitas Keluarga",
    "Pengelolaan Sistem Data Gender dan Anak",
    "Pemenuhan Hak Anak",
    "Perlindungan Khusus Anak",
    "Pemberdayaan Lembaga Kemasyarakatan",
    "Rehabilitasi Sosial",
    "Pelayanan Kesehatan Masyarakat",
    "Peningkatan Kapasitas Sumber Daya Aparatur",
    "Pengembangan Usaha Mikro",
    "Penanganan Bencana",
)
VERBS = (
    "Penyediaan",
    "Pengelolaan",
    "Koordinasi",
    "Pembinaan",
    "Fasilitasi",
    "Penguatan",
    "Pengembangan",
    "Pelaksanaan",
    "Penyusunan",
    "Pemantauan",
    "Sosialisasi",
    "Peningkatan",
)
OBJECTS = (
    "Layanan Pengaduan Masyarakat",
    "Data dan Informasi",
    "Sarana dan Prasarana",
    "Kapasitas Aparatur",
    "Dokumen Perencanaan",
    "Lembaga Kemasyarakatan",
    "Forum Anak",
    "Kelompok Usaha Perempuan",
    "Kader Posyandu",
    "Kader PKK",
    "Lembaga Penyedia Layanan",
    "Pusat Pembelajaran Keluarga",
    "Rumah Aman",
    "Sekolah Ramah Anak",
    "Organisasi Perempuan",
    "Jejaring Perlindungan Anak",
)
QUALIFIERS = (
    "Tingkat Daerah Kabupaten/Kota",
    "Lingkup Daerah Kabupaten/Kota",
    "Kewenangan Kabupaten/Kota",
    "bagi Korban Kekerasan",
    "di Tingkat Kecamatan",
    "Perangkat Daerah",
)
OUTPUTS = (
    "Jumlah dokumen",
    "Jumlah orang yang dilatih",
    "Persentase layanan",
    "Jumlah lembaga yang dibina",
    "Jumlah kegiatan",
    "Jumlah laporan",
)
# unit word as printed, smallest and largest target
TARGETS = (
    ("dok", 1, 4),
    ("org", 20, 300),
    ("%", 100, 100),
    ("unit", 1, 12),
    ("keg", 2, 12),
    ("lembaga", 2, 6),
    ("kel", 10, 40),
    ("th", 1, 1),
    ("pkt", 1, 5),
    ("buku", 1, 3),
    ("lbr", 100, 500),
)
INDICATOR_STEMS = (
    ("Persentase", "perempuan korban kekerasan yang dilayani sesuai standar", "%"),
    ("Persentase", "anak korban kekerasan yang ditangani", "%"),
    ("Indeks", "Pembangunan Gender", ""),
    ("Indeks", "Pemberdayaan Gender", ""),
    ("Jumlah", "Organisasi Perempuan yang Terfasilitasi", "org"),
    ("Persentase", "OPD yang menyusun anggaran responsif gender", "%"),
    ("Jumlah", "Sekolah Ramah Anak sesuai standar", "sekolah"),
    ("Persentase", "Forum Anak yang aktif", "%"),
    ("Jumlah", "PKK Aktif", "%"),
    ("Jumlah", "Posyandu Aktif", "%"),
    ("Persentase", "LPM yang terbina", "%"),
    ("Skor", "Kota Layak Anak", ""),
    ("Rasio", "kekerasan dalam rumah tangga", ""),
    ("Persentase", "Kinerja Urusan Pemerintah Daerah", "%"),
    ("Persentase", "data terpilah yang diperbarui", "%"),
    ("Jumlah", "kelurahan layak anak", "kel"),
    ("Persentase", "pengaduan yang ditindaklanjuti", "%"),
    ("Jumlah", "lembaga layanan yang terakreditasi", "lembaga"),
    ("Persentase", "kader yang terlatih", "%"),
)
OBJECTIVES = (
    "Meningkatnya tata kelola administrasi pemerintahan",
    "Meningkatnya kesetaraan dan keadilan gender dalam pembangunan",
    "Akuratnya data gender dan anak",
    "Meningkatnya perlindungan perempuan dan anak",
    "Terwujudnya kota layak anak",
    "Optimalnya pembinaan kelembagaan masyarakat",
)
STAFF = (("Eselon II", 1, 1), ("Eselon III", 3, 4), ("Eselon IV", 6, 10), ("Staf", 15, 40))
MONTH_WEIGHTS = (3, 5, 6, 7, 8, 8, 8, 9, 9, 10, 11, 16)  # spending piles up in December
