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
    "entry.quarter_invalid": "Triwulan harus I, II, III atau IV.",
    "entry.no_open_year": (
        "Belum ada tahun anggaran yang terbuka untuk laporan. Admin dapat membukanya dengan "
        "<code>lakip-bot years open {year}</code>."
    ),
    "entry.year_closed": "Tahun {year} sudah ditutup; tidak bisa menambah laporan.",
    "entry.month_invalid": "Bulan tidak valid.",
    "entry.month_future": (
        "{period} belum berjalan; laporan hanya untuk bulan ini atau sebelumnya."
    ),
    "entry.node_not_found": "Sub kegiatan tidak ditemukan.",
    "entry.not_your_unit": "Sub kegiatan ini bukan tanggung jawab unit Anda.",
    "entry.year_mismatch": "Periode tidak cocok dengan tahun sub kegiatan.",
    "entry.negative_amount": "Nilai Rupiah tidak boleh negatif.",
    "entry.negative_quantity": "Kuantitas tidak boleh negatif.",
    # the /lapor journey words this one with what changed (bot.views.entries.conflict_text)
    "entry.changed": (
        "Sementara Anda mengisi, laporan untuk sub kegiatan dan bulan ini berubah. "
        "Periksa lagi sebelum menyimpan."
    ),
    "entry.unconfirmed": "Ada peringatan yang belum dikonfirmasi.",
    "entry.nothing_to_undo": "Anda belum punya laporan yang bisa diurungkan.",
    "entry.already_withdrawn": "Laporan terakhir Anda sudah diurungkan.",
    "entry.already_rejected": (
        "Laporan terakhir Anda sudah ditolak verifikator; tidak perlu diurungkan."
    ),
    "entry.undo_too_late": (
        "Laporan terakhir Anda dikirim lebih dari {minutes} menit lalu; minta verifikator "
        "menolaknya atau kirim koreksi dengan /lapor."
    ),
    "review.not_found": "Entri tidak ditemukan.",
    "review.gone": "Entri ini sudah tidak ada.",
    "review.other_agency": "Entri ini bukan dari lembaga Anda.",
    "review.decided": "Entri ini sudah {status}.",
    "review.reason_missing": "Tuliskan alasan penolakan.",
    "number.negative": "Angka tidak boleh negatif: '{text}'.",
    "number.ambiguous_m": "'m' bisa berarti juta atau miliar: tulis 'jt' atau 'M'.",
    "number.unknown_unit": (
        "Satuan '{unit}' tidak dikenali. Pakai rb, jt, M atau T, contoh: 2,5 jt."
    ),
    "number.percent_here": "Tanda % tidak dipakai di sini: '{text}'. Contoh: 90,63.",
    "number.quantity_missing": "Kuantitas kosong. Ketik angkanya, mis. 5.",
    # --- deadlines and reminders (lakip_model/deadlines.py, reminders/) ----------------------
}

# --- recording: numbers refused with an example of what was expected ------------------------
# lakip_model.numbers raises ``number.<rule>.<kind>``; the example depends on the kind.
NUMBER_EXAMPLES = {
    "rupiah": "2.500.000 atau 2,5 jt",
    "decimal": "90,63 atau 97%",
    "plain": "90,63",
    "quantity": "25 orang atau 0,005",
}
_NUMBER_RULES = {
    "empty": "Isian kosong. Contoh: {example}.",
    "bad_format": "Format angka tidak dikenali: '{text}'. Contoh: {example}.",
    "bad_grouping": (
        "Format angka tidak dikenali: '{text}' (titik pemisah ribuan harus diikuti tepat 3 "
        "angka). Contoh: {example}."
    ),
    "bad_comma": (
        "Format angka tidak dikenali: '{text}' (koma desimal hanya boleh satu). "
        "Contoh: {example}."
    ),
    "not_a_number": "'{text}' bukan angka. Tulis dengan angka, contoh: {example}.",
    "several": "Tulis satu angka saja: '{text}'. Contoh: {example}.",
}
ERRORS.update(
    {
        f"number.{rule}.{kind}": template.replace("{example}", example)
        for rule, template in _NUMBER_RULES.items()
        for kind, example in NUMBER_EXAMPLES.items()
    }
)

# Said when a code has no sentence yet: a bug (logged), but the user still gets an answer.
UNWORDED = "Permintaan ini tidak dapat diproses."
