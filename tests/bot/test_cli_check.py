"""`lakip-bot check` words the domain's contradictions (data) from ``bot/texts/checks.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.cli import main
from bot.settings import get_settings
from bot.views.checks import contradiction_text
from lakip_model.checks import Contradiction, Figure, Kind, Measure, RowRef, Source, Table
from lakip_model.models import NodeLevel


@pytest.fixture
def check_output(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        assert main(["check"]) == 0
        yield capsys.readouterr().out
    finally:
        get_settings.cache_clear()


def test_header_and_sums(check_output: str) -> None:
    assert check_output.startswith("Laporan 2022: 25 ketidaksesuaian tercetak di laporan.\n\n1. ")
    assert (
        "3. [pagu-bukan-jumlah] Program P1 «PROGRAM PENUNJANG URUSAN PEMERINTAH DAERAH»\n"
        "   - pagu tercetak Rp 536.731.778\n"
        "   - jumlah 5 baris di bawahnya Rp 3.829.501.461 (selisih -Rp 3.292.769.683)\n"
    ) in check_output


def test_percentages_and_blank_cells(check_output: str) -> None:
    assert (
        "[persen-berbeda] Sub kegiatan P1.K3.S1 «Pengadaan Peralatan dan Mesin Lainnya»\n"
        "   - capaian Rp tercetak «35,10%»\n"
        "   - dihitung dari Rp 21.325.000 / Rp 60.571.752 = 35,21%\n"
    ) in check_output
    assert "   - capaian Rp tercetak «57,77» tanpa tanda %\n   - dibaca sebagai 57,77%\n" in (
        check_output
    )
    assert (
        "[pagu-kosong] Kegiatan P1.K4 «Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah»\n"
        "   - kolom pagu (Rp) kosong\n"
        "   - dijumlahkan dari baris di bawahnya: Rp 174.698.795\n"
    ) in check_output
    assert (
        "   - baris ini tidak ada di tabel keuangan\n"
        "   - angkanya dijumlahkan dari baris di bawahnya: pagu Rp 1.241.430.367, "
        "realisasi Rp 1.100.207.360\n"
    ) in check_output


def test_targets_across_documents_and_tables(check_output: str) -> None:
    assert (
        "[target-indikator-berbeda] Indikator «Indeks Pembangunan Gender»\n"
        "   - Renja: «90,76»\n"
        "   - Perjanjian Kinerja: «90.77»\n"
    ) in check_output
    assert (
        "   - tabel pengukuran: target «30 orang»\n"
        "   - tabel keuangan (P7.K2.S1): target K kosong\n"
    ) in check_output
    assert (
        "   - tabel pengukuran: realisasi «1 Dokumen»\n"
        "   - tabel keuangan (P7.K3.S1): realisasi K «29 org»\n"
    ) in check_output


def _finance(key: str, level: NodeLevel = NodeLevel.SUB_KEGIATAN) -> RowRef:
    return RowRef(Table.FINANCE, "Baris", level, key, 1)


def test_kinds_the_seeded_report_does_not_have() -> None:
    unreadable = Contradiction(
        Kind.PERCENT_UNREADABLE,
        _finance("P9.K1.S1"),
        Figure(Measure.ABSORPTION, Source.PRINTED, "n/a"),
        Figure(Measure.ABSORPTION, Source.READ, None),
    )
    assert contradiction_text(1, unreadable) == (
        "1. [persen-tak-terbaca] Sub kegiatan P9.K1.S1 «Baris»\n"
        "   - capaian Rp tercetak «n/a»\n"
        "   - bukan persentase"
    )
    uncomputable = Contradiction(
        Kind.PERCENT_DIFFERS,
        _finance("P9.K1.S1"),
        Figure(Measure.ABSORPTION, Source.PRINTED, "12%"),
        Figure(Measure.ABSORPTION, Source.COMPUTED, None, operands=(1_000, None)),
    )
    assert contradiction_text(2, uncomputable).endswith(
        "   - dihitung dari Rp 1.000 / kosong = tidak dapat dihitung"
    )
    realized_blank = Contradiction(
        Kind.REALIZED_BLANK,
        _finance("P9", NodeLevel.PROGRAM),
        Figure(Measure.REALIZED, Source.PRINTED, None),
        Figure(Measure.REALIZED, Source.SUM_OF_CHILDREN, 2_500, rows=2),
    )
    assert contradiction_text(3, realized_blank) == (
        "3. [realisasi-kosong] Program P9 «Baris»\n"
        "   - kolom realisasi (Rp) kosong\n"
        "   - dijumlahkan dari baris di bawahnya: Rp 2.500"
    )
    orphan = Contradiction(
        Kind.MEASUREMENT_WITHOUT_FINANCE,
        RowRef(Table.MEASUREMENT, "Sub entah", NodeLevel.SUB_KEGIATAN),
        Figure(Measure.TARGET, Source.MEASUREMENT, "3 unit"),
        Figure(Measure.TARGET, Source.FINANCE_TABLE, None),
    )
    assert contradiction_text(4, orphan) == (
        "4. [pengukuran-tanpa-keuangan] Sub kegiatan «Sub entah»\n"
        "   - ada di tabel pengukuran\n"
        "   - tidak ditemukan di tabel keuangan"
    )
    blank_target = Contradiction(
        Kind.INDICATOR_TARGET_DIFFERS,
        RowRef(Table.INDICATOR, "Indeks X", key="I1", indicator_id=1),
        Figure(Measure.TARGET, Source.FINANCE_TABLE, None),
        Figure(Measure.TARGET, Source.PK, "1"),
    )
    assert contradiction_text(5, blank_target).endswith(
        "   - tabel keuangan: «kosong»\n   - Perjanjian Kinerja: «1»"
    )
