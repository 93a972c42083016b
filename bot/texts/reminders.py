"""Deadlines (/tenggat), reminder settings (/pengingat) and the reminders themselves."""

from __future__ import annotations

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
DEADLINE_LAST_DAY = "akhir bulan"
SHIFT_LABELS = {
    "previous_working_day": "mundur ke hari kerja sebelumnya",
    "next_working_day": "maju ke hari kerja berikutnya",
    "none": "tetap (tidak digeser)",
}
# How a rule's due date reads ("tanggal 10 bulan berikutnya", "31 Maret tahun berikutnya").
RULE_DAY = "tanggal {day}"
RULE_LAST_DAY = "hari terakhir"
RULE_MONTHLY_AFTER = {0: "bulan yang sama", 1: "bulan berikutnya"}
RULE_MONTHLY_LATER = "{months} bulan kemudian"
RULE_QUARTERLY_AFTER = {0: "bulan terakhir triwulan", 1: "bulan setelah triwulan berakhir"}
RULE_QUARTERLY_LATER = "{months} bulan setelah triwulan berakhir"
RULE_YEARLY_DAY = "{day} {month}"
RULE_YEARLY_LAST_DAY = "hari terakhir {month}"
RULE_YEARLY_AFTER = {0: "tahun berjalan", 1: "tahun berikutnya"}
RULE_YEARLY_LATER = "{years} tahun kemudian"
RULE_WHEN = "{day} {after}"
# Days until a deadline.
DAYS_LEFT_TODAY = "hari ini"
DAYS_LEFT_TOMORROW = "besok"
DAYS_LEFT = "{days} hari lagi"
DAYS_LATE = "terlambat {days} hari"
# Lead days: "H-7, H-3, H-1, H" (the day itself is "H"); presets on buttons: "H-7,3,1,0".
LEAD_DAY = "H-{days}"
LEAD_THE_DAY = "H"
LEAD_PRESET = "H-{days}"
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
REMINDERS_REGISTER_FIRST = (
    "Bot ini melayani beberapa perangkat daerah, jadi pengingat grup ini harus diatur oleh admin "
    "grup yang sudah terdaftar di bot (pengingatnya untuk perangkat daerahnya). Daftar dulu "
    "lewat /daftar di chat pribadi dengan saya."
)
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
REMINDER_IKU = "{name} (IKU)"
DEADLINES_INDICATORS = (
    "\n  Tanpa realisasi: <b>{count}</b> dari {total} indikator kinerja (/capaian)"
)
DEADLINES_INDICATORS_DONE = "\n  ✅ Semua {total} indikator kinerja sudah lapor"
REMINDER_NO_INDICATORS = "Belum ada indikator kinerja unit ini untuk tahun {year}."
REMINDER_INDICATORS_MISSING = (
    "Belum ada realisasi {period} untuk <b>{count}</b> dari {total} indikator kinerja:"
)
REMINDER_INDICATORS_DONE = (
    "✅ Semua {total} indikator kinerja sudah dilaporkan untuk {period}. Terima kasih!"
)
REMINDER_UNPLANNED = "📝 Rencana aksi belum diisi (target per triwulan) untuk {count} indikator:"

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
REMINDER_FAILED_ADMINS = (
    "⚠️ Pengingat «{name}» ({period}, {lead}) tidak dapat dikirim ke grup «{chat}» "
    "(<code>{chat_id}</code>): {reason}. Pengingat ini tidak akan dicoba lagi; periksa grup itu "
    "dan langganannya (/pengingat)."
)

# /pengingat in a private chat, for a bot admin: what each group's next reminder will say
PREVIEW_TITLE = "🔔 <b>Grup dengan pengingat</b>"
PREVIEW_ITEM = "• {chat} — {count} tenggat"
PREVIEW_NONE = "Belum ada grup yang berlangganan pengingat."
PREVIEW_HOW = (
    "Ketuk grup untuk melihat isi pengingat berikutnya. Pengaturan: /pengingat di grup itu."
)
PREVIEW_HEAD = (
    "👁 <b>Pratinjau untuk «{chat}»</b>\n"
    "Dikirim {when}. Daftar yang belum lapor dihitung lagi saat dikirim.\n"
    "──────────"
)
PREVIEW_NOTHING = "Tidak ada pengingat terjadwal untuk «{chat}» dalam setahun ke depan."
BUTTON_PREVIEW_BACK = "⬅️ Daftar grup"
