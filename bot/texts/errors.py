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
    "year.closed": "Tahun {year} sudah ditutup.",
    "year.out_of_range": "Tahun {year} tidak dapat dipakai: pilih tahun {first}–{last}.",
    "year.other_agency": "Tahun itu bukan milik lembaga Anda.",
    "import.other_agency": (
        "Berkas ini untuk lembaga «{agency}», bukan lembaga Anda; tidak ada yang diubah. "
        "Lembaga baru ditambahkan oleh super admin (/impor) atau pengelola server "
        "(lakip-bot import)."
    ),
    "user.other_agency": "Pengguna ini bukan dari lembaga Anda; Anda tidak dapat mengubahnya.",
    "user.not_super_admin": (
        "Hanya super admin (pengelola bot, LAKIP_ADMIN_IDS) yang dapat melakukan ini."
    ),
    "user.city_role_refused": (
        "Peran kota (Bappeda, Inspektorat, Wali Kota) hanya diberikan oleh super admin."
    ),
    "user.city_role_unknown": "Peran kota hanya: bappeda, inspektorat atau walikota.",
    "user.super_admin_config": (
        "Pengguna ini super admin dari konfigurasi (LAKIP_ADMIN_IDS); ubah konfigurasinya dulu."
    ),
    "user.already_admin": "Pengguna ini sudah admin {agency}.",
    "agency.not_yours": (
        "Ini bukan instansi Anda; hanya super admin yang dapat mengelola instansi lain."
    ),
    "agency.unknown": "Instansi «{agency}» tidak dikenal. Lihat kodenya di /instansi.",
    "registration.other_agency": (
        "Permintaan ini untuk instansi lain; hanya admin instansinya yang dapat memutuskan."
    ),
    # --- recording and verification (lakip_model/ledger.py, numbers.py) ----------------------
    "entry.quarter_invalid": "Triwulan harus I, II, III atau IV.",
    "entry.no_open_year": (
        "Belum ada tahun anggaran yang terbuka untuk laporan. Tahun {year} dapat dibuka oleh "
        "admin lembaga Anda: {admins}. Mintalah mereka membukanya, lalu kirim /lapor lagi."
    ),
    "entry.no_open_year_admin": (
        "Belum ada tahun anggaran yang terbuka untuk laporan. Sebagai admin, Anda dapat "
        "membukanya: <code>/tahun buka {year}</code>."
    ),
    "entry.no_open_year_no_admin": (
        "Belum ada tahun anggaran yang terbuka untuk laporan, dan lembaga Anda belum punya "
        "admin yang dapat membukanya. Hubungi pengelola bot."
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
    "number.too_large": (
        "Nilai terlalu besar: '{text}'. Satu laporan paling banyak {maximum} ({words}); "
        "periksa jumlah nolnya."
    ),
    "entry.amount_too_large": "Nilai Rupiah terlalu besar: satu laporan paling banyak {maximum}.",
    "entry.amount_needs_admin": (
        "Realisasi tahun ini akan lebih dari {factor}× pagu {pagu}. Angka sebesar ini hanya "
        "dapat dikonfirmasi atau dicatat oleh admin."
    ),
    "entry.undo_decided": (
        "Entri #{entry} ({node}, {period}) sudah disetujui verifikator, jadi tidak bisa "
        "diurungkan. Untuk membetulkannya, kirim koreksi: /lapor {node}, pilih {period}, lalu "
        "Ganti (koreksi); koreksi itu diverifikasi lagi."
    ),
    "review.own_entry": (
        "Entri #{entry} Anda kirim sendiri, jadi tidak bisa Anda setujui atau tolak (empat mata). "
        "Yang dapat memutuskannya: {others}."
    ),
    "review.own_entry_alone": (
        "Entri #{entry} Anda kirim sendiri, jadi tidak bisa Anda setujui atau tolak (empat mata), "
        "dan belum ada verifikator atau admin lain. Tunjuk verifikator lewat /pengguna."
    ),
    "number.rupiah_fraction": (
        "Rupiah dicatat bulat, tanpa sen: '{text}' tidak bisa disimpan apa adanya. "
        "Ketik jumlah Rupiah bulat, mis. {whole}."
    ),
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
    "digest.norm_invalid": (
        "Norma serapan «{value}» tidak sah: isi empat persen kumulatif, misalnya 25,50,75,100."
    ),
    "deadline.indicators_quarterly": (
        "Daftar indikator yang belum lapor hanya untuk tenggat triwulan."
    ),
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
    # --- quarterly indicators (lakip_model/indicators.py, indicator_ledger.py) ---------------
    "indicator.not_found": "Indikator tidak ditemukan (tombol lama?).",
    "indicator.year_not_found": "Tahun indikator ini tidak ditemukan.",
    "indicator.not_your_unit": "Indikator ini bukan tanggung jawab unit Anda.",
    "indicator.quarter_invalid": "Triwulan harus TW I, II, III atau IV.",
    "indicator.quarter_not_open": (
        "TW {quarter} {year} belum berjalan; laporan hanya untuk triwulan yang sudah dimulai."
    ),
    "indicator.range_invalid": (
        "Rentang '{text}' tidak valid: tulis angka kecil lalu besar, contoh 70-80."
    ),
    "indicator.plan_empty": "Belum ada target triwulan yang diisi.",
    "indicator.unit_mismatch": (
        "Satuan '{unit}' tidak sesuai dengan satuan indikator ({expected}). "
        "Tulis angkanya saja atau dengan satuan {expected}."
    ),
    "indicator.percent_too_large": "Persentase '{text}' terlalu besar: periksa lagi angkanya.",
    "indicator.figure_missing": "Angka realisasi belum diisi.",
    "indicator.changed": (
        "Sementara Anda mengisi, angka indikator ini untuk triwulan itu berubah. Periksa lagi."
    ),
    # --- who has not reported (lakip_model/reminders/outstanding.py, numbers.py) -------------
    "missing.role_refused": (
        "/belumlapor untuk pimpinan, verifikator dan admin. Entri Anda sendiri: /riwayat."
    ),
    "missing.month_future": "{period} belum berjalan; belum ada laporan yang ditunggu.",
    # --- the city's views (lakip_model/city.py) ----------------------------------------------
    "city.role_refused": (
        "Perintah ini untuk Bappeda, Inspektorat, Wali Kota dan super admin. "
        "Data OPD Anda sendiri: /ringkasan."
    ),
    "month.unknown": ("Bulan «{value}» tidak dikenali. Contoh: maret, 3, 2026-03 atau bulan lalu."),
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
        "Format angka tidak dikenali: '{text}' (koma desimal hanya boleh satu). Contoh: {example}."
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
