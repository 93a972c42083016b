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
