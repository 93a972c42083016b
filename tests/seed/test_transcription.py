"""The YAML transcription, checked against the report's own text.

These tests read ``laporan-kinerja-2022.txt`` directly, so a figure mistyped in the seed files
(or one left out) fails here even if the fidelity tests were typed with the same mistake.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

from seed import schema
from seed.loader import DATA_DIR

# The report's text as the agency delivered it, kept in the repository so that this check runs
# everywhere (seed/sources/README.md).
REPORT = Path(__file__).resolve().parents[2] / "seed" / "sources" / "laporan-kinerja-2022.txt"
YEAR_DIR = DATA_DIR / "dp3am-binjai" / "2022"


def _report() -> str:
    return REPORT.read_text(encoding="utf-8")


def _section(start: str, end: str) -> str:
    text = _report()
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


def _rupiah_in(text: str) -> list[int]:
    """Every dotted amount of a million Rupiah or more (the finance table's money cells)."""
    return [int(m.replace(".", "")) for m in re.findall(r"\b\d{1,3}(?:\.\d{3}){2,}\b", text)]


def _finance() -> schema.FinanceFile:
    raw = yaml.safe_load((YEAR_DIR / "keuangan.yaml").read_text(encoding="utf-8"))
    return schema.FinanceFile.model_validate(raw)


def _rows(finance: schema.FinanceFile) -> Iterator[schema.FinanceRow]:
    for program in finance.programs:
        yield program
        for kegiatan in program.kegiatan:
            yield kegiatan
            yield from kegiatan.sub_kegiatan


def test_every_amount_of_the_finance_table_is_transcribed_once() -> None:
    printed = Counter(
        _rupiah_in(_section("Tabel realisasi pelaksanaan program/kegiatan", "BAB IV"))
    )
    finance = _finance()
    seeded: Counter[int] = Counter()
    for row in _rows(finance):
        seeded.update(a for a in (row.pagu, row.realisasi_rp) if a is not None)
    seeded.update(a for a in (finance.total.pagu, finance.total.realisasi_rp) if a is not None)
    assert seeded == printed


def test_every_printed_percentage_is_transcribed() -> None:
    table = _section("Tabel realisasi pelaksanaan program/kegiatan", "BAB IV")
    pattern = r"(?<![\d,.])\d{1,3},\d{2}%?(?!\d)"
    printed = Counter(re.findall(pattern, table))
    finance = _finance()
    seeded: Counter[str] = Counter()
    for row in _rows(finance):
        for cell in (row.capaian_rp, row.target_k, row.realisasi_k, row.capaian_k):
            if cell and re.fullmatch(pattern, cell):
                seeded[cell] += 1
    seeded[finance.total.capaian_rp or ""] += 1
    assert seeded == printed


def test_row_names_are_the_printed_names() -> None:
    flat = re.sub(r"\s+", " ", _report())
    for row in _rows(_finance()):
        if not row.printed:
            continue
        # a name broken by a page break is only whole at its start: check the first three words
        head = " ".join(row.name.split()[:3])
        assert head in flat, row.key


def test_measurement_rows_match_the_report() -> None:
    table = _section("Tabel Pengukuran capaian kinerja", "B. Analisis Capaian Kinerja")
    lines = [line.split("\t") for line in table.splitlines() if "\t" in line]
    printed = [
        tuple(c.strip() for c in cells[-3:])
        for cells in lines
        if len(cells) >= 5 and re.fullmatch(r"\d+\s?%", cells[-1].strip())
    ]
    raw = yaml.safe_load((YEAR_DIR / "pengukuran.yaml").read_text(encoding="utf-8"))
    measurement = schema.MeasurementFile.model_validate(raw)
    seeded = [
        (sub.target, sub.realisasi, sub.capaian)
        for program in measurement.programs
        for kegiatan in program.kegiatan
        for sub in kegiatan.sub_kegiatan
    ]
    assert seeded == printed
    assert len(seeded) == 14


def test_indicator_targets_of_both_tables() -> None:
    renja_text = _section("Tabel Rencana Kinerja Tahun 2022", "B. Perjanjian Kinerja")
    pk_text = _section("Tabel Perjanjian Kinerja", "BAB III")
    for name, text in (("renja.yaml", renja_text), ("perjanjian-kinerja.yaml", pk_text)):
        doc = schema.ObjectivesFile.model_validate(
            yaml.safe_load((YEAR_DIR / name).read_text(encoding="utf-8"))
        )
        for objective in doc.objectives:
            assert objective.name in text, objective.name
            for ind in objective.indicators:
                assert ind.name in text, ind.name
                assert ind.target is not None and ind.target in text, (ind.name, ind.target)


def _numbered(text: str) -> list[str]:
    return [m.strip() for m in re.findall(r"^\s*\d+\.\s+(.+)$", text, flags=re.MULTILINE)]


def test_bab4_lists_are_complete() -> None:
    text = _report()
    saran = text[text.index("4.2. Saran") :]
    hambatan = _section("hambatan-hambatan", "4.2. Saran")
    closing = schema.ClosingFile.model_validate(
        yaml.safe_load((YEAR_DIR / "bab4.yaml").read_text(encoding="utf-8"))
    )
    assert [o.text for o in closing.obstacles] == _numbered(hambatan)
    assert [r.text.rstrip(";") for r in closing.recommendations] == [
        t.rstrip(" ;") for t in _numbered(saran)
    ]
