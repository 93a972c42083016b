"""/impor and a workbook sent to the bot: the preview, the confirmation, the outcome."""

from __future__ import annotations

IMPORT_HOW = (
    "📥 <b>Impor Excel</b>\n"
    "Kirim berkas .xlsx format bot ke obrolan ini (maks. {mb} MB): hasil /ekspor, atau templat "
    "yang diisi DPA tahun baru. Bot menampilkan pratinjau dulu; tidak ada yang disimpan "
    "sebelum Anda menekan Simpan."
)
IMPORT_ADMIN_ONLY = "Hanya admin yang dapat mengimpor berkas Excel."
IMPORT_TOO_BIG = "Berkas terlalu besar ({size} MB); batasnya {mb} MB. Tidak ada yang diubah."
IMPORT_NOT_XLSX = "Berkas ini bukan .xlsx. Kirim buku kerja Excel format bot (lihat /impor)."
IMPORT_DOWNLOAD_FAILED = "Berkas tidak dapat diunduh dari Telegram. Silakan kirim lagi."
IMPORT_PREVIEW_TITLE = "📥 <b>Pratinjau impor</b> {file}"
IMPORT_TARGET = "Lembaga <b>{agency}</b>, tahun <b>{year}</b>: {mode}"
IMPORT_COUNTS = "Isi berkas: {counts}"
IMPORT_CHANGES = "Perubahan ({count}):"
IMPORT_NO_CHANGES = "Tidak ada perubahan terhadap data yang tersimpan."
IMPORT_NEW_ROWS = "Semua baris ditambahkan sebagai data baru."
IMPORT_PENDING_NOTE = (
    "Realisasi dari berkas dicatat sebagai entri yang menunggu verifikasi (bukan oleh Anda)."
)
IMPORT_IGNORED = "Tidak diimpor:"
IMPORT_MORE = "… dan {count} lainnya"
IMPORT_ASK = "Simpan ke basis data? Semua atau tidak sama sekali."
IMPORT_ERRORS = "❌ <b>Berkas tidak dapat diimpor</b> ({count} masalah); tidak ada yang diubah:"
IMPORT_DONE = "✅ Impor tersimpan: {mode}, lembaga {agency}, tahun {year}."
IMPORT_NEW_AGENCY_ADMIN = (
    "Instansi baru ini belum punya admin; angkat satu dengan "
    "<code>/instansi admin {agency} ID_TELEGRAM</code>. Sampai itu, permintaan /daftar untuk "
    "instansi ini dikirim ke super admin."
)
IMPORT_CANCELLED = "Impor dibatalkan; tidak ada yang diubah."
IMPORT_STALE = "Pratinjau ini sudah tidak berlaku. Kirim berkasnya lagi."
IMPORT_CHANGED = "Berkas berubah sejak pratinjau. Kirim berkasnya lagi."
IMPORT_TEMPLATE_CAPTION = "Templat kosong format bot LAKIP: isi, lalu kirim ke sini."
BUTTON_IMPORT_SAVE = "✅ Simpan"
BUTTON_IMPORT_CANCEL = "Batal"
BUTTON_IMPORT_TEMPLATE = "📄 Unduh templat"
