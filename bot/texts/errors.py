"""Domain refusals worded for the user: one sentence per ``lakip_model.errors`` code.

Each template is formatted with the error's ``data`` (already escaped by ``bot.errors``). The
areas keep their own blocks so that each is reviewed beside the rule that raises it.
"""

from __future__ import annotations

ERRORS: dict[str, str] = {
    # --- anyone ------------------------------------------------------------------------------
    "user.not_registered": "Anda belum terdaftar. Kirim /daftar untuk mendaftar.",
    "user.role_refused": "Maaf, peran Anda tidak mengizinkan tindakan ini.",
    # --- users, registration, years (lakip_model/users.py, years.py, queries.py) -------------
    # --- recording and verification (lakip_model/ledger.py, numbers.py) ----------------------
    # --- deadlines and reminders (lakip_model/deadlines.py, reminders/) ----------------------
    "reminder.no_agency": "Belum ada data lembaga. Jalankan `lakip-bot seed` dahulu.",
    "reminder.unknown_unit": "Unit tidak dikenal.",
    "reminder.no_delivery": "Catatan pengiriman {delivery} tidak ada.",
    "reminder.pick_rule_first": "Pilih tenggat dulu, lalu atur waktunya.",
    "deadline.admin_only": "Hanya admin bot yang dapat mengubah tenggat.",
    "deadline.unknown_rule": "Tenggat '{code}' tidak dikenal.",
    "deadline.not_editable": "Kolom {fields} tidak dapat diubah.",
    "deadline.shift_unknown": (
        "Pergeseran '{value}' tidak dikenal: pakai 'sebelumnya' (hari kerja sebelumnya), "
        "'berikutnya' (hari kerja berikutnya) atau 'tetap'."
    ),
    "deadline.weekend_invalid": "Hari akhir pekan harus angka 0 (Senin) sampai 6 (Minggu).",
    "deadline.weekend_all": "Setiap hari akhir pekan: tidak ada hari kerja.",
    "deadline.no_working_day": (
        "Tidak ada hari kerja dalam {days} hari: periksa tabel hari libur."
    ),
    "deadline.cadence_unknown": (
        "Jenis periode '{value}' tidak dikenal: pakai monthly, quarterly atau yearly."
    ),
    "deadline.code_invalid": (
        "Kode tenggat '{code}' tidak sah: pakai huruf kecil, angka dan tanda -."
    ),
    "deadline.name_empty": "Nama tenggat tidak boleh kosong.",
    "deadline.day_out_of_range": (
        "Tanggal {day} tidak sah: isi 1 sampai 31, atau 'akhir' untuk hari terakhir bulan."
    ),
    "deadline.yearly_needs_month": "Tenggat tahunan perlu bulan jatuh tempo 1 sampai 12.",
    "deadline.year_offset": "Selisih tahun harus 0 sampai 5.",
    "deadline.month_not_yearly": "Bulan jatuh tempo hanya untuk tenggat tahunan.",
    "deadline.months_after": "Jarak bulan setelah periode harus 0 sampai 24.",
    "deadline.period_mismatch": "Periode '{period}' tidak cocok dengan tenggat '{code}'.",
    "deadline.lead_negative": "Hari pengingat tidak boleh negatif: '{value}'.",
    "deadline.lead_too_far": (
        "Hari pengingat paling banyak {days} hari sebelum tenggat: '{value}'."
    ),
    "deadline.leads_empty": "Isian kosong. Contoh: 7,3,1,0 (H-7, H-3, H-1 dan hari H).",
    "deadline.lead_not_days": (
        "'{value}' bukan jumlah hari. Contoh: 7,3,1,0 atau H-7, H-3, H-1, H."
    ),
    "deadline.time_empty": "Isian jam kosong. Contoh: 08:00.",
    "deadline.time_format": "Format jam tidak dikenali: '{value}'. Contoh: 08:00.",
    "deadline.time_impossible": "Jam tidak ada: '{value}'. Pakai 00:00 sampai 23:59.",
    "deadline.day_text": (
        "Tanggal tidak sah: '{value}'. Isi 1 sampai 31, atau 'akhir' untuk hari terakhir bulan."
    ),
    "deadline.holiday_line": (
        "Baris {line}: tanggal '{value}' tidak dikenali. Contoh: 2024-03-29 Wafat Isa Almasih."
    ),
}

# Said when a code has no sentence yet: a bug (logged), but the user still gets an answer.
UNWORDED = "Permintaan ini tidak dapat diproses."
