"""docs/workbook.md describes the format column by column: every sheet and header is there."""

from __future__ import annotations

from pathlib import Path

from seed.workbook import columns as C

DOC = Path(__file__).resolve().parents[2] / "docs" / "workbook.md"


def test_every_sheet_and_column_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for spec in (*C.DATA_SHEETS, *C.OPTIONAL_SHEETS):
        assert f"### {spec.name}\n" in text, spec.name
        section = text.split(f"### {spec.name}\n", 1)[1].split("\n### ", 1)[0]
        for column in spec.columns:
            assert f"| {column.header} | {column.help}" in section, (spec.name, column.header)
