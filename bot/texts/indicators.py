"""Quarterly indicators: /lapor's indicator branch, /rencanaaksi and /capaian."""

from __future__ import annotations

QUARTER_NAMES = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
MEASURE_NAMES = {"persen": "persentase", "indeks": "indeks", "rasio": "rasio", "jumlah": "jumlah"}
ACCUMULATION_NAMES = {
    "kumulatif": "kumulatif (posisi akhir triwulan)",
    "per_triwulan": "per triwulan (hanya triwulan itu)",
}

# --- /lapor: the indicator branch ----------------------------------------------------------------
BUTTON_LAPOR_INDICATORS = "📈 Indikator kinerja"
IND_CHOOSE = "<b>Lapor capaian indikator {year}</b>\nPilih indikator:"
IND_NONE = (
    "Tidak ada indikator kinerja {year} yang menjadi tanggung jawab unit Anda. "
    "Admin dapat menetapkan unit penanggung jawab indikator."
)
IND_CHOOSE_QUARTER = "<b>{name}</b>\nTriwulan mana yang dilaporkan?"
IND_ASK_FIGURE = (
    "<b>{name}</b> · {period}\n"
    "{facts}\n\n"
    "Ketik realisasi {period}{unit_hint}, contoh: <code>{example}</code>."
)
IND_UNIT_HINT = " dalam {unit}"
LABEL_MEASURE = "Jenis"
LABEL_ACCUMULATION = "Cara hitung"
LABEL_QUARTER_TARGET = "Target TW"
LABEL_YEAR_TARGET = "Target tahun"
LABEL_REALIZATION = "Realisasi"
LABEL_YTD = "s.d. TW"
LABEL_CAUSES = "Faktor penghambat/pendorong"
NO_PLAN = "rencana aksi belum diisi"
IND_ASK_CAUSES = (
    "Realisasi {figure} di bawah target {target} (capaian {achievement}).\n"
    "Tulis singkat faktor penghambat (dan pendorong, bila ada), atau lewati."
)
IND_ASK_EVIDENCE = "Kirim foto atau dokumen bukti (opsional), atau lewati."
IND_EXPECT_EVIDENCE = "Kirim foto atau dokumen, atau tekan Lewati."
IND_CONFIRM_TITLE = "<b>Periksa sebelum menyimpan</b>"
IND_REPLACES = "Sudah ada angka untuk {period}: {standing}. Yang baru akan menggantikannya."
IND_HIGH_FIGURE = "Angka {figure} lebih dari dua kali target {target}: pastikan tidak salah ketik."
IND_SAVED = "✅ Tersimpan sebagai entri #{entry_id} ({kind}), menunggu verifikasi."
IND_SAVED_ENTRY = "angka indikator"
IND_SAVED_CORRECTION = "koreksi angka indikator"
IND_ALREADY_SAVED = "Entri ini sudah tersimpan sebelumnya (#{entry_id}, {status})."
IND_CHANGED = (
    "Sementara Anda mengisi, angka indikator ini untuk triwulan itu berubah. "
    "Periksa lagi: tekan Simpan untuk menggantikannya."
)

# --- /rencanaaksi --------------------------------------------------------------------------------
PLAN_CHOOSE = "<b>Rencana aksi {year}</b>\nPilih indikator untuk diisi target triwulannya:"
PLAN_NONE = "Tidak ada indikator {year} yang dapat Anda isi rencana aksinya."
PLAN_SHOW = "<b>{name}</b>\n{facts}"
PLAN_ASK = (
    "Ketik target <b>{quarter}</b>{unit_hint} (angka, atau rentang seperti <code>70-80</code>)."
)
PLAN_SAME_AS_YEAR = "= target tahun ({target})"
PLAN_CONFIRM = "<b>Simpan rencana aksi ini?</b>\n{name}"
PLAN_SAVED = "✅ Rencana aksi {name} tersimpan. Riwayat target sebelumnya tetap disimpan."
PLAN_CANCELLED = "Dibatalkan. Tidak ada yang disimpan."
PLAN_USE_BUTTONS = "Pakai tombol di atas, atau /batal."
BUTTON_PLAN_SAVE = "💾 Simpan rencana"
PLAN_PRIVATE = "Rencana aksi diisi di chat pribadi dengan bot."

# --- /capaian ------------------------------------------------------------------------------------
CAPAIAN_TITLE = "<b>Capaian indikator {period}</b>"
CAPAIAN_NO_INDICATORS = "Belum ada indikator kinerja untuk {year}."
CAPAIAN_NO_DATA = (
    "Belum ada realisasi indikator yang disetujui untuk {period}: capaian belum dapat dinilai."
)
CAPAIAN_COUNTS = "{known} dari {total} indikator sudah ada realisasinya; {below} di bawah target."
CAPAIAN_PENDING = "⏳ menunggu verifikasi"
CAPAIAN_UNPLANNED = "⚠️ {count} indikator: rencana aksi belum diisi."
CAPAIAN_MISSING = "belum ada realisasi"
CAPAIAN_IKU = "IKU"
CAPAIAN_OTHER = "<b>Indikator lain</b>"
CAPAIAN_NO_OBJECTIVE = "Tanpa sasaran"
CAPAIAN_DETAIL_HINT = "Ketuk indikator untuk rincian per triwulan."
CAPAIAN_DETAIL_TITLE = "<b>{name}</b>"
CAPAIAN_PROGRAMS = "<b>Program pendukung</b> (capaian kinerja vs serapan anggaran)"
CAPAIAN_NO_PROGRAMS = "Tidak ada program di tabel keuangan yang melaporkan indikator ini."
CAPAIAN_PROGRAM_LINE = "• {name}: serapan {absorption}"
CAPAIAN_YEAR = "Tahun"
CAPAIAN_PER_OBJECTIVE = "Tahun per sasaran (IKU dulu)"
CAPAIAN_USAGE = "Tulis tahun dan/atau triwulan, contoh: <code>{example}</code>."
CAPAIAN_BELOW_TITLE = "<b>Indikator di bawah target {period}</b>"
CAPAIAN_NONE_BELOW = (
    "Tidak ada indikator di bawah target pada {period}, dari {known} yang ada realisasinya."
)
SUMMARY_QUARTER = "Indikator {period}: {known}/{total} ada realisasi, {below} di bawah target."
SUMMARY_QUARTER_NONE = "Indikator {period}: belum ada realisasi yang disetujui."
TREND_ARROWS = {"up": "↑", "down": "↓", "same": "→"}
TREND_BETTER = "membaik"
TREND_WORSE = "memburuk"
