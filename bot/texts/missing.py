"""/belumlapor (who has not reported a month) and its count beside the deadline in /tenggat."""

from __future__ import annotations

MISSING_TITLE = "📋 <b>Belum lapor realisasi {period}</b>"
MISSING_DEADLINE = "Tenggat: <b>{due}</b> ({left})"
MISSING_COUNT = "<b>{count}</b> dari {total} sub kegiatan belum ada entri."
MISSING_UNIT = "<b>{unit}</b> — {count} dari {total} belum"
MISSING_UNIT_DONE = "✅ <b>{unit}</b> — semua {total} sudah lapor"
MISSING_NO_UNIT = "Tanpa unit"
MISSING_ITEM = "• {name}"
MISSING_MORE = "… dan {count} lainnya."
MISSING_OFFICERS = "Petugas: {officers}"
MISSING_NO_OFFICER = "Belum ada operator terdaftar untuk unit ini (/pengguna)."
MISSING_ALL_DONE = "✅ Semua {total} sub kegiatan sudah mengisi realisasi {period}."
MISSING_NO_ROWS = "Tahun {year} belum punya sub kegiatan."
MISSING_YEAR_CLOSED = (
    "Tahun {year} sudah ditutup: tidak ada laporan realisasi {period} yang ditunggu lagi."
)
MISSING_YEAR_MISSING = (
    "Tahun {year} belum dibuka, jadi belum ada laporan realisasi {period} yang ditunggu. "
    "Admin membukanya dengan /tahun."
)
MISSING_OTHER_MONTHS = (
    "Bulan lain: <code>/belumlapor maret</code>, <code>/belumlapor 2026-03</code>, "
    "<code>/belumlapor bulan lalu</code>."
)
# /tenggat: beside the monthly realization deadline, for registered users
DEADLINES_OUTSTANDING = "\n  Belum lapor: <b>{count}</b> dari {total} sub kegiatan (/belumlapor)"
DEADLINES_OUTSTANDING_DONE = "\n  ✅ Semua {total} sub kegiatan sudah lapor"
