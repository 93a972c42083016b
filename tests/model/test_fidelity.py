"""The report's figures, read back through the model's queries.

The expected values were typed from laporan-kinerja-2022.txt (Bab III) independently of the seed
files: rows are found by the beginning of their printed name, not by seed keys.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from lakip_model.arithmetic import AchievementCategory
from lakip_model.models import NodeLevel
from lakip_model.performance import indicator_results, measurement_results
from lakip_model.queries import BudgetTree, NodeFigures, budget_tree, resolve_year
from lakip_model.text import fold


@pytest.fixture(scope="module")
def tree(seeded_engine: Engine) -> BudgetTree:
    with Session(seeded_engine) as session:
        return budget_tree(session, resolve_year(session, 2022))


def find(tree: BudgetTree, level: NodeLevel, prefix: str) -> NodeFigures:
    matches = [
        n for n in tree.root.walk() if n.level == level and fold(n.name).startswith(fold(prefix))
    ]
    assert len(matches) == 1, f"{level} {prefix!r}: {[m.name for m in matches]}"
    return matches[0]


def test_grand_total(tree: BudgetTree) -> None:
    assert tree.root.pagu == 5_993_530_294
    assert tree.root.realized == 5_296_423_659
    assert tree.root.absorption == Decimal("88.37")
    assert not tree.root.pagu_derived and not tree.root.realized_derived


# (name prefix, pagu, realized, absorption %, pagu printed on the row?)
PROGRAMS = [
    ("PROGRAM PENUNJANG URUSAN PEMERINTAH DAERAH", 536_731_778, 529_687_106, "98.69", True),
    ("Program Pengarusutamaan Gender", 25_180_901, 10_486_000, "41.64", False),
    ("Program Perlindungan Perempuan", 323_470_202, 147_259_343, "45.52", True),
    ("Program Peningkatan Kualitas Keluarga", 169_114_115, 145_653_547, "86.13", True),
    ("PROGRAM PENGELOLAAN SISTEM DATA GENDER", 25_187_815, 24_221_500, "96.16", True),
    ("Program Pemenuhan Hak Anak", 165_397_119, 124_933_929, "75.54", True),
    ("Program Perlindungan Khusus Anak", 370_194_694, 337_706_697, "91.22", True),
    ("Program Pemberdayaan Lembaga Kemasyarakatan", 1_241_430_367, 1_100_207_360, "88.62", False),
]


@pytest.mark.parametrize(("prefix", "pagu", "realized", "pct", "printed"), PROGRAMS)
def test_program_rows(
    tree: BudgetTree, prefix: str, pagu: int, realized: int, pct: str, printed: bool
) -> None:
    node = find(tree, NodeLevel.PROGRAM, prefix)
    assert (node.pagu, node.realized, node.absorption) == (pagu, realized, Decimal(pct))
    assert node.pagu_derived is not printed


def test_every_program_is_listed_in_report_order(tree: BudgetTree) -> None:
    assert len(tree.programs) == len(PROGRAMS)
    for node, (prefix, *_rest) in zip(tree.programs, PROGRAMS, strict=True):
        assert fold(node.name).startswith(fold(prefix))


KEGIATAN = [
    ("Administrasi Keuangan Perangkat Daerah", 2_931_802_095, 2_748_706_747, "93.75"),
    ("Administrasi Umum Perangkat Daerah", 367_431_439, 367_184_024, "99.93"),
    ("Pengadaan Barang Milik Daerah", 216_698_132, 211_313_144, "97.51"),
    # printed blank: the sums of its three sub-activities
    ("Penyediaan Jasa Penunjang Urusan", 174_698_795, 170_890_061, "97.82"),
    ("Pemeliharaan Barang Milik Daerah", 138_871_000, 97_849_451, "70.46"),
    ("Pelebagaan Pengarusutamaan Gender", 25_180_901, 10_486_000, "41.64"),
    ("Koordinasi dan Pencegahan Kekerasan terhadap Perempuan", 61_436_969, 54_118_315, "88.09"),
    ("Penyediaan Layanan Rujukan Lanjutan", 262_033_233, 93_141_028, "35.55"),
    ("Peningkatan Kualitas Keluarga dalam", 169_114_115, 145_653_547, "86.13"),
    ("Pengumpulan, Pengolahan Analisis", 25_187_815, 24_221_500, "96.16"),
    (
        "Penguatan dan Pengembangan Lembaga Penyedia Layanan Peningkatan",
        165_397_119,
        124_933_929,
        "75.54",
    ),
    ("Pencegahan Kekerasan terhadap Anak", 51_489_812, 44_223_782, "85.89"),
    ("Penyediaan Layanan bagi Anak", 241_997_551, 233_781_835, "96.61"),
    (
        "Penguatan dan Pengembangan Lembaga Penyedia Layanan bagi Anak",
        76_707_331,
        59_701_080,
        "77.83",
    ),
    ("Pemberdayaan Lembaga Kemasyarakatan yang Bergerak", 1_241_430_367, 1_100_207_360, "88.62"),
]


@pytest.mark.parametrize(("prefix", "pagu", "realized", "pct"), KEGIATAN)
def test_kegiatan_rows(tree: BudgetTree, prefix: str, pagu: int, realized: int, pct: str) -> None:
    node = find(tree, NodeLevel.KEGIATAN, prefix)
    assert (node.pagu, node.realized, node.absorption) == (pagu, realized, Decimal(pct))


# (name prefix, pagu, realized, absorption, target K, realized K); the absorption is computed
# by hand from the row's Rupiah and equals the printed percentage except where noted.
SUB_KEGIATAN = [
    ("Penyediaan Gaji dan Tunjangan ASN", 2_757_062_981, 2_575_016_019, "93.40", "25", "23"),
    ("Koordinasi dan Pelaksanaan Akutansi SKPD", 174_739_114, 173_690_728, "99.40", "100", "100"),
    ("Penyediaan Komponen Instalasi", 5_279_602, 5_277_000, "99.95", "1", "1"),
    ("Penyediaan Bahan Logistik Kantor", 155_810_756, 155_772_000, "99.98", "1", "1"),
    ("Penyediaan Barang Cetakan", 18_110_095, 18_083_850, "99.86", "1", "1"),
    ("Fasilitas Kunjungan Tamu", 12_098_986, 12_096_000, "99.98", "1", "1"),
    ("Penyelenggaraan Rapat Koordinasi", 176_132_000, 175_955_174, "99.90", "1", "1"),
    # printed 35,10%, but 21.325.000 / 60.571.752 = 35,206 %: `lakip-bot check` lists it
    ("Pengadaan Peralatan dan Mesin Lainnya", 60_571_752, 21_325_000, "35.21", "4", "2"),
    ("Penyediaan Jasa Surat Menyurat", 3_540_000, 3_540_000, "100.00", "354", "354"),
    ("Penyediaan Jasa Komunikasi", 9_189_840, 8_018_917, "87.26", "1", "1"),
    ("Penyediaan Jasa Pelayanan Umum Kantor", 161_968_955, 159_331_144, "98.37", "1", "1"),
    ("Penyediaan Jasa Pemeliharaan, Biaya", 89_334_000, 79_465_451, "88.95", "4", "4"),
    ("Pemeliharaan Peralatan dan Mesin Lainnya", 9_250_000, 9_072_800, "98.08", "12", "12"),
    ("Pemeliharaan/ Rehabilitasi Gedung Kantor", 32_967_000, 2_020_000, "6.13", "1", "1"),
    ("Pemeliharaan/Rehabilitasi Sarana", 7_320_000, 7_291_200, "99.61", "11", "11"),
    (
        "Koordinasi dan Sinkronisasi Perumusan Kebijakan Pelaksanaan PUG",
        25_180_901,
        10_486_000,
        "41.64",
        "40",
        "40",
    ),
    (
        "Koordinasi dan Sinkronisasi Pelaksanaan Kebijakan, Program",
        61_436_969,
        54_118_315,
        "88.09",
        "1",
        "1",
    ),
    (
        "Koordinasi dan Sinkronisasi Pelaksanaan Penyediaan Layanan Rujukan",
        262_033_233,
        93_141_028,
        "35.55",
        "1",
        "1",
    ),
    ("Pengembangan Kegiatan Masyarakat", 169_114_115, 145_653_547, "86.13", "2", "2"),
    ("Penyediaan Data Gender dan Anak", 25_187_815, 24_221_500, "96.16", "1", "1"),
    (
        "Koordinasi dan Sinkronisasi Pelaksanaan Pendampingan",
        88_970_734,
        80_780_149,
        "90.79",
        "1",
        "1",
    ),
    ("Pengembangan Komunikasi, Informasi dan Edukasi", 76_426_385, 44_153_780, "57.77", "1", "1"),
    (
        "Koordinasi dan Sinkronisasi Pencegahan Kekerasan terhadap Anak",
        51_489_812,
        44_223_782,
        "85.89",
        "1",
        "1",
    ),
    # the finance table prints no indicator on this row (see `lakip-bot check`)
    ("Penyediaan Layanan Pengaduan Masyarakat", 241_997_551, 233_781_835, "96.61", None, None),
    (
        "Koordinasi dan Sinkronisasi Peningkatan Kapasitas",
        76_707_331,
        59_701_080,
        "77.83",
        "30",
        "29",
    ),
    ("Fasilitasi Penataan, Pemberdayaan", 119_879_472, 82_941_600, "69.19", "1", "1"),
    ("Peningkatan Kapasitas Kelembagaan", 214_236_165, 209_038_129, "97.57", "3", "3"),
    ("Fasilitasi Penyediaan Sarana dan Prasarana", 590_304_732, 574_808_355, "97.37", "37", "37"),
    ("Fasilitasi Tim Penggerak PKK", 317_009_998, 233_419_276, "73.63", "3", "3"),
]


@pytest.mark.parametrize(
    ("prefix", "pagu", "realized", "pct", "target_k", "realized_k"), SUB_KEGIATAN
)
def test_sub_kegiatan_rows(
    tree: BudgetTree,
    prefix: str,
    pagu: int,
    realized: int,
    pct: str,
    target_k: str | None,
    realized_k: str | None,
) -> None:
    node = find(tree, NodeLevel.SUB_KEGIATAN, prefix)
    assert (node.pagu, node.realized, node.absorption) == (pagu, realized, Decimal(pct))
    assert not node.pagu_derived and not node.realized_derived
    expected_target = Decimal(target_k) if target_k else None
    expected_realized = Decimal(realized_k) if realized_k else None
    assert (node.target.value, node.realized_quantity) == (expected_target, expected_realized)


def test_every_sub_kegiatan_is_checked(tree: BudgetTree) -> None:
    subs = [n for n in tree.root.walk() if n.level == NodeLevel.SUB_KEGIATAN]
    assert len(subs) == len(SUB_KEGIATAN)


def test_sums_of_sub_kegiatan_differ_from_printed_total(tree: BudgetTree) -> None:
    subs = [n for n in tree.root.walk() if n.level == NodeLevel.SUB_KEGIATAN]
    # The report's rows do not add up to its own total; the printed total stands.
    assert sum(n.pagu or 0 for n in subs) == 5_993_350_294
    assert tree.root.pagu == 5_993_530_294


# (sub-activity prefix, target, realized, achievement %, printed capaian)
MEASUREMENT = [
    ("Koordinasi dan Sinkronisasi Perumusan Kebijakan Pelaksanaan PUG", "1", "1", "100", "100%"),
    ("Koordinasi dan Sinkronisasi Pelaksanaan Kebijakan, Program", "1", "1", "100", "100%"),
    ("Koordinasi dan Sinkronisasi Pelaksanaan Penyediaan Layanan", "1", "1", "100", "100%"),
    ("Pengembangan Kegiatan Masyarakat", "1", "1", "100", "100%"),
    ("Penyediaan Data Gender dan Anak", "1", "1", "100", "100%"),
    ("Koordinasi dan Sinkronisasi Pelaksanaan Pendampingan", "1", "1", "100", "100%"),
    ("Pengembangan Komunikasi, Informasi", "1", "1", "100", "100%"),
    ("Koordinasi dan Sinkronisasi Pencegahan Kekerasan terhadap Anak", "1", "1", "100", "100%"),
    ("Penyediaan Layanan Pengaduan Masyarakat", "30", "29", "96.67", "97%"),
    ("Koordinasi dan Sinkronisasi Peningkatan Kapasitas", "1", "1", "100", "100%"),
    ("Fasilitasi Penataan, Pemberdayaan", "1", "1", "100", "100%"),
    ("Peningkatan Kapasitas Kelembagaan", "3", "3", "100", "100%"),
    ("Fasilitasi Penyediaan Sarana", "37", "37", "100", "100%"),
    ("Fasilitasi Tim Penggerak PKK", "3", "3", "100", "100%"),
]


def test_measurement_table(seeded_engine: Engine) -> None:
    with Session(seeded_engine) as session:
        rows = measurement_results(session, resolve_year(session, 2022))
    assert len(rows) == len(MEASUREMENT)
    for row, (prefix, target, realized, pct, printed) in zip(rows, MEASUREMENT, strict=True):
        assert fold(row.row.sub_name).startswith(fold(prefix)), row.row.sub_name
        assert row.target.value == Decimal(target)
        assert row.realized.value == Decimal(realized)
        assert row.achievement == Decimal(pct)
        assert (row.row.printed_capaian or "").replace(" ", "") == printed
        assert row.row.node_id is not None, f"{prefix}: not linked to the finance table"


def _indicator(seeded_engine: Engine, tree: BudgetTree, name_prefix: str):  # type: ignore[no-untyped-def]
    with Session(seeded_engine) as session:
        results = indicator_results(session, tree)
    matches = [r for r in results if fold(r.name).startswith(fold(name_prefix))]
    assert len(matches) == 1, [r.name for r in results]
    return matches[0]


def test_rasio_kdrt_is_a_miss_not_160_percent(seeded_engine: Engine, tree: BudgetTree) -> None:
    kdrt = _indicator(seeded_engine, tree, "Rasio KDRT")
    assert kdrt.target is not None and kdrt.target.value == Decimal("0.005")
    assert kdrt.realized is not None and kdrt.realized.value == Decimal("0.008")
    assert kdrt.below_target is True
    assert kdrt.achievement is not None and kdrt.achievement < 100


def test_skor_kla_exceeds_target(seeded_engine: Engine, tree: BudgetTree) -> None:
    # Renja "Indeks Kota Layak Anak" and the finance row's "Jumlah Skor Kota Layak Anak" (both 550)
    kla = _indicator(seeded_engine, tree, "Indeks Kota Layak Anak")
    assert kla.below_target is False
    assert kla.achievement == Decimal("128.18")
    assert kla.category == AchievementCategory.SANGAT_TINGGI


def test_ipg_keeps_both_printed_targets(seeded_engine: Engine, tree: BudgetTree) -> None:
    ipg = _indicator(seeded_engine, tree, "Indeks Pembangunan Gender")
    by_doc = {t.document: t.target.value for t in ipg.targets}
    assert by_doc["renja"] == Decimal("90.76")
    assert by_doc["pk"] == Decimal("90.77")
    assert ipg.target_document == "pk"
    assert ipg.realized is not None and ipg.realized.value == Decimal("90.63")
    assert ipg.below_target is True


def test_year_resolution(seeded_engine: Engine) -> None:
    from lakip_model.queries import YearNotFound

    with Session(seeded_engine) as session:
        assert resolve_year(session).year == 2022
        with pytest.raises(YearNotFound) as err:
            resolve_year(session, 1999)
    assert err.value.available == [2022]
