"""/tahun (/year): the admin opens or closes a fiscal year from the chat."""

from __future__ import annotations

YEARS_TITLE = "🗓 <b>Tahun anggaran</b>"
YEARS_ITEM = "• <b>{year}</b> — {state}"
YEARS_OPEN = "terbuka untuk laporan"
YEARS_CLOSED = "ditutup"
YEARS_NONE = "Belum ada tahun anggaran."
YEARS_TEMPLATE = "Tahun baru disalin dari tahun terakhir ({year}) bila templat tidak disebut."
YEARS_HOW = (
    "Buka: <code>/tahun buka {next} [tahun templat]</code>\nTutup: <code>/tahun tutup {year}</code>"
)
YEARS_USAGE = (
    "Perintah tahun anggaran: <code>/tahun</code> (daftar), "
    "<code>/tahun buka 2026 [2022]</code> atau <code>/tahun tutup 2026</code>."
)
YEARS_ADMIN_ONLY = "Hanya admin yang dapat membuka atau menutup tahun anggaran."
YEAR_OPEN_CONFIRM = (
    "Buka tahun <b>{year}</b> untuk laporan?\n"
    "Struktur ({rows} sub kegiatan), indikator, pagu dan target disalin dari {template}, "
    "ditandai «perlu diperbarui sesuai DPA {year}»."
)
YEAR_CLOSE_CONFIRM = (
    "Tutup tahun <b>{year}</b>?\n"
    "Setelah ditutup, tidak ada laporan baru untuk {year}; angkanya menjadi riwayat."
)
BUTTON_YEAR_OPEN = "✅ Buka {year}"
BUTTON_YEAR_CLOSE = "🔒 Tutup {year}"
BUTTON_YEAR_CANCEL = "Batal"
YEAR_OPENED = (
    "✅ Tahun {year} dibuka untuk laporan (struktur dari {template}). "
    "Operator sudah dapat mengirim /lapor."
)
YEAR_CLOSED_DONE = "🔒 Tahun {year} ditutup. Laporan baru untuk {year} tidak diterima lagi."
YEAR_CANCELLED = "Dibatalkan; tidak ada yang berubah."
