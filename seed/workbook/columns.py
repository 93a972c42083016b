"""The workbook format: its sheets and their columns, each with the explanation a filler reads.

One definition serves the export (headers and explanation rows), the template, the reader
(which column is which, what a cell must hold) and docs/workbook.md. Row 1 of a data sheet is
the header, row 2 explains each column, data starts on row 3. A change that old files cannot
be read with raises ``FORMAT_VERSION``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

FORMAT_NAME = "lakip-xlsx"
FORMAT_VERSION = 1
FIRST_DATA_ROW = 3
MAX_ROWS = 20_000  # all data sheets together; a DPA of a large agency has a few thousand
MAX_BYTES = 5 * 1024 * 1024  # a workbook of MAX_ROWS rows is well under 2 MB


class Kind(StrEnum):
    """What a cell holds, and so how it is read and checked."""

    TEXT = "text"
    RUPIAH = "rupiah"  # integer Rupiah, not negative
    INT = "int"  # a small whole number (month, quarter)
    BOOL = "bool"  # ya / tidak
    QUANTITY = "quantity"  # a figure with its unit, as printed ("25 org", "90,77 %")


@dataclass(frozen=True)
class Col:
    key: str  # the field name in seed.workbook.book
    header: str
    help: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 16


@dataclass(frozen=True)
class SheetSpec:
    name: str
    help: str
    columns: tuple[Col, ...]

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def explanations(self) -> list[str]:
        """Row 2: what each column holds, "(wajib)" where it must be filled."""
        return [(c.help + (" (wajib)" if c.required else "")).strip() for c in self.columns]


YES, NO = "ya", "tidak"
LEVELS = ("total", "program", "kegiatan", "sub_kegiatan")
POLARITY = {"naik": "higher", "turun": "lower"}  # cell word -> lakip_model.arithmetic.Polarity
DOCUMENTS = {"pk": "pk", "renja": "renja"}
SUBJECTS = ("anggaran", "indikator")

FORMAT_SHEET = "Format"
AGENCY = SheetSpec(
    "Lembaga",
    "Satu baris: lembaga pemilik data. Kode yang belum ada di bot membuat lembaga baru.",
    (
        Col("code", "Kode", "Kode singkat tanpa spasi, mis. dp3am-binjai", required=True, width=18),
        Col("name", "Nama", "Nama lengkap lembaga", required=True, width=50),
        Col("short_name", "Nama singkat", "Nama yang ditampilkan bot", required=True, width=20),
        Col("region", "Wilayah", "Kota/kabupaten", required=True, width=16),
        Col("legal_basis", "Dasar hukum", "Satu dasar hukum per baris dalam sel", width=40),
    ),
)
UNITS = SheetSpec(
    "Unit",
    "Unit kerja (Sekretariat, Bidang, ...) dengan tugas dan fungsinya.",
    (
        Col("code", "Kode", "Kode unit, unik, mis. bidang-pppa", required=True, width=18),
        Col(
            "kind",
            "Jenis",
            "kepala, sekretariat, bidang atau fungsional",
            required=True,
            choices=("kepala", "sekretariat", "bidang", "fungsional"),
        ),
        Col("name", "Nama", "Nama unit", required=True, width=40),
        Col("task", "Tugas", "Tugas pokok unit", width=40),
        Col("duties", "Fungsi", "Satu fungsi per baris dalam sel", width=40),
        Col("note", "Catatan", "Bebas", width=20),
    ),
)
BUDGET = SheetSpec(
    "Anggaran",
    "Pohon anggaran (DPA): program > kegiatan > sub kegiatan, satu baris per baris tabel.",
    (
        Col(
            "key",
            "Kunci",
            "Jalur unik bertitik: P1 (program), P1.K2 (kegiatan), P1.K2.S3 (sub kegiatan); "
            "TOTAL untuk baris Jumlah Keseluruhan",
            required=True,
            width=12,
        ),
        Col(
            "level",
            "Tingkat",
            "total, program, kegiatan atau sub_kegiatan (sesuai jumlah titik pada Kunci)",
            required=True,
            choices=LEVELS,
            width=12,
        ),
        Col("number", "Nomor", "Nomor/kode rekening seperti tercetak", width=12),
        Col("name", "Nama", "Nama program, kegiatan atau sub kegiatan", required=True, width=50),
        Col("indicator_text", "Indikator", "Indikator keluaran/hasil baris ini", width=40),
        Col(
            "indicator_key",
            "Kunci indikator",
            "Kunci di lembar Indikator bila baris ini melaporkan indikator kinerja",
            width=14,
        ),
        Col(
            "polarity",
            "Polaritas",
            "naik (semakin tinggi semakin baik) atau turun",
            choices=tuple(POLARITY),
            width=10,
        ),
        Col(
            "target_text",
            "Target (K)",
            "Target keluaran seperti tercetak, mis. 25 org",
            kind=Kind.QUANTITY,
            width=14,
        ),
        Col("target_unit", "Satuan", "Satuan target bila tidak ditulis di kolom Target", width=10),
        Col(
            "pagu",
            "Pagu (Rp)",
            "Rupiah bulat, tanpa titik atau dengan titik ribuan",
            kind=Kind.RUPIAH,
            width=18,
        ),
        Col("unit", "Unit", "Kode unit penanggung jawab (lembar Unit)", width=16),
        Col(
            "unit_inferred",
            "Unit disimpulkan",
            "ya bila unit tidak tercetak di laporan",
            kind=Kind.BOOL,
            width=10,
        ),
        Col("sasaran_no", "No sasaran", "Nomor sasaran strategis yang dilayani", width=8),
        Col("sasaran_text", "Sasaran", "Sasaran strategis yang dilayani", width=30),
        Col(
            "printed",
            "Tercetak",
            "tidak bila baris ini tidak ada di tabel laporan",
            kind=Kind.BOOL,
            width=10,
        ),
        Col(
            "printed_capaian_k", "Capaian K tercetak", "Capaian keluaran seperti tercetak", width=12
        ),
        Col(
            "printed_capaian_rp",
            "Capaian Rp tercetak",
            "Capaian anggaran seperti tercetak",
            width=12,
        ),
        Col("note", "Catatan", "Bebas", width=20),
    ),
)
INDICATORS = SheetSpec(
    "Indikator",
    "Indikator kinerja (IKU dan lainnya) dengan target triwulan (rencana aksi).",
    (
        Col("key", "Kunci", "Kunci unik indikator, mis. ipg", required=True, width=14),
        Col("name", "Nama", "Nama indikator", required=True, width=50),
        Col(
            "polarity",
            "Polaritas",
            "naik atau turun (mis. Rasio KDRT: turun)",
            choices=tuple(POLARITY),
            width=10,
        ),
        Col("iku", "IKU", "ya bila Indikator Kinerja Utama", kind=Kind.BOOL, width=6),
        Col(
            "measure",
            "Jenis ukuran",
            "persen, indeks, rasio atau jumlah",
            choices=("persen", "indeks", "rasio", "jumlah"),
            width=10,
        ),
        Col("measure_unit", "Satuan", "Satuan, mis. %, indeks, kasus", width=10),
        Col(
            "accumulation",
            "Akumulasi",
            "kumulatif (posisi akhir triwulan) atau per_triwulan",
            choices=("kumulatif", "per_triwulan"),
            width=12,
        ),
        Col("unit", "Unit", "Kode unit yang melaporkan", width=16),
        Col("tw1", "Target TW I", "Target triwulan I", kind=Kind.QUANTITY, width=10),
        Col("tw2", "Target TW II", "Target triwulan II", kind=Kind.QUANTITY, width=10),
        Col("tw3", "Target TW III", "Target triwulan III", kind=Kind.QUANTITY, width=10),
        Col("tw4", "Target TW IV", "Target triwulan IV", kind=Kind.QUANTITY, width=10),
    ),
)
TARGETS = SheetSpec(
    "Target Indikator",
    "Target tahunan indikator per dokumen (Perjanjian Kinerja, Renja) dan sasarannya; satu "
    "indikator bisa tercetak di kedua dokumen dengan target berbeda.",
    (
        Col(
            "indicator_key", "Kunci indikator", "Kunci di lembar Indikator", required=True, width=14
        ),
        Col(
            "document",
            "Dokumen",
            "pk (Perjanjian Kinerja) atau renja",
            required=True,
            choices=tuple(DOCUMENTS),
            width=8,
        ),
        Col(
            "objective_no",
            "No sasaran",
            "Nomor sasaran di dokumen itu",
            kind=Kind.INT,
            required=True,
            width=8,
        ),
        Col("objective", "Sasaran", "Sasaran strategis", required=True, width=40),
        Col(
            "printed_name",
            "Nama tercetak",
            "Nama indikator seperti tercetak di dokumen",
            required=True,
            width=40,
        ),
        Col(
            "target_text",
            "Target tahun",
            "Target tahun, mis. 90,77 atau 100 %",
            kind=Kind.QUANTITY,
            width=12,
        ),
        Col("note", "Catatan", "Bebas", width=20),
    ),
)
MEASUREMENT = SheetSpec(
    "Data Pengukuran",
    "Tabel pengukuran capaian kinerja (Bab III A) seperti tercetak.",
    (
        Col("program_no", "No program", "Nomor program", width=8),
        Col("program_name", "Program", "Nama program", required=True, width=30),
        Col("kegiatan_no", "No kegiatan", "Nomor kegiatan", width=8),
        Col("kegiatan_name", "Kegiatan", "Nama kegiatan", required=True, width=30),
        Col("sub_no", "No sub", "Nomor sub kegiatan", width=8),
        Col("sub_name", "Sub kegiatan", "Nama sub kegiatan", required=True, width=30),
        Col("indicator", "Indikator", "Indikator keluaran", required=True, width=30),
        Col("target_text", "Target", "Target seperti tercetak", kind=Kind.QUANTITY, width=10),
        Col(
            "realized_text", "Realisasi", "Realisasi seperti tercetak", kind=Kind.QUANTITY, width=10
        ),
        Col("printed_capaian", "Capaian tercetak", "Capaian seperti tercetak", width=10),
        Col("node_key", "Kunci anggaran", "Kunci baris di lembar Anggaran", width=12),
    ),
)
ENTRIES = SheetSpec(
    "Data Realisasi",
    "Realisasi yang disetujui (buku besar): satu baris per entri. Diimpor hanya untuk tahun "
    "baru; entri tahun yang sudah ada tidak pernah diubah.",
    (
        Col(
            "subject",
            "Subjek",
            "anggaran (baris Anggaran) atau indikator",
            required=True,
            choices=SUBJECTS,
            width=10,
        ),
        Col("key", "Kunci", "Kunci baris Anggaran atau kunci indikator", required=True, width=12),
        Col("month", "Bulan", "1–12; kosong untuk angka akhir tahun", kind=Kind.INT, width=6),
        Col(
            "quarter",
            "Triwulan",
            "1–4 untuk indikator; kosong untuk akhir tahun",
            kind=Kind.INT,
            width=8,
        ),
        Col(
            "quantity_text",
            "Kuantitas",
            "Realisasi keluaran s.d. periode, mis. 25 org",
            kind=Kind.QUANTITY,
            width=12,
        ),
        Col("amount", "Rupiah", "Realisasi anggaran periode itu", kind=Kind.RUPIAH, width=18),
        Col("source", "Sumber", "Asal angka, mis. laporan-kinerja-2022 atau telegram", width=20),
        Col("note", "Catatan", "Catatan entri", width=20),
        Col("causes", "Penyebab", "Faktor penghambat/pendorong", width=20),
    ),
)
DATA_SHEETS = (AGENCY, UNITS, BUDGET, INDICATORS, TARGETS, MEASUREMENT, ENTRIES)
# An agency's roles only: city roles (bappeda, inspektorat, walikota) are given by a super admin
# in /instansi and super admins come from LAKIP_ADMIN_IDS, never from a file.
USER_ROLES = ("admin", "pimpinan", "verifikator", "operator")
MAX_TELEGRAM_ID = 2**53 - 1
USERS = SheetSpec(
    "Pengguna",
    "Opsional: pengguna bot lembaga ini, dimuat bersama buku kerjanya. Hanya peran lembaga; "
    "peran kota dan super admin tidak lewat berkas. Lembar ini tidak ikut /ekspor.",
    (
        Col(
            "telegram_id",
            "ID Telegram",
            "Angka ID akun Telegram, mis. 123456789",
            kind=Kind.INT,
            required=True,
            width=14,
        ),
        Col("name", "Nama", "Nama yang ditampilkan bot", required=True, width=30),
        Col(
            "role",
            "Peran",
            "admin, pimpinan, verifikator atau operator",
            required=True,
            choices=USER_ROLES,
            width=12,
        ),
        Col("unit", "Kode unit", "Kode unit (lembar Unit) untuk operator", width=16),
    ),
)
# Sheets a file may leave out; read when present, written by the template (not by /ekspor).
OPTIONAL_SHEETS = (USERS,)
FORMAT_ROWS = (
    ("format", "Format berkas"),
    ("version", "Versi format"),
    ("year", "Tahun anggaran"),
    ("title", "Judul tahun"),
    ("source", "Sumber data"),
    ("closed", "Tahun ditutup"),
)
