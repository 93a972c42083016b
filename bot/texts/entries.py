"""Recording realizations (/lapor, /riwayat, /urungkan) and verification."""

from __future__ import annotations

REPORT_NO_NODES = "Unit Anda belum memiliki sub kegiatan pada tahun {year}."
REPORT_CHOOSE_NODE = (
    "<b>Lapor realisasi {year}</b> — langkah 1/6\nPilih sub kegiatan{filter}, atau ketik kata "
    "untuk mencari. /batal untuk keluar."
)
REPORT_FILTER = " yang cocok dengan «{query}»"
REPORT_NO_MATCH = "Tidak ada sub kegiatan unit Anda yang cocok dengan «{query}». Coba kata lain."
REPORT_CHOOSE_MONTH = "<b>{node}</b>\nLangkah 2/6 — pilih bulan laporan."
REPORT_EXISTING = (
    "⚠️ Sudah ada laporan {period} untuk sub kegiatan ini:\n{existing}\n"
    "Laporan baru akan <b>menggantikannya</b> sebagai koreksi (yang lama tetap tercatat)."
)
REPORT_ASK_QUANTITY = (
    "Langkah 3/6 — <b>kuantitas</b> (kumulatif s.d. {period})\nIndikator: {indicator}\n"
    "Target: <b>{target}</b>{previous}\nKetik angkanya, mis. <code>{example}</code>."
)
REPORT_PREVIOUS_QTY = "\nTercatat sebelumnya: {value}"
REPORT_ASK_AMOUNT = (
    "Langkah 4/6 — <b>Rupiah</b> yang dibelanjakan pada {period}\n{table}\n"
    "Ketik nilainya, mis. <code>2.500.000</code> atau <code>2,5 jt</code>."
)
REPORT_ASK_NOTE = "Langkah 5/6 — catatan (opsional). Ketik catatan, atau tekan Lewati."
REPORT_ASK_PHOTO = "Langkah 6/6 — foto bukti (opsional). Kirim foto, atau tekan Lewati."
REPORT_CONFIRM = (
    "<b>Periksa sebelum menyimpan</b>\n{body}\nSalah satu isian keliru? Tekan ✏️ Ubah. "
    "Hanya tombol <b>Simpan</b> yang menyimpan."
)
REPORT_WARNING = "⚠️ {text}"
REPORT_CONFIRM_WARNING = "⚠️ {text}\nBenar begitu?"
REPORT_SAVED = (
    "✅ Tersimpan sebagai entri #{entry_id} ({kind}), menunggu verifikasi.\n"
    "Salah? /urungkan dalam 15 menit, selama belum diverifikasi."
)
REPORT_CONFLICT = "⚠️ {text}"
CONFLICT = (
    "Sementara Anda mengisi, laporan untuk sub kegiatan dan bulan ini berubah{changed}. "
    "Periksa lagi sebelum menyimpan."
)
CONFLICT_WITH = " ({existing})"
REPORT_BY = "oleh {name}"
WARNING_OVER_PAGU = "Realisasi tahun ini menjadi {total}, melebihi pagu {pagu} (lebih {over})."
WARNING_FAR_OVER_PAGU = (
    "Realisasi tahun ini menjadi {total} ({words}), lebih dari {factor}× pagu {pagu}. "
    "Hanya admin yang dapat mengonfirmasi angka sebesar ini."
)
REPORT_AMOUNT_NEEDS_ADMIN = (
    "⛔ Realisasi tahun ini akan menjadi {total} ({words}), lebih dari {factor}× pagu {pagu}. "
    "Angka sebesar ini harus dikonfirmasi atau dicatat oleh admin; tidak ada yang disimpan.\n"
    "Periksa jumlah nolnya dan ketik nilai yang benar, atau /batal."
)
WARNING_HIGH_QUANTITY = "Kuantitas {quantity} jauh di atas target {target}."
WARNING_REPLACES = (
    "Sudah ada laporan {period} untuk sub kegiatan ini ({existing}). Laporan baru akan "
    "menggantikannya sebagai koreksi."
)
REPORT_CANCELLED = "Dibatalkan. Tidak ada yang disimpan."
REPORT_TIMEOUT = (
    "Sesi /lapor berakhir karena tidak ada aktivitas {minutes} menit. Tidak ada yang disimpan; "
    "kirim /lapor untuk mulai lagi."
)
REPORT_USE_BUTTONS = "Pilih dengan tombol di atas, atau /batal untuk keluar."
REPORT_EXPECT_PHOTO = "Kirim foto sebagai bukti, atau tekan Lewati."
REPORT_BUSY = "Anda sedang mengisi /lapor. Selesaikan atau kirim /batal dulu."
REPORT_STALE = "Langkah itu sudah lewat. Lanjutkan dari pesan terakhir, atau /batal."
REPORT_EXPIRED_DRAFT = "Data isian hilang; kirim /lapor untuk mulai lagi."
REPORT_ALREADY_SAVED = (
    "ℹ️ Laporan ini sudah tersimpan sebagai entri #{entry_id} ({kind}, {status}); tidak "
    "disimpan dua kali. Lihat /riwayat."
)
KIND_LABELS = {"entry": "laporan baru", "correction": "koreksi", "withdrawal": "penarikan"}
STATUS_LABELS = {
    "diajukan": "⏳ menunggu verifikasi",
    "disetujui": "✅ disetujui",
    "ditolak": "❌ ditolak",
    "ditarik": "↩️ diurungkan",
}
LABEL_SUB = "Sub kegiatan"
LABEL_PERIOD = "Periode"
LABEL_QUANTITY = "Kuantitas"
LABEL_AMOUNT = "Rupiah"
LABEL_APPROVED_YEAR = "Disetujui th."
LABEL_WAITING_YEAR = "Menunggu lain"
LABEL_SUBMITTED = "Dikirim"
LABEL_NOTE = "Catatan"
LABEL_PHOTO = "Foto bukti"
LABEL_BY = "Oleh"
BUTTON_SAVE = "💾 Simpan"
BUTTON_SKIP = "Lewati ➡️"
BUTTON_YES = "Ya, benar"
BUTTON_RETYPE = "✏️ Ketik ulang"
BUTTON_REPLACE = "Ganti (koreksi)"
BUTTON_OTHER_MONTH = "Bulan lain"
BUTTON_ALL_MONTHS = "Semua bulan"
BUTTON_THIS_MONTH = "• {month} (bulan ini)"
BUTTON_EDIT = "✏️ Ubah {field}"
FIELD_LABELS = {  # by bot.views.entries.EntryField
    "periode": "periode",
    "kuantitas": "kuantitas",
    "rupiah": "Rupiah",
    "catatan": "catatan",
    "foto": "foto",
}
BUTTON_BACK_TO_CONFIRM = "↩️ Kembali tanpa mengubah"
BUTTON_CLEAR = "Kosongkan"
UNDO_DONE = "↩️ Entri #{entry_id} ({node}, {period}) diurungkan; tercatat sebagai penarikan."
HISTORY_TITLE = "<b>Riwayat entri</b> {scope}"
HISTORY_MINE = "Anda (20 terakhir)"
HISTORY_NONE = "Belum ada entri."
HISTORY_NO_MATCH = "Tidak ada sub kegiatan yang cocok dengan «{query}»."
HISTORY_REPLACED = "🔁 Diganti koreksi #{entry_id}"
HISTORY_CORRECTION_WAITING = (
    "🔁 Koreksi #{entry_id} menunggu verifikasi; bila disetujui, menggantikan entri ini"
)


REVIEW_REQUEST = "<b>Entri #{entry_id} perlu verifikasi</b>\n{body}"
REVIEW_APPROVED_NOTE = "✅ Disetujui oleh {reviewer}."
REVIEW_REJECTED_NOTE = "❌ Ditolak oleh {reviewer}: {reason}"
REVIEW_ASK_REASON = (
    "Tulis alasan penolakan entri #{entry_id} (dikirim ke pelapor). /batal untuk tidak jadi."
)
REVIEW_USER_APPROVED = "✅ Entri #{entry_id} ({node}, {period}) disetujui verifikator."
REVIEW_USER_REJECTED = (
    "❌ Entri #{entry_id} ({node}, {period}) ditolak: {reason}\nPerbaiki dengan /lapor."
)
REVIEW_PENDING_TITLE = "<b>Menunggu verifikasi</b> ({count})"
REVIEW_NONE = "Tidak ada entri yang menunggu verifikasi."
BUTTON_APPROVE = "✅ Setujui"
BUTTON_REJECT_ENTRY = "❌ Tolak"
BUTTON_PHOTO = "📷 Lihat foto"
REVIEW_PHOTO_CAPTION = "📷 Foto bukti entri #{entry_id} (rinciannya di pesan berikut)"
REVIEW_NOTICE_MISSED = (
    "⚠️ Entri #{entry_id} tersimpan, tetapi verifikator belum menerima pemberitahuan "
    "({missed} dari {total} tidak terkirim). Entri tetap menunggu di /verifikasi; mohon kabari "
    "verifikator Anda."
)
REVIEW_NOTICE_NOBODY = (
    "⚠️ Entri #{entry_id} tersimpan, tetapi verifikator belum menerima pemberitahuan: belum ada "
    "verifikator atau admin yang terdaftar. Hubungi pengelola bot."
)
REVIEW_PRIVATE_ONLY = (
    "Keputusan verifikasi hanya di chat pribadi dengan bot. Buka /verifikasi di sana; "
    "tidak ada yang diubah."
)
REVIEW_APPOINT = (
    "⚠️ Lembaga ini belum punya verifikator, jadi entri #{entry_id} dikirim ke admin. "
    "Tunjuk verifikator lewat /pengguna: pelapor tidak memutuskan entrinya sendiri."
)
REVIEW_OWN_ENTRY = "👥 Entri Anda sendiri: diputuskan verifikator atau admin lain (empat mata)."
REVIEW_NOBODY_ELSE = (
    "⚠️ Entri #{entry_id} belum bisa diverifikasi: belum ada verifikator, dan tidak ada admin "
    "lain selain pelapornya. Tunjuk verifikator lewat /pengguna."
)
