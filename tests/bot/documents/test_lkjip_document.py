"""The LKjIP draft of 2022, opened with python-docx: every table cell by cell against the seed
transcription, the finance table's Rupiah against the report text itself, the layout (landscape
where the report is), the analysis sentences' figures and the appendix of contradictions."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from sqlalchemy import Engine
from sqlmodel import Session

from bot.documents import lkjip as document
from lakip_model.checks import find_contradictions
from lakip_model.queries import resolve_year
from seed import schema
from seed.loader import DATA_DIR

YEAR_DIR = DATA_DIR / "dp3am-binjai" / "2022"
REPORT = Path(__file__).resolve().parents[3] / "seed" / "sources" / "laporan-kinerja-2022.txt"
MARK = " †"


def _seed(name: str, model: type[Any]) -> Any:
    return model.model_validate(yaml.safe_load((YEAR_DIR / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def docx_file(seeded_engine: Engine) -> bytes:
    with Session(seeded_engine) as session:
        data = document.report_data(session, resolve_year(session, 2022))
    return document.docx_bytes(data, date(2026, 5, 15))


@pytest.fixture(scope="module")
def doc(docx_file: bytes) -> DocxDocument:
    return Document(io.BytesIO(docx_file))


def rows_of(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table(doc: DocxDocument, first_headers: list[str]) -> list[list[str]]:
    """The table whose header row starts with ``first_headers``, header row excluded."""
    found = [t for t in doc.tables if rows_of(t)[0][: len(first_headers)] == first_headers]
    assert len(found) == 1, first_headers
    return rows_of(found[0])[1:]


def finance_rows(finance: schema.FinanceFile) -> Iterator[schema.FinanceRow]:
    for program in finance.programs:
        yield program
        for kegiatan in program.kegiatan:
            yield kegiatan
            yield from kegiatan.sub_kegiatan


def rp(amount: int | None) -> str:
    """Typed here, not with the bot's formatter: digits grouped by dots."""
    return "" if amount is None else f"{amount:,}".replace(",", ".")


def test_finance_table_equals_the_transcription_cell_by_cell(doc: DocxDocument) -> None:
    finance = _seed("keuangan.yaml", schema.FinanceFile)
    rows = table(doc, ["NO", "SASARAN STRATEGIS", "NO", "PROGRAM/ KEGIATAN/ SUB KEGIATAN"])
    expected = [
        [
            row.sasaran.number or "" if row.sasaran else "",
            row.sasaran.text if row.sasaran else "",
            row.number or "",
            row.name,
            row.indicator or "",
            row.target_k or "",
            rp(row.pagu),
            row.realisasi_k or "",
            rp(row.realisasi_rp),
            row.capaian_k or "",
            row.capaian_rp or "",
        ]
        for row in finance_rows(finance)
    ]
    total = finance.total
    expected.append(
        [
            "",
            "",
            "",
            "Jumlah Keseluruhan",
            "",
            "",
            rp(total.pagu),
            "",
            rp(total.realisasi_rp),
            "",
            total.capaian_rp or "",
        ]
    )
    shown = [[*r[:3], r[3].removesuffix(MARK), *r[4:]] for r in rows]
    assert len(shown) == len(expected) == 53
    for got, want in zip(shown, expected, strict=True):
        assert got == want


def test_finance_rupiah_equal_the_report_text(doc: DocxDocument) -> None:
    """Every Rupiah of the printed finance table (pagu and realization of 49 rows and the
    total) is in the draft's finance table as often as in the report, and nothing else."""
    text = REPORT.read_text(encoding="utf-8")
    begin = text.index("Tabel realisasi pelaksanaan program/kegiatan Tahun 2022")
    section = text[begin : text.index("BAB IV", begin)]
    pattern = r"(?<![\d.])\d{1,3}(?:\.\d{3}){2,}(?![\d.])"
    printed = Counter(re.findall(pattern, section))
    rows = table(doc, ["NO", "SASARAN STRATEGIS", "NO", "PROGRAM/ KEGIATAN/ SUB KEGIATAN"])
    shown = Counter(cell for row in rows for cell in (row[6], row[8]) if cell)
    assert sum(printed.values()) == 100
    assert shown == printed


def test_contradicted_rows_are_marked_and_listed_in_the_appendix(
    doc: DocxDocument, seeded_engine: Engine
) -> None:
    with Session(seeded_engine) as session:
        found = find_contradictions(session, resolve_year(session, 2022))
    names = {c.row.name for c in found if c.row.node_id is not None and c.row.table == "finance"}
    rows = table(doc, ["NO", "SASARAN STRATEGIS", "NO", "PROGRAM/ KEGIATAN/ SUB KEGIATAN"])
    marked = {r[3].removesuffix(MARK) for r in rows if r[3].endswith(MARK)}
    assert names and names <= marked
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("LAMPIRAN\nCatatan konsistensi data")
    items = [p for p in paragraphs[start:] if re.match(r"\d+\. \[", p)]
    assert len(items) == len(found) == 25
    assert any("Indeks Pembangunan Gender" in p and "«90.77»" in p for p in items)


def test_measurement_table_equals_the_transcription(doc: DocxDocument) -> None:
    measurement = _seed("pengukuran.yaml", schema.MeasurementFile)
    expected = []
    for p in measurement.programs:
        expected.append([p.number or "", p.name, "", "", "", ""])
        for k in p.kegiatan:
            expected.append([k.number or "", k.name, "", "", "", ""])
            for s in k.sub_kegiatan:
                expected.append(
                    [
                        s.number or "",
                        s.name,
                        s.indicator,
                        s.target or "",
                        s.realisasi or "",
                        s.capaian or "",
                    ]
                )
    assert table(doc, ["NO", "PROGRAM/ KEGIATAN/ SUB KEGIATAN", "INDIKATOR"]) == expected


def test_renja_and_pk_tables_equal_the_transcription(doc: DocxDocument) -> None:
    renja = _seed("renja.yaml", schema.ObjectivesFile)
    assert table(doc, ["SASARAN", "INDIKATOR KINERJA", "TARGET"]) == [
        [o.name if i == 0 else "", ind.name, ind.target or ""]
        for o in renja.objectives
        for i, ind in enumerate(o.indicators)
    ]
    pk = _seed("perjanjian-kinerja.yaml", schema.ObjectivesFile)
    assert table(doc, ["NO.", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"]) == [
        [f"{o.number}." if i == 0 else "", o.name if i == 0 else "", ind.name, ind.target or ""]
        for o in pk.objectives
        for i, ind in enumerate(o.indicators)
    ]


def test_staff_tables_equal_the_transcription(doc: DocxDocument) -> None:
    report = _seed("laporan.yaml", schema.ReportFile)
    assert report.staff is not None
    assert table(doc, ["No.", "Jabatan", "Jumlah"]) == [
        [str(i), r.label, f"{r.count} orang"] for i, r in enumerate(report.staff.by_rank, 1)
    ]
    assert table(doc, ["No.", "Pendidikan"]) == [
        [str(e.number), e.label, f"{e.pns} orang", f"{e.non_pns} orang", f"{e.total} orang"]
        for e in report.staff.by_education
    ]


def test_iku_table_has_the_pk_targets_and_only_the_realizations_there_are(
    doc: DocxDocument,
) -> None:
    rows = table(doc, ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA UTAMA"])
    pk = _seed("perjanjian-kinerja.yaml", schema.ObjectivesFile)
    names = [ind.name for o in pk.objectives for ind in o.indicators]
    assert [r[2] for r in rows] == names
    by_name = {r[2]: r for r in rows}
    # IPG: 90,63 of the PK's 90.77 is 99,8457…%; the finance table reports it, nothing else is
    assert by_name["Indeks Pembangunan Gender"][3:] == ["90,77", "90,63", "99,85%", "Sangat Tinggi"]
    others = [r for r in rows if r[2] != "Indeks Pembangunan Gender"]
    assert all(r[4] == "tidak ada dalam data" and r[5] == "–" for r in others)


def _section_of_tables(doc: DocxDocument) -> list[int]:
    """The section index each table lies in (a paragraph holding a sectPr ends a section)."""
    out, section = [], 0
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            out.append(section)
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            section += 1
    return out


def test_the_wide_tables_are_in_landscape_sections(doc: DocxDocument) -> None:
    sections = doc.sections
    orientation = [s.orientation for s in sections]
    assert orientation == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    for s in sections:
        wide = s.orientation == WD_ORIENT.LANDSCAPE
        assert (s.page_width > s.page_height) == wide  # type: ignore[operator]
    headers = [rows_of(t)[0][1] for t in doc.tables]
    where = dict(zip(headers, _section_of_tables(doc), strict=True))
    assert orientation[where["PROGRAM/ KEGIATAN/ SUB KEGIATAN"]] == WD_ORIENT.LANDSCAPE
    assert orientation[where["SASARAN STRATEGIS"]] == WD_ORIENT.LANDSCAPE  # IKU and finance
    assert orientation[where["INDIKATOR KINERJA"]] == WD_ORIENT.PORTRAIT  # Renja


def test_analysis_cites_the_figures_and_claims_nothing_unmeasured(doc: DocxDocument) -> None:
    text = [p.text for p in doc.paragraphs]
    chapters = [t for t in text if t.startswith("BAB ")]
    assert [c.split("\n")[0] for c in chapters] == ["BAB I", "BAB II", "BAB III", "BAB IV"]
    ipg = next(t for t in text if t.startswith("Indeks Pembangunan Gender: target"))
    assert "target 90,77, realisasi 90,63, capaian 99,85% (kategori Sangat Tinggi)" in ipg
    assert "Di bawah target, selisih 0,14." in ipg
    assert "Data tahun sebelumnya tidak ada di basis data" in ipg
    assert "Target akhir Renstra untuk indikator ini tidak ada dalam data." in ipg
    assert (
        "Anggaran yang mendukung (Program Pengarusutamaan Gender dan Pemberdayaan Perempuan): "
        "pagu Rp 25.180.901, realisasi Rp 10.486.000, serapan 41,64%. Capaian kinerja (99,85%) "
        "lebih tinggi daripada serapan anggaran."
    ) in text
    assert "Sasaran ini belum tercapai: 1 dari 1 indikator di bawah target." in text
    assert (
        text.count(
            "Capaian sasaran ini belum dapat dinilai: 1 dari 1 indikator tidak memiliki realisasi "
            "dalam data."
        )
        == 3
    )
    assert not any(t.startswith("Sasaran ini tercapai") for t in text)
    assert (
        "Pada tahun 2022, dari 7 indikator kinerja utama, 0 memenuhi target, 1 di bawah target "
        "dan 6 belum memiliki realisasi dalam data. Realisasi anggaran Rp 5.296.423.659 dari "
        "pagu Rp 5.993.530.294 (88,37%)."
    ) in text
    # Bab IV: the report's obstacles and recommendations, and the factors of Bab III B.1
    assert any("Masih minimnya kegiatan untuk Forum Anak" in t for t in text)
    assert any("Meningkatkan profesionalisme sumber daya manusia" in t for t in text)
    assert any("Belum tersedianya Data gender berbasis elektronik" in t for t in text)
