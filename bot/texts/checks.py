"""`lakip-bot check`: the contradictions the report prints (``lakip_model.checks``).

Plain text for the terminal. Each kind has a label and one line for each of its two figures;
the lines are formatted with these fields (not every line uses every field):
``first``/``second``: the figure as shown (Rupiah, percentage, text; blank: ``CHECK_BLANK``);
``first_quoted``/``second_quoted``: the same in «», but a blank unquoted;
``first_source``/``second_source``: the document it is printed in (``CHECK_SOURCES``);
``rows``: how many rows the second figure sums; ``difference``: first minus second (Rupiah);
``realized``/``pagu``: what a computed percentage is computed from; ``key``: the row's key.
"""

from __future__ import annotations

CHECK_HEADER = "Laporan {year}: {count} ketidaksesuaian tercetak di laporan.\n"
CHECK_ITEM = "{number}. [{label}] {row}\n   - {first}\n   - {second}"

CHECK_BLANK = "kosong"
CHECK_NOT_COMPUTABLE = "tidak dapat dihitung"

# The row, by the table it is listed in; a finance-table row by its level.
CHECK_ROW_FINANCE = "{level} {key} «{name}»"
CHECK_ROW_INDICATOR = "Indikator «{name}»"
CHECK_ROW_MEASUREMENT = "Sub kegiatan «{name}»"
CHECK_LEVELS: dict[str, str] = {
    "total": "Total",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub kegiatan",
}
CHECK_SOURCES: dict[str, str] = {
    "pk": "Perjanjian Kinerja",
    "renja": "Renja",
    "finance_table": "tabel keuangan",
    "measurement": "tabel pengukuran",
}

# kind -> (label, first figure's line, second figure's line)
CHECK_KINDS: dict[str, tuple[str, str, str]] = {
    "pagu_not_sum": (
        "pagu-bukan-jumlah",
        "pagu tercetak {first}",
        "jumlah {rows} baris di bawahnya {second} (selisih {difference})",
    ),
    "realized_not_sum": (
        "realisasi-bukan-jumlah",
        "realisasi tercetak {first}",
        "jumlah {rows} baris di bawahnya {second} (selisih {difference})",
    ),
    "percent_unreadable": (
        "persen-tak-terbaca",
        "capaian Rp tercetak «{first}»",
        "bukan persentase",
    ),
    "percent_differs": (
        "persen-berbeda",
        "capaian Rp tercetak «{first}»",
        "dihitung dari {realized} / {pagu} = {second}",
    ),
    "percent_without_sign": (
        "persen-tanpa-tanda",
        "capaian Rp tercetak «{first}» tanpa tanda %",
        "dibaca sebagai {second}",
    ),
    "row_not_printed": (
        "baris-tidak-tercetak",
        "baris ini tidak ada di tabel keuangan",
        "angkanya dijumlahkan dari baris di bawahnya: pagu {first}, realisasi {second}",
    ),
    "pagu_blank": (
        "pagu-kosong",
        "kolom pagu (Rp) kosong",
        "dijumlahkan dari baris di bawahnya: {second}",
    ),
    "realized_blank": (
        "realisasi-kosong",
        "kolom realisasi (Rp) kosong",
        "dijumlahkan dari baris di bawahnya: {second}",
    ),
    "realized_quantity_blank": (
        "realisasi-k-kosong",
        "target K «{first}»",
        "kolom realisasi K kosong",
    ),
    "indicator_target_differs": (
        "target-indikator-berbeda",
        "{first_source}: «{first}»",
        "{second_source}: «{second}»",
    ),
    "measurement_without_finance": (
        "pengukuran-tanpa-keuangan",
        "ada di tabel pengukuran",
        "tidak ditemukan di tabel keuangan",
    ),
    "target_differs_between_tables": (
        "target-berbeda-tabel",
        "tabel pengukuran: target «{first}»",
        "tabel keuangan ({key}): target K {second_quoted}",
    ),
    "realized_differs_between_tables": (
        "realisasi-berbeda-tabel",
        "tabel pengukuran: realisasi «{first}»",
        "tabel keuangan ({key}): realisasi K {second_quoted}",
    ),
}

# The drill-down's note beside a marked figure (the budget tree); fields as above, plus
# ``level`` (the row's level, lower case) and ``below`` (what its rows below are called).
CHECK_BELOW: dict[str, str] = {
    "": "rinciannya",
    "total": "programnya",
    "program": "kegiatannya",
    "kegiatan": "sub kegiatannya",
}
CHECK_NOTES: dict[str, str] = {
    "pagu_not_sum": (
        "Angka {level} di laporan tidak sama dengan jumlah {below}: pagu tercetak {first}, "
        "jumlah {rows} baris di bawahnya {second}."
    ),
    "realized_not_sum": (
        "Angka {level} di laporan tidak sama dengan jumlah {below}: realisasi tercetak "
        "{first}, jumlah {rows} baris di bawahnya {second}."
    ),
    "percent_differs": (
        "Capaian Rp tercetak di laporan «{first}», dihitung dari realisasi dan pagu: {second}."
    ),
    "percent_unreadable": "Capaian Rp tercetak di laporan «{first}» bukan persentase.",
}
