"""Achievement, category, absorption and "below target" (lakip_model.arithmetic)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakip_model.arithmetic import (
    AchievementCategory,
    Polarity,
    absorption,
    achievement,
    category,
    category_on_scale,
    is_below_target,
    is_below_target_range,
    target_achievement,
)
from lakip_model.numbers import Quantity

D = Decimal

# --- achievement --------------------------------------------------------------------------------


def test_polarity_values() -> None:
    assert Polarity("higher") is Polarity.HIGHER
    assert Polarity("lower") is Polarity.LOWER
    assert Polarity.LOWER == "lower"


@pytest.mark.parametrize(
    ("target", "realized", "polarity", "percent"),
    [
        (D("0.005"), D("0.008"), Polarity.LOWER, D("40.00")),  # Rasio KDRT: a miss, not 160 %
        (D("550"), D("705"), Polarity.HIGHER, D("128.18")),  # Skor KLA
        (D("30"), D("29"), Polarity.HIGHER, D("96.67")),
        (D("25"), D("23"), Polarity.HIGHER, D("92.00")),
        (D("4"), D("2"), Polarity.HIGHER, D("50.00")),
        (D("1"), D("1"), Polarity.HIGHER, D("100.00")),
        (D("90.77"), D("90.63"), Polarity.HIGHER, D("99.85")),
        (D("0.005"), D("0.005"), Polarity.LOWER, D("100.00")),
        (D("0.005"), D("0.004"), Polarity.LOWER, D("120.00")),
        (D("0.005"), D("0"), Polarity.LOWER, D("200.00")),
        (D("0.005"), D("0.011"), Polarity.LOWER, D("0.00")),  # floored at 0
        (D("10"), D("0"), Polarity.HIGHER, D("0.00")),
    ],
)
def test_achievement(
    target: Decimal, realized: Decimal, polarity: Polarity, percent: Decimal
) -> None:
    result = achievement(target, realized, polarity)
    assert result == percent
    assert result is not None and result.as_tuple().exponent == -2


def test_achievement_default_polarity_is_higher_and_accepts_its_value() -> None:
    assert achievement(D(550), D(705)) == D("128.18")
    assert achievement(D("0.005"), D("0.008"), "lower") == D("40.00")


def test_achievement_rounds_half_up() -> None:
    assert achievement(D(800), D(1)) == D("0.13")  # exactly 0,125
    assert achievement(D(1000), D("26.75")) == D("2.68")  # exactly 2,675
    assert achievement(D(1000), D("26.749")) == D("2.67")
    assert achievement(D(8), D(1), Polarity.LOWER) == D("187.50")


@pytest.mark.parametrize(
    ("target", "realized"),
    [(None, D(1)), (D(1), None), (None, None), (D(0), D(5)), (D("0.000"), D(0)), (D(-1), D(1))],
)
def test_achievement_not_computable(target: Decimal | None, realized: Decimal | None) -> None:
    assert achievement(target, realized) is None
    assert achievement(target, realized, Polarity.LOWER) is None


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        achievement(D(1), 0.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        absorption(1, 2.0)  # type: ignore[arg-type]


# --- category -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        ("0", AchievementCategory.SANGAT_RENDAH),
        ("40", AchievementCategory.SANGAT_RENDAH),
        ("50", AchievementCategory.SANGAT_RENDAH),
        ("50.99", AchievementCategory.SANGAT_RENDAH),
        ("51", AchievementCategory.RENDAH),
        ("65.99", AchievementCategory.RENDAH),
        ("66", AchievementCategory.SEDANG),
        ("75.99", AchievementCategory.SEDANG),
        ("76", AchievementCategory.TINGGI),
        ("90.5", AchievementCategory.TINGGI),
        ("90.99", AchievementCategory.TINGGI),
        ("91", AchievementCategory.SANGAT_TINGGI),
        ("100", AchievementCategory.SANGAT_TINGGI),
        ("128", AchievementCategory.SANGAT_TINGGI),
        ("128.18", AchievementCategory.SANGAT_TINGGI),
    ],
)
def test_category_bands(percent: str, band: AchievementCategory) -> None:
    assert category(D(percent)) is band


def test_category_none_and_labels() -> None:
    assert category(None) is None
    assert [c.value for c in AchievementCategory] == [
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    ]


def test_category_of_report_examples() -> None:
    assert category(achievement(D("0.005"), D("0.008"), Polarity.LOWER)) is (
        AchievementCategory.SANGAT_RENDAH
    )
    assert category(achievement(D(550), D(705))) is AchievementCategory.SANGAT_TINGGI


# --- absorption ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realized", "pagu", "percent"),
    [
        (529_687_106, 536_731_778, "98.69"),
        (5_296_423_659, 5_993_530_294, "88.37"),
        (2_020_000, 32_967_000, "6.13"),
        (10_486_000, 25_180_901, "41.64"),
        (147_259_343, 323_470_202, "45.52"),
        (3_540_000, 3_540_000, "100.00"),
        (0, 1_000, "0.00"),
        (1, 800, "0.13"),  # exactly 0,125: half-up, not half-even
        (3, 800, "0.38"),  # exactly 0,375
        (1_100, 1_000, "110.00"),
    ],
)
def test_absorption(realized: int, pagu: int, percent: str) -> None:
    result = absorption(realized, pagu)
    assert result == D(percent)
    assert result is not None and str(result) == percent


@pytest.mark.parametrize(
    ("realized", "pagu"), [(1, 0), (1, None), (None, 1_000), (None, None), (5, -10)]
)
def test_absorption_not_computable(realized: int | None, pagu: int | None) -> None:
    assert absorption(realized, pagu) is None


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=1, max_value=10**15))
def test_absorption_is_the_half_up_rounding_of_the_exact_ratio(realized: int, pagu: int) -> None:
    result = absorption(realized, pagu)
    assert result is not None
    # Within half a hundredth of the exact ratio; an exact tie goes up.
    error = Fraction(realized * 100, pagu) - Fraction(result)
    assert Fraction(-1, 200) <= error < Fraction(1, 200)


# --- is_below_target ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "realized", "polarity", "below"),
    [
        ("1 Dokumen", "1 Dokumen", Polarity.HIGHER, False),
        ("1 dok", "1 Dokumen", Polarity.HIGHER, False),
        ("4 unit", "2 unit", Polarity.HIGHER, True),
        ("100 %", "100 %", Polarity.HIGHER, False),
        ("100 %", "100%", Polarity.HIGHER, False),
        ("30 org", "29 orang", Polarity.HIGHER, True),
        ("2 lem bag a", "2 lem baga", Polarity.HIGHER, False),
        ("0,005", "0,008", Polarity.LOWER, True),
        ("0,005", "0,004", Polarity.LOWER, False),
        ("0,005", "0,005", Polarity.LOWER, False),
        ("550", "705", Polarity.HIGHER, False),
        ("90,77", "90,63", Polarity.HIGHER, True),
        ("1 th", "1th", Polarity.HIGHER, False),
        ("4 unit", "4", Polarity.HIGHER, False),  # one side without unit: values compared
        ("4", "3 unit", Polarity.HIGHER, True),
        ("4 unit", "4 orang", Polarity.HIGHER, None),  # different units: not comparable
    ],
)
def test_is_below_target_text(
    target: str, realized: str, polarity: Polarity, below: bool | None
) -> None:
    assert is_below_target(target, realized, polarity) is below


def test_is_below_target_other_types() -> None:
    assert is_below_target(D("0.005"), D("0.008"), Polarity.LOWER) is True
    assert is_below_target(D(550), D(705)) is False
    assert is_below_target(30, 29) is True
    assert is_below_target(D("0.005"), D("0.008"), "lower") is True
    target = Quantity(D(4), "unit", "4 unit")
    assert is_below_target(target, Quantity(D(2), "unit", "2 unit")) is True
    assert is_below_target(target, "4 unit") is False
    # units stored un-normalised are normalised before comparing
    assert is_below_target(Quantity(D(1), "Dok", "1 Dok"), Quantity(D(1), "dokumen")) is False


@pytest.mark.parametrize(
    ("target", "realized"),
    [
        ("550", None),
        (None, "705"),
        ("550", ""),
        ("1 Dokumen", Quantity(None, None, "")),
        ("550", "belum ada"),  # unreadable: unknown, not below
        (Quantity(None, "unit", ""), "3 unit"),
    ],
)
def test_is_below_target_unknown(target: object, realized: object) -> None:
    assert is_below_target(target, realized) is None  # type: ignore[arg-type]
    assert is_below_target(target, realized, Polarity.LOWER) is None  # type: ignore[arg-type]


def test_below_target_agrees_with_achievement() -> None:
    for target, realized, polarity in [
        (D("0.005"), D("0.008"), Polarity.LOWER),
        (D(550), D(705), Polarity.HIGHER),
        (D(30), D(29), Polarity.HIGHER),
        (D(1), D(1), Polarity.LOWER),
    ]:
        percent = achievement(target, realized, polarity)
        assert percent is not None
        assert is_below_target(target, realized, polarity) is (percent < 100)


# --- targets of a rencana aksi: ranges and zero -------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "realized", "polarity", "expected"),
    [
        (D(70), D(80), D(75), Polarity.HIGHER, D("100.00")),  # within the range
        (D(70), D(80), D(70), Polarity.HIGHER, D("100.00")),  # a bound is within
        (D(70), D(80), D(56), Polarity.HIGHER, D("80.00")),  # under: against 70
        (D(70), D(80), D(88), Polarity.HIGHER, D("110.00")),  # over: against 80
        (D(70), D(80), D(88), Polarity.LOWER, D("90.00")),  # over a "lower" range: a miss
        (D(70), D(80), D(63), Polarity.LOWER, D("110.00")),  # under it: better
        (D(0), None, D(0), Polarity.LOWER, D("100.00")),  # target 0 met exactly
        (D(0), None, D("0.001"), Polarity.LOWER, D("0.00")),  # any case over 0 is the floor
        (D(0), None, D(0), Polarity.HIGHER, D("100.00")),
        (D(0), None, D(3), Polarity.HIGHER, None),  # over a target of 0: no percentage
        (D("0.005"), None, D(0), Polarity.LOWER, D("200.00")),  # realization 0, lower: 200
        (D(50), None, None, Polarity.HIGHER, None),  # a missing quarter
        (None, None, D(5), Polarity.HIGHER, None),  # no target
        (D(50), D(50), D(25), Polarity.HIGHER, D("50.00")),  # a "range" of one value
    ],
)
def test_target_achievement(
    low: Decimal | None,
    high: Decimal | None,
    realized: Decimal | None,
    polarity: Polarity,
    expected: Decimal | None,
) -> None:
    assert target_achievement(low, high, realized, polarity) == expected


@pytest.mark.parametrize(
    ("low", "high", "realized", "polarity", "below"),
    [
        (D(70), D(80), D(69), Polarity.HIGHER, True),
        (D(70), D(80), D(90), Polarity.HIGHER, False),
        (D(70), D(80), D(79), Polarity.LOWER, False),
        (D(70), D(80), D(81), Polarity.LOWER, True),
        (D(0), None, D(0), Polarity.LOWER, False),
        (D(0), None, D(1), Polarity.LOWER, True),
        (D(0), None, D(1), Polarity.HIGHER, False),
        (D(5), None, None, Polarity.HIGHER, None),
    ],
)
def test_below_a_range_or_zero_target(
    low: Decimal | None,
    high: Decimal | None,
    realized: Decimal | None,
    polarity: Polarity,
    below: bool | None,
) -> None:
    assert is_below_target_range(low, high, realized, polarity) is below
    percent = target_achievement(low, high, realized, polarity)
    if below is not None and percent is not None:
        assert below is (percent < 100)


def test_target_achievement_refuses_floats() -> None:
    with pytest.raises(TypeError):
        target_achievement(D(1), None, 0.5)  # type: ignore[arg-type]


def test_category_on_an_agency_scale() -> None:
    scale = [(D(0), "Kurang"), (D(60), "Cukup"), (D(85), "Baik")]
    assert category_on_scale(D("84.99"), scale) == "Cukup"
    assert category_on_scale(D(85), scale) == "Baik"
    assert category_on_scale(D(0), scale) == "Kurang"
    assert category_on_scale(None, scale) is None
    # without a scale of its own: Permendagri 86/2017
    assert category_on_scale(D("90.99")) == "Tinggi"
    assert category_on_scale(D(91), []) == "Sangat Tinggi"
    assert category_on_scale(D(50)) == "Sangat Rendah"
