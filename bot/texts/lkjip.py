"""The LKjIP draft (/laporan, ``lakip-bot lkjip``): headings, table headers and the analysis
templates. Every template is filled with figures from ``lakip_model.lkjip`` only."""

from __future__ import annotations

TITLE = "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)"
TITLE_YEAR = "TAHUN {year}"
DRAFT_NOTE = (
    "Draf disusun otomatis oleh Bot LAKIP pada {date} dari data di basis data ({source}). "
    "Periksa dan lengkapi uraian naratif sebelum disampaikan."
)
SOURCE_REPORT = "transkripsi Laporan Kinerja {year}, angka sesuai cetakan"
SOURCE_LEDGER = "entri realisasi yang sudah diverifikasi"

BAB_I = "BAB I\nPENDAHULUAN"
BAB_II = "BAB II\nPERENCANAAN DAN PERJANJIAN KINERJA TAHUN {year}"
BAB_III = "BAB III\nAKUNTABILITAS KINERJA"
BAB_IV = "BAB IV\nPENUTUP"
APPENDIX = "LAMPIRAN\nCatatan konsistensi data"

ORGANISATION = "A. Susunan Organisasi dan Tugas"
ORGANISATION_NONE = "Susunan organisasi belum tercatat di basis data."
UNIT_TASK = "Tugas: {task}"
UNIT_DUTIES = "Fungsi:"
STAFF = "B. Sumber Daya Aparatur"
STAFF_AS_OF = "Keadaan aparatur ({as_of}):"
STAFF_NONE = "Komposisi aparatur tahun {year} belum tercatat di basis data."
STAFF_RANK_HEADERS = ["No.", "Jabatan", "Jumlah"]
STAFF_EDUCATION_HEADERS = ["No.", "Pendidikan", "PNS", "Non PNS / THL", "Jumlah"]
PEOPLE = "{count} orang"

PLAN = "A. Rencana Strategis {start}–{end}"
PLAN_NONE = "Rencana Strategis yang mencakup tahun {year} belum tercatat di basis data."
VISION = "1. Visi"
MISSIONS = "2. Misi"
MISSION_SUPPORTED = "{text} (didukung oleh {agency})"
GOALS = "3. Tujuan Strategis"
RENJA = "B. Rencana Kinerja Tahun {year}"
RENJA_HEADERS = ["SASARAN", "INDIKATOR KINERJA", "TARGET"]
PK = "C. Perjanjian Kinerja Tahun {year}"
PK_HEADERS = ["NO.", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"]
TABLE_NONE = "Tabel ini belum tercatat di basis data untuk tahun {year}."

MEASUREMENT = "A. Pengukuran Capaian Kinerja"
MEASUREMENT_CAPTION = "Tabel Pengukuran Capaian Kinerja Tahun {year}"
MEASUREMENT_HEADERS = [
    "NO",
    "PROGRAM/ KEGIATAN/ SUB KEGIATAN",
    "INDIKATOR",
    "TARGET",
    "REALISASI",
    "CAPAIAN",
]
IKU = "B. Capaian Indikator Kinerja Utama"
IKU_CAPTION = "Tabel Persentase Capaian Indikator Kinerja Utama Tahun {year}"
IKU_HEADERS = [
    "NO",
    "SASARAN STRATEGIS",
    "INDIKATOR KINERJA UTAMA",
    "TARGET",
    "REALISASI",
    "CAPAIAN",
    "KATEGORI",
]
NOT_REPORTED = "tidak ada dalam data"
ANALYSIS = "C. Analisis Capaian Kinerja per Sasaran Strategis"
FINANCE = "D. Akuntabilitas Keuangan"
FINANCE_CAPTION = "Tabel Realisasi Pelaksanaan Program/Kegiatan Tahun {year}"
FINANCE_HEADERS = [
    "NO",
    "SASARAN STRATEGIS",
    "NO",
    "PROGRAM/ KEGIATAN/ SUB KEGIATAN",
    "INDIKATOR",
    "TARGET K",
    "TARGET Rp",
    "REALISASI K",
    "REALISASI Rp",
    "CAPAIAN K",
    "CAPAIAN Rp",
]
FINANCE_TOTAL = "Jumlah Keseluruhan"
FINANCE_MARK_NOTE = (
    "Baris bertanda † memuat angka yang tidak sesuai dengan angka lain di laporan; angka "
    "dicetak sebagaimana adanya, rinciannya di Lampiran."
)

# --- the analysis of a sasaran (one paragraph each) -------------------------------------------
SASARAN_HEADING = "Sasaran {number}: {name}"
SASARAN_MET = "Sasaran ini tercapai: {count} indikatornya memenuhi target."
SASARAN_NOT_MET = "Sasaran ini belum tercapai: {below} dari {count} indikator di bawah target."
SASARAN_UNKNOWN = (
    "Capaian sasaran ini belum dapat dinilai: {missing} dari {count} indikator tidak memiliki "
    "realisasi dalam data."
)
SASARAN_NO_INDICATOR = "Sasaran ini tidak memiliki indikator dengan target dalam data."
INDICATOR_MEASURED = (
    "{name}: target {target}, realisasi {realized}, capaian {achievement} (kategori {category})."
)
INDICATOR_MEASURED_NO_ACHIEVEMENT = "{name}: target {target}, realisasi {realized}."
INDICATOR_MET = "Target terpenuhi."
INDICATOR_BELOW = "Di bawah target, selisih {gap}."
INDICATOR_BELOW_NO_GAP = "Di bawah target."
INDICATOR_UNMEASURED = (
    "{name}: target {target}; realisasinya tidak ada dalam data, sehingga capaiannya tidak dinilai."
)
EARLIER = "Tahun sebelumnya: {years}."
EARLIER_YEAR = "{year} realisasi {realized} (capaian {achievement})"
EARLIER_NONE = "Data tahun sebelumnya tidak ada di basis data, sehingga tidak dibandingkan."
RENSTRA_TARGET = "Target akhir Renstra: {target}."
RENSTRA_NONE = "Target akhir Renstra untuk indikator ini tidak ada dalam data."
CAUSES = "Penyebab yang dicatat: {causes}."
CAUSES_NONE = "Penyebab kekurangan tidak dicatat pada entri realisasinya."
BUDGET = (
    "Anggaran yang mendukung ({programs}): pagu {pagu}, realisasi {realized}, serapan {absorption}."
)
BUDGET_VS_HIGHER = "Capaian kinerja ({achievement}) lebih tinggi daripada serapan anggaran."
BUDGET_VS_LOWER = "Capaian kinerja ({achievement}) lebih rendah daripada serapan anggaran."
BUDGET_VS_EQUAL = "Capaian kinerja sama dengan serapan anggaran ({achievement})."
BUDGET_NONE = "Tidak ada baris tabel keuangan yang melaporkan indikator sasaran ini."
FACTORS = "Faktor penghambat yang dicatat dalam laporan:"
BLANK = "–"

# --- Bab IV --------------------------------------------------------------------------------------
CONCLUSION = "4.1. Kesimpulan"
CONCLUSION_FIGURES = (
    "Pada tahun {year}, dari {count} indikator kinerja utama, {met} memenuhi target, {below} di "
    "bawah target dan {missing} belum memiliki realisasi dalam data. Realisasi anggaran "
    "{realized} dari pagu {pagu} ({absorption})."
)
CONCLUSION_NO_FIGURES = (
    "Tahun {year} belum memiliki realisasi terverifikasi; capaian kinerja dan serapan anggaran "
    "belum dapat disimpulkan. Pagu tercatat {pagu}."
)
CONCLUSION_PRINTED = "Kesimpulan yang dicetak dalam laporan:"
OBSTACLES = "4.2. Hambatan"
OBSTACLES_NONE = "Belum ada hambatan yang dicatat untuk tahun {year}."
RECOMMENDATIONS = "4.3. Saran dan Rekomendasi"
RECOMMENDATIONS_NONE = "Belum ada saran yang dicatat untuk tahun {year}."
RECOMMEND_BELOW = "Tindak lanjut indikator di bawah target: {names}."

APPENDIX_INTRO = (
    "Laporan {year} mencetak angka yang tidak saling sesuai di {count} tempat. Angka dalam draf "
    "ini mengikuti cetakan laporan; berikut kedua angka di setiap tempat."
)
APPENDIX_NONE_PRINTED = "Tidak ada ketidaksesuaian yang tercatat untuk angka tercetak tahun {year}."
APPENDIX_LEDGER = (
    "Angka tahun {year} berasal dari entri realisasi terverifikasi, bukan cetakan laporan; tidak "
    "ada angka tercetak yang perlu dibandingkan."
)

# --- the bot --------------------------------------------------------------------------------------
CAPTION = "Draf LKjIP <b>{agency}</b> tahun <b>{year}</b> (Word). Angka dari basis data."
BUILDING_WAIT = "⏳ {what} sedang dibuat, tunggu sebentar: hasilnya dikirim di obrolan ini."
WHAT = {"laporan": "Draf LKjIP", "grafik": "Grafik", "ekspor": "Berkas Excel"}
CLI_WRITTEN = "Draf LKjIP {year} ditulis ke {path} ({size} bita)."
