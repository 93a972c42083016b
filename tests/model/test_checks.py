"""`lakip-bot check`: every kind of contradiction the issue names is found, with both figures."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session

from lakip_model.checks import (
    Contradiction,
    Figure,
    Kind,
    Measure,
    RowRef,
    Source,
    Table,
    find_contradictions,
)
from lakip_model.models import NodeLevel
from lakip_model.queries import resolve_year


def _found(seeded_engine: Engine) -> list[Contradiction]:
    with Session(seeded_engine) as session:
        return find_contradictions(session, resolve_year(session, 2022))


def _one(found: list[Contradiction], kind: Kind, key_or_name: str) -> Contradiction:
    matches = [c for c in found if c.kind == kind and key_or_name in (c.row.key, c.row.name)]
    assert len(matches) == 1, [(c.kind, c.row.key, c.row.name) for c in found]
    return matches[0]


def test_program_total_that_is_not_the_sum_of_its_activities(seeded_engine: Engine) -> None:
    c = _one(_found(seeded_engine), Kind.PAGU_NOT_SUM, "P1")
    assert c.row.table == Table.FINANCE and c.row.level == NodeLevel.PROGRAM
    assert c.row.name == "PROGRAM PENUNJANG URUSAN PEMERINTAH DAERAH" and c.row.node_id
    assert c.first == Figure(Measure.PAGU, Source.PRINTED, 536_731_778)
    assert c.second == Figure(Measure.PAGU, Source.SUM_OF_CHILDREN, 3_829_501_461, rows=5)


def test_indicator_with_different_targets_in_renja_and_pk(seeded_engine: Engine) -> None:
    c = _one(_found(seeded_engine), Kind.INDICATOR_TARGET_DIFFERS, "Indeks Pembangunan Gender")
    assert c.row.table == Table.INDICATOR and c.row.indicator_id and c.row.node_id is None
    assert c.first == Figure(Measure.TARGET, Source.RENJA, "90,76")
    assert c.second == Figure(Measure.TARGET, Source.PK, "90.77")


def test_output_target_differs_between_measurement_and_finance(seeded_engine: Engine) -> None:
    found = _found(seeded_engine)
    c = _one(found, Kind.TARGET_DIFFERS_BETWEEN_TABLES, "P4.K1.S1")
    assert c.row.table == Table.MEASUREMENT and c.row.node_id
    assert c.row.name.startswith("Pengembangan Kegiatan Masyarakat")
    assert c.first == Figure(Measure.TARGET, Source.MEASUREMENT, "1 Dokumen")
    assert c.second == Figure(Measure.TARGET, Source.FINANCE_TABLE, "2 dok")
    blank = _one(found, Kind.REALIZED_DIFFERS_BETWEEN_TABLES, "P7.K2.S1")
    assert blank.first == Figure(Measure.REALIZED_QUANTITY, Source.MEASUREMENT, "29 orang")
    assert blank.second == Figure(Measure.REALIZED_QUANTITY, Source.FINANCE_TABLE, None)


def test_blank_columns(seeded_engine: Engine) -> None:
    found = _found(seeded_engine)
    c = _one(found, Kind.PAGU_BLANK, "P1.K4")
    assert c.first == Figure(Measure.PAGU, Source.PRINTED, None)
    assert c.second.source == Source.SUM_OF_CHILDREN and c.second.value == 174_698_795
    _one(found, Kind.PAGU_BLANK, "P2")
    k = _one(found, Kind.REALIZED_QUANTITY_BLANK, "P5")
    assert k.first == Figure(Measure.TARGET, Source.PRINTED, "100 %")
    assert k.second == Figure(Measure.REALIZED_QUANTITY, Source.PRINTED, None)


def test_row_missing_from_the_finance_table(seeded_engine: Engine) -> None:
    c = _one(_found(seeded_engine), Kind.ROW_NOT_PRINTED, "P8")
    assert (c.first.measure, c.first.source, c.first.value) == (
        Measure.PAGU,
        Source.SUM_OF_CHILDREN,
        1_241_430_367,
    )
    assert (c.second.measure, c.second.value) == (Measure.REALIZED, 1_100_207_360)


def test_printed_percentage_that_its_figures_do_not_give(seeded_engine: Engine) -> None:
    found = _found(seeded_engine)
    c = _one(found, Kind.PERCENT_DIFFERS, "P1.K3.S1")
    assert c.first == Figure(Measure.ABSORPTION, Source.PRINTED, "35,10%")
    assert c.second.source == Source.COMPUTED and c.second.operands == (21_325_000, 60_571_752)
    assert isinstance(c.second.value, Decimal) and round(c.second.value, 2) == Decimal("35.21")
    unsigned = _one(found, Kind.PERCENT_WITHOUT_SIGN, "P6.K1.S2")
    assert unsigned.first.value == "57,77"
    assert unsigned.second == Figure(Measure.ABSORPTION, Source.READ, Decimal("57.77"))


def test_the_domain_holds_no_prose(seeded_engine: Engine) -> None:
    """Every figure is a number, the printed text, or None; the row is data (bot/texts words it)."""
    found = _found(seeded_engine)
    assert len(found) == 25
    assert {c.kind for c in found} == {
        Kind.PAGU_NOT_SUM,
        Kind.REALIZED_NOT_SUM,
        Kind.PERCENT_DIFFERS,
        Kind.PERCENT_WITHOUT_SIGN,
        Kind.PAGU_BLANK,
        Kind.REALIZED_QUANTITY_BLANK,
        Kind.ROW_NOT_PRINTED,
        Kind.INDICATOR_TARGET_DIFFERS,
        Kind.TARGET_DIFFERS_BETWEEN_TABLES,
        Kind.REALIZED_DIFFERS_BETWEEN_TABLES,
    }
    for c in found:
        assert isinstance(c.row, RowRef)
        for figure in (c.first, c.second):
            assert not isinstance(figure.value, str) or "kosong" not in figure.value
    total = _one(found, Kind.PAGU_NOT_SUM, "TOTAL")
    assert total.row.level == NodeLevel.TOTAL and total.second.rows == 8


def test_cli_lists_them(db_url: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check"],
        env={"DATABASE_URL": db_url, "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "ketidaksesuaian" in out
    assert "Indeks Pembangunan Gender" in out and "90.77" in out


def test_cli_words_a_refusal_from_the_bot_catalogue(db_url: str) -> None:
    """`lakip-bot users` and `years` print a domain refusal as the bot's sentence, plain."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env={"DATABASE_URL": db_url, "PATH": ""},
            capture_output=True,
            text=True,
            check=False,
        )

    missing = run("users", "remove", "424242")
    assert missing.returncode == 1 and "Gagal: Pengguna tidak ditemukan." in missing.stderr
    unit = run("users", "set", "424242", "operator", "--unit", "bidang-entah")
    assert unit.returncode == 1 and "Gagal: Unit 'bidang-entah' tidak dikenal." in unit.stderr
    exists = run("years", "open", "2022")
    assert exists.returncode == 1 and "Gagal: Tahun 2022 sudah ada." in exists.stderr
    closed = run("years", "close", "1999")
    assert closed.returncode == 1
    assert "Gagal: Tidak ada data untuk tahun 1999. Tahun yang tersedia: 2022." in closed.stderr
