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
}

# Said when a code has no sentence yet: a bug (logged), but the user still gets an answer.
UNWORDED = "Permintaan ini tidak dapat diproses."
