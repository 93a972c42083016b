"""Every sentence the bot says, in Bahasa Indonesia, kept together for review and translation.

One module per area (this one: the bot as a whole and the status views); the package re-exports
every name, so callers write ``texts.NAME``. Templates use ``str.format`` fields; values are
escaped by the caller (``bot.views``) before they are put in, since replies are sent as HTML.
Domain refusals are worded in :mod:`bot.texts.errors`, by their code.
"""

from __future__ import annotations

BOT_DESCRIPTION = "Status kinerja dan anggaran DP3AM Kota Binjai"

# Command menu (setMyCommands): the line under each command, in bot/commands.py order.
MENU: dict[str, str] = {
    "ringkasan": "Ringkasan anggaran dan capaian",
    "anggaran": "Realisasi anggaran per program",
    "capaian": "Capaian semua indikator",
    "dibawahtarget": "Indikator dan keluaran di bawah target",
    "cari": "Cari program, kegiatan, indikator",
    "grafik": "Grafik pagu vs realisasi",
    "ekspor": "Unduh tabel Bab III (Excel)",
    "laporan": "Draf LKjIP tahunan (Word)",
    "lapor": "Lapor realisasi (operator)",
    "rencanaaksi": "Isi target triwulan indikator (rencana aksi)",
    "riwayat": "Riwayat entri realisasi",
    "urungkan": "Urungkan entri terakhir (belum diverifikasi)",
    "verifikasi": "Entri menunggu verifikasi",
    "tenggat": "Tenggat laporan terdekat",
    "pengingat": "Atur pengingat tenggat di grup (admin grup)",
    "daftar": "Minta akses ke bot",
    "pengguna": "Kelola pengguna (admin)",
    "instansi": "Kelola instansi, admin dan peran kota (super admin)",
    "bantuan": "Petunjuk penggunaan",
    "belumlapor": "Siapa yang belum lapor realisasi",
    "langganan": "Ringkasan triwulan lewat chat pribadi",
    "tahun": "Buka atau tutup tahun anggaran (admin)",
    "impor": "Impor buku kerja Excel: DPA, lembaga baru (admin)",
    "peringkat": "Peringkat OPD: serapan dan capaian IKU (kota)",
    "opd": "Buka data OPD lain (kota)",
}

START = (
    "Selamat datang di <b>Bot LAKIP {agency}</b>.\n"
    "Bot ini menampilkan realisasi anggaran dan capaian kinerja dari data resmi "
    "(Laporan Kinerja dan entri yang sudah diverifikasi).\n\n"
    "{help}"
)
# /start and /bantuan: the commands this user may use now (bot/commands.py decides which), each
# with its line here; a command without one is listed with its menu line.
HELP_TITLE = "<b>Yang dapat Anda lakukan</b>"
HELP_TITLE_GROUP = "<b>Perintah di grup</b>"
HELP_LINES: dict[str, str] = {
    "ringkasan": "/ringkasan — ringkasan satu layar",
    "anggaran": (
        "/anggaran [kata] [tw1–tw4] [tahun] — realisasi per program (atau per triwulan), "
        "ketuk untuk rinci"
    ),
    "capaian": "/capaian [tahun] [tw1–tw4] — target, realisasi dan capaian indikator",
    "dibawahtarget": "/dibawahtarget — yang belum mencapai target",
    "cari": "/cari kata — cari program, kegiatan, sub kegiatan, indikator",
    "grafik": "/grafik — grafik pagu vs realisasi per program",
    "ekspor": "/ekspor [tahun] [tw] — berkas Excel: tabel Bab III, evaluasi Renja, data",
    "lapor": "/lapor — lapor realisasi sub kegiatan atau indikator kinerja{unit_of}",
    "rencanaaksi": "/rencanaaksi [tahun] — isi target TW I–IV indikator (rencana aksi)",
    "riwayat": "/riwayat [kata] — riwayat entri",
    "urungkan": "/urungkan — tarik entri terakhir (15 menit, selama belum diverifikasi)",
    "verifikasi": "/verifikasi — entri yang menunggu keputusan",
    "tenggat": "/tenggat — tenggat laporan terdekat",
    "pengingat": "/pengingat — atur pengingat tenggat di grup ini (admin grup)",
    "daftar": "/daftar — minta akses ke data bot ini",
    "pengguna": "/pengguna — kelola pengguna dan pendaftaran",
    "instansi": "/instansi — kelola instansi, admin tiap instansi dan peran kota",
    "bantuan": "/bantuan — petunjuk ini",
    "langganan": "/langganan — ringkasan triwulan (serapan, capaian, yang belum lapor)",
    "peringkat": "/peringkat [tahun] [tw1–tw4] — peringkat OPD: serapan anggaran, capaian IKU",
    "opd": (
        "/opd [nama] — buka OPD lain; perintah baca menerima kodenya, contoh "
        "<code>/ringkasan kode-opd 2022</code>; <code>/opd kembali</code> ke OPD Anda"
    ),
}
HELP_DAFTAR_READER = "/daftar — minta peran untuk melapor atau memverifikasi realisasi"
HELP_UNIT_OF = " unit Anda"
HELP_YEAR = (
    "Tahun bawaan: tahun terakhir yang berisi angka ({year}). Contoh: "
    "<code>/anggaran 2022</code>, <code>/anggaran perlindungan</code>."
)
HELP_ASK = (
    "Boleh juga bertanya biasa, contoh: <i>brp serapan anggaran 2022</i>, "
    "<i>program apa yg paling rendah</i>."
)
HELP_ASK_GROUP = "Sebut atau balas bot ini untuk bertanya biasa, contoh: <i>brp serapan 2022</i>."
HELP_ROLE = "Peran Anda: <b>{role}</b>{unit}"
HELP_STRANGER = "Anda belum terdaftar; data bot ini hanya untuk pengguna terdaftar."
HELP_OPEN_READER = "Anda dapat membaca semua data tanpa mendaftar."

UNKNOWN_COMMAND = "Perintah {command} tidak dikenal. Ketik /bantuan untuk daftar perintah."
NOT_A_COMMAND = "Maaf, saya hanya memahami perintah. Ketik /bantuan untuk daftar perintah."
UNSUPPORTED_MESSAGE = "Maaf, pesan jenis ini tidak dapat saya proses. Ketik /bantuan."
ERROR = "Maaf, terjadi kesalahan saat memproses permintaan. Silakan coba lagi sebentar lagi."
STALE_BUTTON = "Tombol ini sudah tidak berlaku. Silakan kirim perintahnya lagi."
NOTHING_TO_CANCEL = "Tidak ada isian yang sedang berjalan. Ketik /bantuan untuk daftar perintah."
FLOOD_NOTICE = "Terlalu banyak pesan; tunggu sebentar."
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
YEAR_EMPTY_COPIED = (
    "<i>{year}: pagu disalin dari {template}, belum ada realisasi terverifikasi.</i>"
)
YEAR_EMPTY = "<i>{year}: belum ada realisasi terverifikasi.</i>"
SUMMARY_NO_DATA = "Capaian {count} indikator belum dapat dihitung: belum ada realisasi."
SUMMARY_BELOW_UNKNOWN = (
    "Tidak ada yang tercatat di bawah target, tetapi belum semua terukur: "
    "{indicators} indikator dan {outputs} keluaran belum ada realisasinya."
)
QUARTER_YEAR_END_ONLY = (
    "Laporan {year} hanya memuat angka akhir tahun, tidak per triwulan. "
    "Ketik <code>/anggaran {year}</code> untuk angka setahun."
)
LABEL_NOT_REPORTED = "tidak dilaporkan di LAKIP {year}"
LABEL_TOTAL = "Jumlah Keseluruhan"
BUTTON_BACK_TO_RESULTS = "⬅️ Hasil pencarian"

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

# The areas: re-exported so that ``texts.NAME`` finds every sentence.
from bot.texts.admin import *  # noqa: E402, F403
from bot.texts.checks import *  # noqa: E402, F403
from bot.texts.city import *  # noqa: E402, F403
from bot.texts.digest import *  # noqa: E402, F403
from bot.texts.entries import *  # noqa: E402, F403
from bot.texts.files import *  # noqa: E402, F403
from bot.texts.indicators import *  # noqa: E402, F403
from bot.texts.missing import *  # noqa: E402, F403
from bot.texts.reminders import *  # noqa: E402, F403
from bot.texts.years import *  # noqa: E402, F403
