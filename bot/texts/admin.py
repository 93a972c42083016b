"""Access, registration and user administration."""

from __future__ import annotations

from lakip_model.models import Role

ROLE_LABELS = {
    Role.ADMIN: "Admin",
    Role.PIMPINAN: "Pimpinan",
    Role.VERIFIKATOR: "Verifikator",
    Role.OPERATOR: "Operator",
    Role.BAPPEDA: "Bappeda",
    Role.INSPEKTORAT: "Inspektorat",
    Role.WALIKOTA: "Wali Kota",
}

NOT_REGISTERED = (
    "Anda belum terdaftar sebagai pengguna bot ini. Kirim /daftar untuk meminta akses; "
    "admin akan memeriksanya."
)
OTHER_AGENCY_HERE = (
    "Bot ini hanya melayani {agency}. Akun Anda terdaftar di instansi lain; gunakan bot "
    "instansi Anda."
)
ROLE_REFUSED = "Maaf, peran Anda tidak mengizinkan perintah ini."
PRIVATE_ONLY = "Perintah ini hanya di chat pribadi dengan bot, agar data Anda tidak tampil di grup."
REGISTER_SENT = "Permintaan pendaftaran terkirim ke admin. Anda akan diberi tahu hasilnya."
REGISTER_PENDING = "Permintaan Anda masih menunggu keputusan admin."
REGISTER_ALREADY = "Anda sudah terdaftar sebagai <b>{role}</b>{unit}."
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
USER_ROLES = "<b>{name}</b>: ubah peran (sekarang <b>{role}</b>)"
BUTTON_CURRENT_ROLE = "✅ {role} (sekarang)"
REGISTER_CHOOSE_AGENCY = (
    "Pilih instansi (OPD) tempat Anda bekerja; admin instansi itu memeriksa permintaan Anda."
)
REGISTER_AGENCY_NO_MATCH = "Tidak ada instansi yang cocok dengan «{word}». Pilih dari daftar:"
REGISTER_FOR_AGENCY = "Instansi: <b>{agency}</b>"
REGISTER_NO_AGENCY_ADMIN = (
    "Instansi ini belum punya admin, jadi permintaan ini dikirim ke super admin. "
    "Periksa instansinya; bila salah, pindahkan dahulu."
)
REGISTER_MOVE = "Pindahkan permintaan {name} ke instansi:"
REGISTER_MOVED = "Permintaan dipindahkan ke instansi {agency}."
BUTTON_MOVE_AGENCY = "🔀 Pindahkan instansi"
USERS_OF_AGENCY = "Instansi: <b>{agency}</b>"
USERS_PICK_AGENCY = "Pilih instansi yang penggunanya ingin Anda kelola:"
BUTTON_PICK_AGENCY = "🏢 Instansi lain"
# --- /instansi (super admins) ------------------------------------------------------------------
AGENCIES_SUPER_ONLY = (
    "Perintah ini hanya untuk super admin (pengelola bot, LAKIP_ADMIN_IDS). Admin instansi "
    "mengelola penggunanya dengan /pengguna."
)
AGENCIES_TITLE = "<b>Instansi</b> ({count})"
AGENCIES_LINE = "<b>{code}</b> — {short_name}: tahun {years}; {users} pengguna; admin: {admins}"
AGENCIES_NO_YEARS = "belum ada"
AGENCIES_NO_ADMIN = "<i>belum ada</i>"
AGENCIES_HOW = (
    "Angkat admin: <code>/instansi admin KODE ID_TELEGRAM</code>\n"
    "Peran kota: <code>/instansi kota ID_TELEGRAM bappeda|inspektorat|walikota</code>\n"
    "Instansi baru: kirim buku kerjanya ke obrolan ini (lihat /impor)."
)
AGENCIES_USAGE = "Perintah tidak dikenali. Yang bisa:\n" + AGENCIES_HOW
AGENCIES_BAD_ID = "ID Telegram harus berupa angka, misalnya <code>123456789</code>."
AGENCIES_BAD_ROLE = "Peran kota hanya: bappeda, inspektorat atau walikota."
AGENCY_DETAIL = (
    "<b>{name}</b>\nKode: <code>{code}</code> · {short_name}\nTahun: {years}\n"
    "Pengguna aktif: {users}\nPermintaan pendaftaran menunggu: {pending}\nAdmin: {admins}"
)
BUTTON_REMOVE_ADMIN = "🗑 Admin {name}"
AGENCY_ADMIN_REMOVE_CONFIRM = (
    "Hapus {name} sebagai admin {agency}? Aksesnya ke bot dinonaktifkan; entri yang pernah "
    "dikirimnya tetap tersimpan."
)
AGENCY_ADMIN_REMOVED = "{name} bukan lagi admin {agency}; aksesnya dinonaktifkan."
AGENCY_ADMIN_APPOINTED = "✅ {name} (<code>{telegram_id}</code>) sekarang admin <b>{agency}</b>."
AGENCY_ADMIN_TOLD = "Anda sekarang admin <b>{agency}</b> di bot LAKIP. Ketik /bantuan untuk mulai."
CITY_ROLE_GIVEN = (
    "✅ {name} (<code>{telegram_id}</code>) sekarang <b>{role}</b>: membaca semua instansi, "
    "tidak menulis entri."
)
CITY_ROLE_TOLD = (
    "Anda sekarang <b>{role}</b> di bot LAKIP: Anda dapat membaca data semua instansi. "
    "Ketik /bantuan untuk mulai."
)
BUTTON_ALL_AGENCIES = "⬅️ Semua instansi"
