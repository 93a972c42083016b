"""Checks of a workbook's rows against each other (before the database is asked): unique
codes and keys, every reference resolved, a sub-activity's kegiatan and program present."""

from __future__ import annotations

from collections.abc import Collection

from lakip_model.numbers import MAX_RUPIAH
from seed.workbook import columns as C
from seed.workbook.book import Book, Row
from seed.workbook.reader import Issue

DEPTH_LEVEL = {0: "program", 1: "kegiatan", 2: "sub_kegiatan"}
TOTAL_KEY = "TOTAL"


def parent_key(key: str) -> str:
    return key.rsplit(".", 1)[0] if "." in key else TOTAL_KEY


def _header(spec: C.SheetSpec, key: str) -> str:
    return next(c.header for c in spec.columns if c.key == key)


def _unique(book: Book, spec: C.SheetSpec, key: str, issues: list[Issue]) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for row in book.rows(spec):
        value = row.get(key)
        if value is None:
            continue
        if value in seen:
            issues.append(
                Issue(
                    spec.name,
                    row["_row"],
                    _header(spec, key),
                    f"{value} sudah dipakai di baris {seen[value]['_row']}",
                )
            )
        else:
            seen[value] = row
    return seen


def check_book(
    book: Book, known_units: Collection[str] = (), known_indicators: Collection[str] = ()
) -> list[Issue]:
    """Every problem between the rows; ``known_*``: what the agency (its year) has already."""
    issues: list[Issue] = []
    agencies = book.rows(C.AGENCY)
    if len(agencies) != 1:
        issues.append(
            Issue(C.AGENCY.name, None, None, f"harus tepat satu baris lembaga, ada {len(agencies)}")
        )
    units = set(_unique(book, C.UNITS, "code", issues)) | set(known_units)
    indicators = set(_unique(book, C.INDICATORS, "key", issues)) | set(known_indicators)
    nodes = _unique(book, C.BUDGET, "key", issues)

    def unit_ref(spec: C.SheetSpec, row: Row) -> None:
        if row.get("unit") and row["unit"] not in units:
            issues.append(
                Issue(
                    spec.name, row["_row"], "Unit", f"unit {row['unit']} tidak ada di lembar Unit"
                )
            )

    for row in book.rows(C.INDICATORS):
        unit_ref(C.INDICATORS, row)
    _unique(book, C.USERS, "telegram_id", issues)
    for row in book.rows(C.USERS):
        tid, role, n = row.get("telegram_id"), row.get("role"), row["_row"]
        if row.get("unit") and row["unit"] not in units:
            issues.append(
                Issue(C.USERS.name, n, "Kode unit", f"unit {row['unit']} tidak ada di lembar Unit")
            )
        if tid is not None and not 0 < tid <= C.MAX_TELEGRAM_ID:
            issues.append(Issue(C.USERS.name, n, "ID Telegram", "bukan ID Telegram"))
        if role == "operator" and not row.get("unit"):
            issues.append(Issue(C.USERS.name, n, "Kode unit", "operator wajib punya unit"))
        if role is not None and role != "operator" and row.get("unit"):
            issues.append(Issue(C.USERS.name, n, "Kode unit", "hanya operator yang punya unit"))
    totals = 0
    for row in book.rows(C.BUDGET):
        key, level, n = row.get("key"), row.get("level"), row["_row"]
        if key is None or level is None:
            continue
        if key == TOTAL_KEY or level == "total":
            totals += 1
            if key != TOTAL_KEY or level != "total":
                issues.append(
                    Issue(
                        C.BUDGET.name,
                        n,
                        "Tingkat",
                        "baris Jumlah Keseluruhan berkunci TOTAL dan bertingkat total",
                    )
                )
        else:
            parts = key.split(".")
            expected = DEPTH_LEVEL.get(len(parts) - 1)
            if any(not p.strip() for p in parts) or expected is None:
                issues.append(
                    Issue(C.BUDGET.name, n, "Kunci", f"{key}: tulis P1, P1.K1 atau P1.K1.S1")
                )
            elif level != expected:
                issues.append(
                    Issue(
                        C.BUDGET.name, n, "Tingkat", f"kunci {key} adalah {expected}, bukan {level}"
                    )
                )
            elif len(parts) > 1 and parent_key(key) not in nodes:
                above = DEPTH_LEVEL[len(parts) - 2]
                issues.append(
                    Issue(
                        C.BUDGET.name, n, "Kunci", f"{level} {key} tanpa {above} {parent_key(key)}"
                    )
                )
        if row.get("indicator_key") and row["indicator_key"] not in indicators:
            issues.append(
                Issue(
                    C.BUDGET.name,
                    n,
                    "Kunci indikator",
                    f"indikator {row['indicator_key']} tidak ada di lembar Indikator",
                )
            )
        if row.get("pagu") is not None and row["pagu"] > MAX_RUPIAH:
            issues.append(Issue(C.BUDGET.name, n, "Pagu (Rp)", "terlalu besar"))
        unit_ref(C.BUDGET, row)
    if totals > 1:
        issues.append(Issue(C.BUDGET.name, None, None, "lebih dari satu baris TOTAL"))
    for row in book.rows(C.TARGETS):
        if row.get("indicator_key") and row["indicator_key"] not in indicators:
            issues.append(
                Issue(
                    C.TARGETS.name,
                    row["_row"],
                    "Kunci indikator",
                    f"indikator {row['indicator_key']} tidak ada di lembar Indikator",
                )
            )
    for row in book.rows(C.MEASUREMENT):
        if row.get("node_key") and row["node_key"] not in nodes:
            issues.append(
                Issue(
                    C.MEASUREMENT.name,
                    row["_row"],
                    "Kunci anggaran",
                    f"baris {row['node_key']} tidak ada di lembar Anggaran",
                )
            )
    for row in book.rows(C.ENTRIES):
        n, key, subject = row["_row"], row.get("key"), row.get("subject")
        if subject == "anggaran":
            if key is not None and key not in nodes:
                issues.append(
                    Issue(C.ENTRIES.name, n, "Kunci", f"baris {key} tidak ada di lembar Anggaran")
                )
            if row.get("quarter") is not None:
                issues.append(
                    Issue(
                        C.ENTRIES.name,
                        n,
                        "Triwulan",
                        "realisasi anggaran dicatat per bulan; kosongkan",
                    )
                )
        elif subject == "indikator":
            if key is not None and key not in indicators:
                issues.append(
                    Issue(
                        C.ENTRIES.name, n, "Kunci", f"indikator {key} tidak ada di lembar Indikator"
                    )
                )
            if row.get("month") is not None:
                issues.append(
                    Issue(
                        C.ENTRIES.name,
                        n,
                        "Bulan",
                        "realisasi indikator dicatat per triwulan; kosongkan",
                    )
                )
        if row.get("month") is not None and not 1 <= row["month"] <= 12:
            issues.append(Issue(C.ENTRIES.name, n, "Bulan", "isi 1 sampai 12"))
        if row.get("quarter") is not None and not 1 <= row["quarter"] <= 4:
            issues.append(Issue(C.ENTRIES.name, n, "Triwulan", "isi 1 sampai 4"))
        if row.get("amount") is not None and row["amount"] > MAX_RUPIAH:
            issues.append(Issue(C.ENTRIES.name, n, "Rupiah", "terlalu besar"))
    return issues
