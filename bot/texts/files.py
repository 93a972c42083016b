"""The Excel workbook and the chart."""

from __future__ import annotations

XLSX_MEASUREMENT_SHEET = "Pengukuran Kinerja"
XLSX_FINANCE_SHEET = "Realisasi Anggaran"
XLSX_INDICATOR_SHEET = "Indikator Kinerja"
XLSX_MEASUREMENT_TITLE = "Tabel Pengukuran Capaian Kinerja Tahun {year}"
XLSX_FINANCE_TITLE = "Tabel Realisasi Pelaksanaan Program/Kegiatan Tahun {year}"
XLSX_INDICATOR_TITLE = "Capaian Indikator Kinerja Tahun {year}"
XLSX_MEASUREMENT_HEADERS = [
    "No",
    "Program / Kegiatan / Sub Kegiatan",
    "Indikator",
    "Target",
    "Realisasi",
    "Capaian (%)",
]
XLSX_FINANCE_HEADERS = [
    "Kode",
    "Tingkat",
    "Program / Kegiatan / Sub Kegiatan",
    "Indikator",
    "Target K",
    "Pagu (Rp)",
    "Realisasi K",
    "Realisasi (Rp)",
    "Capaian K (%)",
    "Serapan Rp (%)",
]
XLSX_INDICATOR_HEADERS = [
    "Indikator",
    "Sasaran",
    "Target",
    "Sumber target",
    "Realisasi",
    "Capaian (%)",
    "Kategori",
]
XLSX_TOTAL = "Jumlah Keseluruhan"
XLSX_GENERATED = "Dibuat {when} dari data terverifikasi. Angka kosong: tidak dicetak di laporan."

CHART_TITLE = "Pagu vs Realisasi per Program {year}"
CHART_PAGU = "Pagu"
CHART_REALIZED = "Realisasi"
CHART_AXIS = "Rupiah (juta)"
