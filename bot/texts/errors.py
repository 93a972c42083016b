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
    "agency.missing": "Belum ada data lembaga. Jalankan `lakip-bot seed` dahulu.",
    "user.already_registered": "Anda sudah terdaftar.",
    "user.not_found": "Pengguna tidak ditemukan.",
    "user.unit_required": "Operator harus punya unit kerja.",
    "user.last_admin": "Harus tetap ada setidaknya satu admin.",
    "unit.unknown": "Unit '{code}' tidak dikenal.",
    "registration.not_found": "Permintaan pendaftaran tidak ditemukan.",
    "registration.decided": "Permintaan ini sudah {status}.",
    "registration.role_missing": "Pilih peran pengguna.",
    "registration.no_admin": (
        "Belum ada admin yang bisa memeriksa permintaan Anda. "
        "Hubungi pengelola bot (LAKIP_ADMIN_IDS)."
    ),
    "year.no_data": "Belum ada data laporan di basis data.",
    "year.not_found": "Tidak ada data untuk tahun {year}. Tahun yang tersedia: {available}.",
    "year.exists": "Tahun {year} sudah ada.",
    # --- recording and verification (lakip_model/ledger.py, numbers.py) ----------------------
    # --- deadlines and reminders (lakip_model/deadlines.py, reminders/) ----------------------
}

# Said when a code has no sentence yet: a bug (logged), but the user still gets an answer.
UNWORDED = "Permintaan ini tidak dapat diproses."
