"""The city's views (/peringkat, /opd, the city-wide /belumlapor, the city digest)."""

from __future__ import annotations

RANK_TITLE = "🏙️ <b>Peringkat OPD {period}</b>"
RANK_PERIOD_YEAR = "tahun {year}"
RANK_PERIOD_QUARTER = "s.d. TW {quarter} {year}"
RANK_NORM = "Norma serapan s.d. TW {quarter}: <b>{norm}</b>"
RANK_NORM_BELOW = "{count} dari {total} OPD di bawah norma."
RANK_ABSORPTION = "<b>Serapan anggaran</b>"
RANK_ACHIEVEMENT = "<b>Capaian IKU</b> (rata-rata capaian indikator kinerja utama)"
RANK_LINE = "{rank}. {name} — <b>{value}</b>"
RANK_LINE_BELOW_NORM = "{rank}. {name} — <b>{value}</b> ⚠️"
RANK_LINE_MEASURED = "{rank}. {name} — <b>{value}</b> ({measured}/{total} IKU)"
RANK_GAP = "…"
RANK_NONE = "Belum ada OPD dengan angka ini."
RANK_UNRANKED_ABSORPTION = "Belum ada angka serapan (tidak diperingkat): {names}"
RANK_UNRANKED_ACHIEVEMENT = "Belum ada angka capaian IKU (tidak diperingkat): {names}"
RANK_NO_YEAR = "Tidak ada data tahun {year}: {names}"
RANK_MORE = "dan {count} lainnya"
RANK_LIST_ABSORPTION = "Urut serapan anggaran"
RANK_LIST_ACHIEVEMENT = "Urut capaian IKU"
RANK_USAGE = (
    "Contoh: <code>/peringkat</code>, <code>/peringkat 2026</code>, <code>{example}</code>."
)
BUTTON_RANK_OVERVIEW = "🏙️ Ringkas"
BUTTON_RANK_ABSORPTION = "💰 Urut serapan"
BUTTON_RANK_ACHIEVEMENT = "🎯 Urut capaian"

OPD_TITLE = "<b>Pilih OPD</b> ({count} OPD)"
OPD_PICK = "Beberapa OPD cocok dengan «{query}». Pilih satu:"
OPD_UNKNOWN = (
    "OPD «{query}» tidak ditemukan. Ketik <code>/opd</code> untuk daftar semua OPD, atau "
    "tulis kode atau nama singkatnya."
)
OPD_NO_DATA = "OPD ini belum punya data tahun anggaran. Kembali: /opd kembali."
OPD_HOME = "Kembali ke OPD Anda: <b>{agency}</b>."
OPD_HOME_WORDS = frozenset({"kembali", "pulang", "saya", "home", "reset"})
# the first line of a screen a city reader sees of an agency not their own
OPD_HEADER = "🏛️ <b>{agency}</b> · <code>{code}</code> · kembali: /opd kembali"
BUTTON_OPD_HOME = "⬅️ OPD saya"

CITY_LATE_TITLE = "📋 <b>Belum lapor realisasi {period} — seluruh OPD</b>"
CITY_LATE_TITLE_MIXED = "📋 <b>Belum lapor realisasi — seluruh OPD</b>"
CITY_LATE_COUNT = "<b>{count}</b> dari {total} OPD belum lengkap."
CITY_LATE_AGENCY = "<b>{agency}</b> — {missing} dari {total} sub kegiatan belum{period}"
CITY_LATE_UNIT = "  • {unit}: {missing} dari {total}"
CITY_LATE_NONE = "✅ Semua OPD dengan tahun berjalan sudah lapor."
CITY_LATE_DONE = "✅ Sudah lengkap: {count} OPD."
CITY_LATE_NOT_OPEN = "Tanpa tahun anggaran berjalan: {count} OPD."
CITY_LATE_OTHER = "Bulan lain: <code>/belumlapor maret</code>, <code>/belumlapor 2026-03</code>."
CITY_LATE_WORDS = frozenset({"kota", "semua", "city"})  # /belumlapor kota: the city-wide list

CITY_DIGEST_TITLE = "🏙️ <b>Ringkasan kota TW {quarter} {year}</b>"
CITY_DIGEST_NO_YEAR = "Belum ada OPD dengan data tahun {year}."
CITY_DIGEST_TOP = "Tertinggi"
CITY_DIGEST_BOTTOM = "Terendah"
CITY_DIGEST_LATE = "<b>Belum lapor realisasi</b>: {count} OPD"
CITY_DIGEST_LATE_NONE = "✅ Semua OPD dengan tahun berjalan sudah lapor realisasi."
CITY_DIGEST_MORE = "Rincian: /peringkat {year} tw{quarter} dan /belumlapor."
