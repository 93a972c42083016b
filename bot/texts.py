"""Every sentence the bot says, in Bahasa Indonesia, in one place for review and translation.

Templates use ``str.format`` fields; values are escaped by the caller (``bot.render``) before
they are put in, since replies are sent as HTML.
"""

from __future__ import annotations

BOT_DESCRIPTION = "Status kinerja dan anggaran DP3AM Kota Binjai"

# Command menu (setMyCommands): (command, description), in menu order.
COMMANDS: list[tuple[str, str]] = [
    ("ringkasan", "Ringkasan anggaran dan capaian"),
    ("anggaran", "Realisasi anggaran per program"),
    ("capaian", "Capaian semua indikator"),
    ("dibawahtarget", "Indikator dan keluaran di bawah target"),
    ("cari", "Cari program, kegiatan, indikator"),
    ("grafik", "Grafik pagu vs realisasi"),
    ("ekspor", "Unduh tabel Bab III (Excel)"),
    ("lapor", "Lapor realisasi (operator)"),
    ("riwayat", "Riwayat entri realisasi"),
    ("urungkan", "Urungkan entri terakhir (15 menit)"),
    ("verifikasi", "Entri menunggu verifikasi"),
    ("tenggat", "Tenggat laporan terdekat"),
    ("pengingat", "Atur pengingat tenggat di grup (admin grup)"),
    ("daftar", "Minta akses ke bot"),
    ("pengguna", "Kelola pengguna (admin)"),
    ("bantuan", "Petunjuk penggunaan"),
]

START = (
    "Selamat datang di <b>Bot LAKIP {agency}</b>.\n"
    "Bot ini menampilkan realisasi anggaran dan capaian kinerja dari data resmi "
    "(Laporan Kinerja dan entri yang sudah diverifikasi).\n\n"
    "{help}"
)
HELP = (
    "<b>Perintah</b>\n"
    "/ringkasan — ringkasan satu layar\n"
    "/anggaran [kata] [tw1–tw4] [tahun] — realisasi per program (atau per triwulan), "
    "ketuk untuk rinci\n"
    "/capaian — target, realisasi dan capaian indikator\n"
    "/dibawahtarget — yang belum mencapai target\n"
    "/cari kata — cari program, kegiatan, sub kegiatan, indikator\n"
    "/grafik — grafik pagu vs realisasi per program\n"
    "/ekspor — tabel Bab III dalam berkas Excel\n"
    "/tenggat — tenggat laporan terdekat; /pengingat — atur pengingat di grup\n\n"
    "Tahun bawaan: tahun terakhir ({year}). Contoh: <code>/anggaran 2022</code>, "
    "<code>/anggaran perlindungan</code>."
)

HELP_ROLE = {
    "": ("\n\n<b>Akses</b>\nAnda belum terdaftar: kirim /daftar untuk meminta akses ke data."),
    "pimpinan": "\n\nPeran Anda: <b>Pimpinan</b> — membaca semua data.",
    "operator": (
        "\n\nPeran Anda: <b>Operator</b>{unit}\n"
        "/lapor — lapor realisasi sub kegiatan unit Anda\n"
        "/riwayat [kata] — riwayat entri\n/urungkan — tarik entri terakhir (15 menit)"
    ),
    "verifikator": (
        "\n\nPeran Anda: <b>Verifikator</b>\n/verifikasi — entri yang menunggu keputusan\n"
        "/riwayat [kata] — riwayat entri"
    ),
    "admin": (
        "\n\nPeran Anda: <b>Admin</b>\n/pengguna — kelola pengguna dan pendaftaran\n"
        "/lapor, /verifikasi, /riwayat — seperti operator dan verifikator"
    ),
}

UNKNOWN_COMMAND = "Perintah {command} tidak dikenal. Ketik /bantuan untuk daftar perintah."
NOT_A_COMMAND = "Maaf, saya hanya memahami perintah. Ketik /bantuan untuk daftar perintah."
UNSUPPORTED_MESSAGE = "Maaf, pesan jenis ini tidak dapat saya proses. Ketik /bantuan."
ERROR = "Maaf, terjadi kesalahan saat memproses permintaan. Silakan coba lagi sebentar lagi."
STALE_BUTTON = "Tombol ini sudah tidak berlaku. Silakan kirim perintahnya lagi."
NOTHING_TO_CANCEL = "Tidak ada isian yang sedang berjalan. Ketik /bantuan untuk daftar perintah."
FLOOD_NOTICE = "Terlalu banyak pesan; tunggu sebentar."
NO_DATA = "Belum ada data laporan di basis data."
YEAR_NOT_FOUND = "Tidak ada data untuk tahun {year}. Tahun yang tersedia: {available}."
BAD_YEAR = "Tahun «{value}» tidak valid. Contoh: <code>{example}</code>."
TOO_MANY_ARGS = (
    "Perintah ini tidak memakai kata tambahan selain tahun. Contoh: <code>{example}</code>."
)
SEARCH_USAGE = "Tulis kata yang dicari. Contoh: <code>/cari perlindungan anak</code>."
SEARCH_NONE = "Tidak ditemukan hasil untuk «{query}» pada tahun {year}."
SEARCH_HEADER = "<b>Hasil pencarian «{query}»</b> ({count} hasil, tahun {year})"
BUDGET_NONE = "Tidak ada program atau kegiatan yang cocok dengan «{query}» pada tahun {year}."
CHART_CAPTION = "Pagu vs realisasi per program, {agency} {year}."
EXPORT_CAPTION = "Tabel Bab III {agency} {year}: pengukuran capaian kinerja dan realisasi anggaran."

SUMMARY_TITLE = "<b>Ringkasan {year} — {agency}</b>"
SUMMARY_INDICATORS = "Indikator: <b>{met}</b> tercapai, <b>{not_met}</b> belum tercapai{unknown}"
SUMMARY_UNKNOWN = ", {count} belum ada realisasi"
SUMMARY_LOWEST = "<b>Serapan terendah</b>"
SUMMARY_BELOW = "<b>Di bawah target</b>"
SUMMARY_BELOW_NONE = "Semua indikator dan keluaran mencapai target."
SUMMARY_MORE_BELOW = "… dan {count} lainnya: /dibawahtarget"
PENDING_NOTE = "⏳ {count} entri menunggu verifikasi (belum dihitung)."

BUDGET_TITLE = "<b>Realisasi anggaran {year}</b>"
QUARTER = "Triwulan {quarter} {year}"
QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}
BUDGET_FILTER = "Cocok dengan «{query}»"
INDICATORS_TITLE = "<b>Capaian indikator {year}</b>"
BELOW_TITLE = "<b>Di bawah target {year}</b> — terburuk lebih dulu"
BELOW_NONE = "Tidak ada indikator atau keluaran di bawah target pada tahun {year}. 👍"
PAGE = "Halaman {page}/{pages}"

LABEL_PAGU = "Pagu"
LABEL_REALIZED = "Realisasi"
LABEL_ABSORPTION = "Serapan"
LABEL_REMAINING = "Sisa"
LABEL_TARGET = "Target"
LABEL_ACHIEVEMENT = "Capaian"
LABEL_CATEGORY = "Kategori"
LABEL_INDICATOR = "Indikator"
LABEL_UNIT = "Penanggung jawab"
LABEL_INFERRED = "(disimpulkan dari tugas unit)"
LABEL_DERIVED = "* dijumlahkan dari rincian (kolom laporan kosong)"
LABEL_NO_REALIZATION = "belum ada"
LABEL_TARGETS_DIFFER = "Target berbeda antar dokumen: {targets}"
LABEL_LOWER_BETTER = "makin kecil makin baik"
LEVEL_NAMES = {
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub kegiatan",
    "indikator": "Indikator",
}
DOCUMENT_NAMES = {"pk": "PK", "renja": "Renja", "keuangan": "Tabel keuangan"}
KIND_NAMES = {"indikator": "Indikator", "keluaran": "Keluaran"}

BUTTON_BACK = "⬅️ Kembali"
BUTTON_PROGRAMS = "⬆️ Semua program"
BUTTON_PREV = "◀️ Sebelumnya"
BUTTON_NEXT = "Berikutnya ▶️"
BUTTON_SUMMARY = "Ringkasan"
BUTTON_BUDGET = "Anggaran"
BUTTON_INDICATORS = "Capaian"
BUTTON_BELOW = "Di bawah target"
BUTTON_CHART = "Grafik"
BUTTON_EXPORT = "Excel"

# --- access and registration (bot/access.py, bot/admin.py) ---
NOT_REGISTERED = (
    "Anda belum terdaftar sebagai pengguna bot ini. Kirim /daftar untuk meminta akses; "
    "admin akan memeriksanya."
)
ROLE_REFUSED = "Maaf, peran Anda tidak mengizinkan perintah ini."
PRIVATE_ONLY = "Perintah ini hanya di chat pribadi dengan bot, agar data Anda tidak tampil di grup."
REGISTER_SENT = "Permintaan pendaftaran terkirim ke admin. Anda akan diberi tahu hasilnya."
REGISTER_PENDING = "Permintaan Anda masih menunggu keputusan admin."
REGISTER_ALREADY = "Anda sudah terdaftar sebagai <b>{role}</b>{unit}."
REGISTER_NO_ADMIN = (
    "Belum ada admin yang bisa memeriksa permintaan Anda. Hubungi pengelola bot (LAKIP_ADMIN_IDS)."
)
REGISTER_REQUEST = (
    "<b>Permintaan pendaftaran</b>\n{name}{username}\nID Telegram: <code>{telegram_id}</code>\n"
    "Pilih peran untuk menyetujui, atau tolak."
)
REGISTER_CHOOSE_UNIT = "<b>{name}</b> sebagai Operator: pilih unit kerjanya."
REGISTER_APPROVED_ADMIN = "✅ {name} disetujui sebagai <b>{role}</b>{unit} oleh {admin}."
REGISTER_REJECTED_ADMIN = "❌ Permintaan {name} ditolak oleh {admin}."
REGISTER_APPROVED_USER = (
    "✅ Pendaftaran Anda disetujui sebagai <b>{role}</b>{unit}. Ketik /bantuan untuk mulai."
)
REGISTER_REJECTED_USER = "Maaf, permintaan pendaftaran Anda ditolak admin."
USERS_TITLE = "<b>Pengguna aktif</b> ({count})"
USERS_PENDING = "⏳ {count} permintaan pendaftaran menunggu."
USER_DETAIL = "<b>{name}</b>{username}\nID: <code>{telegram_id}</code>\nPeran: {role}{unit}"
USER_CHANGED = "Peran {name} sekarang <b>{role}</b>{unit}."
USER_REMOVE_CONFIRM = "Nonaktifkan {name}? Entri yang pernah dikirimnya tetap tersimpan."
USER_REMOVED = "{name} dinonaktifkan."
BUTTON_APPROVE_AS = "✅ {role}"
BUTTON_REJECT = "❌ Tolak"
BUTTON_CHANGE_ROLE = "Ubah peran"
BUTTON_REMOVE = "🗑 Nonaktifkan"
BUTTON_CONFIRM_REMOVE = "Ya, nonaktifkan"
BUTTON_CANCEL = "Batal"
BUTTON_PENDING_REQUESTS = "Permintaan menunggu"
ALL_UNITS = "Semua unit"

# --- recording realizations (bot/reporting.py) ---
REPORT_NO_YEAR = (
    "Belum ada tahun anggaran yang terbuka untuk laporan. Admin dapat membukanya dengan "
    "<code>lakip-bot years open {year}</code>."
)
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
    "<b>Periksa sebelum menyimpan</b>\n{body}\nHanya tombol <b>Simpan</b> yang menyimpan."
)
REPORT_WARNING = "⚠️ {text}"
REPORT_CONFIRM_WARNING = "⚠️ {text}\nBenar begitu?"
REPORT_SAVED = (
    "✅ Tersimpan sebagai entri #{entry_id} ({kind}), menunggu verifikasi.\n"
    "Salah? /urungkan dalam 15 menit."
)
REPORT_CONFLICT = "⚠️ {text}"
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
LABEL_YEAR_TOTAL = "Realisasi th."
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
UNDO_DONE = "↩️ Entri #{entry_id} ({node}, {period}) diurungkan; tercatat sebagai penarikan."
HISTORY_TITLE = "<b>Riwayat entri</b> {scope}"
HISTORY_MINE = "Anda (20 terakhir)"
HISTORY_NONE = "Belum ada entri."
HISTORY_NO_MATCH = "Tidak ada sub kegiatan yang cocok dengan «{query}»."

# --- verification (bot/review.py) ---
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

# Excel workbook (the report's Bab III tables)
XLSX_MEASUREMENT_SHEET = "Pengukuran Kinerja"
XLSX_FINANCE_SHEET = "Realisasi Anggaran"
XLSX_INDICATOR_SHEET = "Indikator Kinerja"
XLSX_MEASUREMENT_TITLE = "Tabel Pengukuran Capaian Kinerja Tahun {year}"
XLSX_FINANCE_TITLE = "Tabel Realisasi Pelaksanaan Program/Kegiatan Tahun {year}"
XLSX_INDICATOR_TITLE = "Capaian Indikator Kinerja Tahun {year}"
XLSX_MEASUREMENT_HEADERS = [
    "No",
    "Program / Kegiatan / Sub Kegiatan",
    "Indikator",
    "Target",
    "Realisasi",
    "Capaian (%)",
]
XLSX_FINANCE_HEADERS = [
    "Kode",
    "Tingkat",
    "Program / Kegiatan / Sub Kegiatan",
    "Indikator",
    "Target K",
    "Pagu (Rp)",
    "Realisasi K",
    "Realisasi (Rp)",
    "Capaian K (%)",
    "Serapan Rp (%)",
]
XLSX_INDICATOR_HEADERS = [
    "Indikator",
    "Sasaran",
    "Target",
    "Sumber target",
    "Realisasi",
    "Capaian (%)",
    "Kategori",
]
XLSX_TOTAL = "Jumlah Keseluruhan"
XLSX_GENERATED = "Dibuat {when} dari data terverifikasi. Angka kosong: tidak dicetak di laporan."

CHART_TITLE = "Pagu vs Realisasi per Program {year}"
CHART_PAGU = "Pagu"
CHART_REALIZED = "Realisasi"
CHART_AXIS = "Rupiah (juta)"

# --- reminders (bot/reminders.py) ---
DEADLINES_TITLE = "📅 <b>Tenggat terdekat</b>\nHari ini: {today}"
DEADLINES_ITEM = "• <b>{due}</b> — {left}\n  {name} ({period}){shifted}"
DEADLINES_SHIFTED = "\n  <i>digeser dari {nominal}</i>"
DEADLINES_NONE = "Tidak ada tenggat aktif dalam setahun ke depan."
DEADLINES_INACTIVE = "Nonaktif: {names}"
DEADLINES_FOOTER = "Pengingat ke grup: /pengingat (admin grup). Hari libur: /tenggat libur"
DEADLINES_ADMIN_HINT = "Admin: ketuk tenggat di bawah untuk mengubahnya."
DEADLINE_EDIT = (
    "✏️ <b>{name}</b>\n"
    "Jatuh tempo: {rule}\n"
    "Bila bukan hari kerja: {shift}\n"
    "Status: {status}\n"
    "Berikutnya: {next}\n"
    "<i>{basis}</i>"
)
DEADLINE_NEXT = "{due} ({period})"
DEADLINE_PICK_DAY = "<b>{name}</b>\nPilih tanggal jatuh tempo (sekarang: {current})."
DEADLINE_SAVED = "Tersimpan."
DEADLINE_ADMIN_ONLY = "Hanya admin bot yang dapat mengubah tenggat."
DEADLINE_LAST_DAY = "akhir bulan"
SHIFT_LABELS = {
    "previous_working_day": "mundur ke hari kerja sebelumnya",
    "next_working_day": "maju ke hari kerja berikutnya",
    "none": "tetap (tidak digeser)",
}
RULE_ACTIVE = "aktif"
RULE_INACTIVE = "nonaktif (tidak diingatkan)"
BUTTON_EDIT_RULE = "✏️ {name}"
BUTTON_RULE_DAY = "📆 Tanggal: {day}"
BUTTON_LAST_DAY = "Akhir bulan"
BUTTON_SHIFT_PREVIOUS = "⬅️ Mundur"
BUTTON_SHIFT_NEXT = "Maju ➡️"
BUTTON_SHIFT_NONE = "Tetap"
BUTTON_RULE_ON = "▶️ Aktifkan"
BUTTON_RULE_OFF = "⏸ Nonaktifkan"
BUTTON_DEADLINES = "⬅️ Daftar tenggat"
BUTTON_RULE_BACK = "⬅️ Kembali"

HOLIDAYS_TITLE = "🗓 <b>Hari libur</b> {start} – {end}"
HOLIDAYS_ITEM = "• {day} — {name}{mark}"
HOLIDAYS_MARK_ADDED = " (ditambahkan admin)"
HOLIDAYS_NONE = "Tidak ada hari libur tercatat."
HOLIDAYS_NOTE = (
    "Libur tetap (1 Jan, 1 Mei, 1 Jun, 17 Agu, 25 Des) sudah tercatat. Libur lain dan cuti "
    "bersama (SKB 3 Menteri) ditambahkan admin:\n"
    "<code>/tenggat libur 2024-03-29 Wafat Isa Almasih</code>\n"
    "Hapus: <code>/tenggat libur hapus 2024-03-29</code>"
)
HOLIDAY_ADDED = "✅ Hari libur ditambahkan: {day} — {name}."
HOLIDAY_REMOVED = "Hari libur {day} dihapus."
HOLIDAY_NOT_FOUND = "Tidak ada hari libur tambahan pada {day}."
HOLIDAY_BAD_DATE = (
    "Tanggal «{value}» tidak dikenali. Contoh: <code>/tenggat libur hapus 2024-03-29</code>."
)

REMINDERS_GROUP_ONLY = (
    "Pengingat tenggat dikirim ke grup. Tambahkan saya ke grup unit Anda, lalu admin grup "
    "mengetik /pengingat di sana."
)
REMINDERS_NOT_ALLOWED = "Hanya admin grup ini (atau admin bot) yang dapat mengatur pengingat."
REMINDERS_TITLE = "🔔 <b>Pengingat tenggat — {chat}</b>"
REMINDERS_UNIT = "Unit: <b>{unit}</b>"
REMINDERS_WHEN = "Waktu: <b>{leads}</b> pukul {time}"
REMINDERS_HOW = "Ketuk tenggat untuk menyalakan ✅ atau mematikan ▫️. Pilih unit dan waktu di bawah."
REMINDERS_ACTIVE = "<b>Aktif di grup ini</b>"
REMINDERS_ACTIVE_ITEM = "• {name} — {unit} ({leads})"
REMINDERS_NONE = "Belum ada pengingat aktif di grup ini."
REMINDERS_NEXT = "Berikutnya: {when} — {name} ({period})"
REMINDERS_SAVED = "✅ Pengaturan pengingat tersimpan."
REMINDERS_ON = "Dinyalakan: {name}"
REMINDERS_OFF = "Dimatikan: {name}"
REMINDERS_PICK_RULE_FIRST = "Pilih tenggat dulu, lalu atur waktunya."
REMINDERS_LEADS_SET = "Waktu pengingat: {leads}"
REMINDERS_ALL_UNITS = "Semua unit"
REMINDERS_THIS_GROUP = "grup ini"
BUTTON_REMINDERS_DONE = "Selesai"

REMINDER_TITLE = "⏰ <b>Pengingat: {name}</b>"
REMINDER_PERIOD = "Periode: {period}"
REMINDER_DUE = "Batas waktu: <b>{due}</b> ({left})"
REMINDER_SHIFTED = "<i>Digeser dari {nominal} karena bukan hari kerja.</i>"
REMINDER_UNIT = "Unit: {unit}"
REMINDER_MISSING = (
    "Belum ada entri realisasi {period} untuk <b>{count}</b> dari {total} sub kegiatan:"
)
REMINDER_MISSING_ITEM = "• {name}"
REMINDER_MISSING_MORE = "… dan {count} lainnya."
REMINDER_OFFICERS = "Mohon segera diisi: {officers}"
REMINDER_OFFICERS_BY_UNIT = "Mohon segera diisi:"
REMINDER_OFFICERS_UNIT = "• {unit}: {officers}"
REMINDER_ALL_DONE = "✅ Semua {total} sub kegiatan sudah mengisi realisasi {period}. Terima kasih!"
REMINDER_HOW = "Isi lewat chat pribadi dengan bot: /lapor"

BOT_JOINED = (
    "Halo! Saya mengingatkan tenggat laporan kinerja (realisasi bulanan, evaluasi Renja, "
    "Perjanjian Kinerja, LKjIP).\n"
    "Admin grup: ketik /pengingat untuk memilih tenggat dan unit yang diingatkan di grup ini "
    "(bawaan H-7, H-3, H-1 dan hari H pukul 08:00 WIB). Daftar tenggat: /tenggat."
)
CHAT_LOST_ADMINS = (
    "ℹ️ Saya tidak dapat lagi mengirim ke grup «{chat}» (<code>{chat_id}</code>): {reason}. "
    "{count} langganan pengingat di grup itu dihentikan. Tambahkan saya lagi dan jalankan "
    "/pengingat bila grup itu masih perlu diingatkan."
)
CHAT_LOST_REMOVED = "bot dikeluarkan dari grup"
