"""`lakip-bot export` and `lakip-bot import`: the /ekspor file into a new agency's database,
the prompt before anything is written, the template; the Renja evaluation sheet of a quarter."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.cli import main
from bot.settings import get_settings
from lakip_model import queries
from lakip_model.arithmetic import absorption
from lakip_model.db import make_engine, session_scope, upgrade
from lakip_model.models import Agency, EntryStatus, RealizationEntry
from lakip_model.years import open_year
from seed.workbook import columns as C
from seed.workbook import evaluation


@pytest.fixture
def use_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    def point(url: str) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()


def test_export_then_import_as_a_new_agency(
    db_url: str,
    empty_url: str,
    use_db: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "lakip-2022.xlsx"
    use_db(db_url)  # type: ignore[operator]
    assert main(["export", "2022", "--out", str(out)]) == 0
    book = load_workbook(out)
    book[C.AGENCY.name].cell(3, 1).value = "kota-lain"
    book.save(out)
    empty = make_engine(empty_url)
    upgrade(empty)
    use_db(empty_url)  # type: ignore[operator]
    monkeypatch.setattr("builtins.input", lambda _prompt: "tidak")
    assert main(["import", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "Lembaga kota-lain, tahun 2022: lembaga baru" in printed and "Anggaran 53" in printed
    assert "Dibatalkan" in printed
    with Session(empty) as session:
        assert session.exec(select(Agency)).all() == []  # the prompt said no: nothing written
    assert main(["import", str(out), "--yes"]) == 0
    with Session(empty) as session:
        tree = queries.budget_tree(session, queries.resolve_year(session, 2022, "kota-lain"))
        assert (tree.root.pagu, tree.root.realized) == (5_993_530_294, 5_296_423_659)
    empty.dispose()


def test_template(tmp_path: Path, db_url: str, use_db: object) -> None:
    use_db(db_url)  # type: ignore[operator]
    out = tmp_path / "t.xlsx"
    assert main(["import", "--template", "--out", str(out)]) == 0
    book = load_workbook(out)
    sheets = (*C.DATA_SHEETS, *C.OPTIONAL_SHEETS)  # the template shows the optional Pengguna
    assert book.sheetnames == [C.FORMAT_SHEET, *(s.name for s in sheets)]
    assert [c.value for c in book[C.INDICATORS.name][1]][-4:] == [
        "Target TW I",
        "Target TW II",
        "Target TW III",
        "Target TW IV",
    ]
    assert book[C.BUDGET.name].max_row == 2  # headers and their explanations, no data


def test_renja_evaluation_per_quarter(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        fy = open_year(session, 2026, 2022)
        node = queries.budget_tree(session, fy).by_key("P1.K1.S1")
        assert node is not None
        for month, qty, amount in ((1, "5", 100_000_001), (3, "8", 50), (5, "12", 7)):
            session.add(
                RealizationEntry(
                    node_id=node.id,
                    year=2026,
                    month=month,
                    quantity=Decimal(qty),
                    quantity_text=f"{qty} org",
                    amount=amount,
                    source="telegram",
                    status=EntryStatus.DISETUJUI,
                )
            )
        session.add(
            RealizationEntry(
                node_id=node.id,
                year=2026,
                month=8,
                amount=99,
                source="telegram",
                status=EntryStatus.DISETUJUI,
            )
        )
    with Session(engine) as session:
        fy = queries.resolve_year(session, 2026)
        assert evaluation.latest_quarter(session, fy) == 3
        ev = evaluation.evaluation(session, fy, 2, "DP3AM")
    row = next(r for r in ev.rows if r.key == "P1.K1.S1")
    assert row.quarters == [("8 orang", 100_000_051), ("12 orang", 7), (None, None), (None, None)]
    assert (row.cumulative_k, row.cumulative_rp) == ("12 orang", 100_000_058)
    assert row.pagu is not None and row.achievement_rp == absorption(100_000_058, row.pagu)
    program = next(r for r in ev.rows if r.key == "P1")
    assert program.cumulative_rp is not None and program.cumulative_rp >= 100_000_058
    from bot.documents.workbook import export_data, xlsx_bytes

    with Session(engine) as session:
        data = export_data(session, queries.resolve_year(session, 2026), 2)
    sheet = load_workbook(io.BytesIO(xlsx_bytes(data)))[evaluation.SHEET]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert "s.d. triwulan II" in rows[0][0]
    assert rows[3][:6] == ["(2)", "(3)", "(4)", "(5)", "(8)", "(8)"]  # the regulation's columns
    found = next(r for r in rows if r[1] == "P1.K1.S1")
    assert found[6:10] == ["8 orang", 100_000_051, "12 orang", 7]
    assert found[10:14] == [None, None, None, None]  # after the chosen triwulan: blank
    assert found[14:16] == ["12 orang", 100_000_058]
