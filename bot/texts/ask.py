"""Sentences of the question journey (bot.journeys.ask): how a question was understood, the
answers no command gives, asking back, and what the bot cannot answer."""

from __future__ import annotations

QUARTER = "Triwulan {roman} {year}"
SEMESTER = "Semester {roman} {year}"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# One line before the answer: how the question was read, so a misunderstanding shows.
UNDERSTOOD = {
    "sum": "Ringkasan anggaran dan capaian kinerja, {period}:",
    "bud": "Realisasi anggaran per program, {period}:",
    "node": "Realisasi anggaran {name}, {period}:",
    "ind": "Capaian indikator kinerja, {period}:",
    "ind1": "Capaian indikator {name}, {period}:",
    "below": "Indikator dan keluaran di bawah target, {period}:",
    "find": "Hasil pencarian «{name}», {period}:",
    "miss": "Sub kegiatan yang belum dilaporkan{month}:",
    "due": "Tenggat pelaporan yang akan datang:",
    "chart": "Grafik pagu dan realisasi per program, {period}:",
    "xlsx": "Buku kerja Excel tabel Bab III, {period}:",
    "lkjip": "Draf LKjIP {period}:",
    "lapor": "Membuka pelaporan realisasi (/lapor):",
    "help": "Yang bisa saya bantu:",
}
MISSING_MONTH = ", {month}"
LOWEST_PROGRAMS = "Program dengan serapan anggaran terendah, {period}:"
HIGHEST_PROGRAMS = "Program dengan serapan anggaran tertinggi, {period}:"
LOWEST_UNIT = "Program {unit} dengan serapan anggaran terendah, {period}:"
HIGHEST_UNIT = "Program {unit} dengan serapan anggaran tertinggi, {period}:"
LOWEST_INDICATORS = "Indikator dengan capaian terendah, {period}:"
HIGHEST_INDICATORS = "Indikator dengan capaian tertinggi, {period}:"
RANKED_PROGRAM = "{rank}. <b>{name}</b>\n    Serapan {absorption}: {realized} dari pagu {pagu}"
UNRANKED_INDICATORS = "{count} indikator lain belum dapat dinilai (tanpa target atau realisasi)."
NOTHING_RANKED = "Belum ada program dengan pagu pada tahun {year}."
NO_INDICATOR_RANKED = "Belum ada indikator dengan target dan realisasi pada tahun {year}."
UNIT_PROGRAMS = "Realisasi anggaran program {unit}, {period}:"
UNIT_NONE = "{unit} tidak memegang program pada tahun {year}."
COMPARE_TITLE = "Perbandingan realisasi anggaran {name}:"
COMPARE_TOTAL = "Jumlah Keseluruhan"
COMPARE_NO_YEAR = "belum ada data tahun ini"
COMPARE_YEAR_END = "laporan tahun ini hanya memuat angka akhir tahun, tidak per triwulan"
LABEL_PAGU = "Pagu"
LABEL_REALIZED = "Realisasi"
LABEL_ABSORPTION = "Serapan"
PERIOD_TOTALS = "Realisasi anggaran {period}:"
PERIOD_YEAR_END = (
    "Laporan {year} hanya memuat angka akhir tahun, tidak per bulan. "
    "Ketik /anggaran {year} untuk angka setahun."
)
BUTTON_BUDGET = "📊 Anggaran per program"
ASK_WHICH = "Yang mana yang Anda maksud dengan «{words}»?"
ASK_YEAR = "Untuk tahun berapa? Ada data tahun {years}."
SEARCH_WHAT = "Apa yang ingin dicari? Contoh: «cari kekerasan anak»."
NOT_FOUND = (
    "Tidak ada program, kegiatan, sub kegiatan atau indikator tahun {year} yang cocok dengan "
    "«{words}»."
)
OUTSIDE = "Maaf, pertanyaan itu di luar yang saya ketahui."
SUGGEST = (
    "Saya menjawab soal anggaran, capaian indikator, laporan yang belum masuk dan tenggat. "
    "Coba tanya misalnya:\n"
    "• <i>berapa serapan anggaran {year}</i>\n"
    "• <i>program apa yang serapannya paling rendah</i>\n"
    "• <i>indikator apa saja yang di bawah target</i>\n"
    "Atau ketik /bantuan untuk daftar perintah."
)
