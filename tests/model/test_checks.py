"""`lakip-bot check`: every kind of contradiction the issue names is found, with both figures."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import Engine
from sqlmodel import Session

from lakip_model.checks import Contradiction, find_contradictions
from lakip_model.queries import resolve_year


def _found(seeded_engine: Engine) -> list[Contradiction]:
    with Session(seeded_engine) as session:
        return find_contradictions(session, resolve_year(session, 2022))


def _one(found: list[Contradiction], kind: str, where: str) -> Contradiction:
    matches = [c for c in found if c.kind == kind and where in c.where]
    assert len(matches) == 1, [(c.kind, c.where) for c in found]
    return matches[0]


def test_program_total_that_is_not_the_sum_of_its_activities(seeded_engine: Engine) -> None:
    c = _one(_found(seeded_engine), "pagu-bukan-jumlah", "P1 ")
    assert "Rp 536.731.778" in c.first
    assert "Rp 3.829.501.461" in c.second


def test_indicator_with_different_targets_in_renja_and_pk(seeded_engine: Engine) -> None:
    c = _one(_found(seeded_engine), "target-indikator-berbeda", "Indeks Pembangunan Gender")
    assert "90,76" in c.first and "90.77" in c.second


def test_output_target_differs_between_measurement_and_finance(seeded_engine: Engine) -> None:
    c = _one(_found(seeded_engine), "target-berbeda-tabel", "Pengembangan Kegiatan Masyarakat")
    assert "1 Dokumen" in c.first and "2 dok" in c.second


def test_blank_columns(seeded_engine: Engine) -> None:
    found = _found(seeded_engine)
    assert "Rp 174.698.795" in _one(found, "pagu-kosong", "P1.K4").second
    _one(found, "pagu-kosong", "P2 ")
    _one(found, "realisasi-k-kosong", "P5 ")


def test_printed_percentage_that_its_figures_do_not_give(seeded_engine: Engine) -> None:
    c = _one(_found(seeded_engine), "persen-berbeda", "P1.K3.S1")
    assert "35,10%" in c.first and "35,21%" in c.second


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
