"""Domain arithmetic of the report: achievement, its category, budget absorption, "below target".

Every result is computed exactly (integers and ``Fraction``) and rounded once, half-up, to the two
decimals the report prints, so a figure equals the report's to the last digit; floats are refused.
Formulas and their sources: docs/arithmetic.md.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from lakip_model.numbers import NumberParseError, Quantity, normalize_unit, parse_quantity


class Polarity(StrEnum):
    """Which direction of an indicator is good."""

    HIGHER = "higher"  # semakin tinggi semakin baik (the default)
    LOWER = "lower"  # semakin kecil semakin baik, e.g. Rasio KDRT


class AchievementCategory(StrEnum):
    """Tingkat capaian kinerja, Permendagri 86/2017; the value is the label shown to users."""

    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"


# Inclusive lower bound of each band, highest first. The regulation prints integer bands
# (91-100, 76-90, 66-75, 51-65, <=50); a value between two bands (90,5) belongs to the lower one,
# and anything above 100 stays "sangat tinggi".
_BANDS: tuple[tuple[Decimal, AchievementCategory], ...] = (
    (Decimal(91), AchievementCategory.SANGAT_TINGGI),
    (Decimal(76), AchievementCategory.TINGGI),
    (Decimal(66), AchievementCategory.SEDANG),
    (Decimal(51), AchievementCategory.RENDAH),
)

_HUNDRED = Fraction(100)


def _exact(value: Decimal | int) -> Fraction:
    if isinstance(value, float):
        raise TypeError("float is not accepted: use Decimal or int")
    return Fraction(value)


def _round_percent(value: Fraction) -> Decimal:
    """Half-up (away from zero) to 2 decimals, computed on integers: 0,125 -> 0,13."""
    scaled = abs(value) * 100
    cents, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        cents += 1
    return Decimal(-cents if value < 0 else cents).scaleb(-2)


def achievement(
    target: Decimal | None,
    realized: Decimal | None,
    polarity: Polarity | str = Polarity.HIGHER,
) -> Decimal | None:
    """Capaian in percent, rounded half-up to 2 decimals; None when it cannot be computed.

    - HIGHER: realized / target x 100.
    - LOWER: (target - (realized - target)) / target x 100 = (2 x target - realized) / target
      x 100, floored at 0: the LKjIP formula for "semakin kecil semakin baik", algebraically
      the PermenPANRB performance-management formula (1 + (1 - realized / target)) x 100%.
      Meeting the target gives 100; each step above it costs what a step below it earns.
      Rasio KDRT: target 0,005, realized 0,008 -> 40,00 (a miss), not the 160 of a ratio.
    A missing or non-positive target, or a missing realization, gives None (no division by 0).
    """
    if target is None or realized is None:
        return None
    t, r = _exact(target), _exact(realized)
    if t <= 0:
        return None
    if Polarity(polarity) is Polarity.LOWER:
        return _round_percent(max(Fraction(0), (2 * t - r) / t * _HUNDRED))
    return _round_percent(r / t * _HUNDRED)


def category(percent: Decimal | None) -> AchievementCategory | None:
    """The Permendagri 86/2017 band of an achievement percentage (lower bounds inclusive)."""
    if percent is None:
        return None
    for lower_bound, band in _BANDS:
        if percent >= lower_bound:
            return band
    return AchievementCategory.SANGAT_RENDAH


def absorption(realized: int | None, pagu: int | None) -> Decimal | None:
    """Serapan anggaran: realized / pagu x 100, half-up to 2 decimals as the report prints it.

    5.296.423.659 of 5.993.530.294 -> 88,37. No pagu (None or 0), or no realization -> None.
    """
    if realized is None or pagu is None or pagu <= 0:
        return None
    return _round_percent(_exact(realized) / _exact(pagu) * _HUNDRED)


def _as_quantity(value: Quantity | Decimal | int | str | None) -> Quantity | None:
    """A comparable quantity, or None when the value is missing or unreadable."""
    if value is None:
        return None
    if isinstance(value, Quantity):
        return Quantity(value.value, normalize_unit(value.unit), value.text)
    if isinstance(value, str):
        try:
            return parse_quantity(value)
        except NumberParseError:
            return None
    _exact(value)  # refuses a float
    return Quantity(Decimal(value), None, str(value))


def is_below_target(
    target: Quantity | Decimal | int | str | None,
    realized: Quantity | Decimal | int | str | None,
    polarity: Polarity | str = Polarity.HIGHER,
) -> bool | None:
    """True when the realization misses the target, False when it meets it, None when unknown.

    Text is read with ``parse_quantity`` ("4 unit" vs "2 unit" -> True). Units are compared after
    normalisation: when both sides have one they must agree (else None: "4 unit" vs "4 orang"
    cannot be compared); when only one side has a unit the values are compared. A missing or
    unreadable value on either side gives None: not known is not "below".
    """
    t, r = _as_quantity(target), _as_quantity(realized)
    if t is None or r is None or t.value is None or r.value is None:
        return None
    if t.unit and r.unit and t.unit != r.unit:
        return None
    if Polarity(polarity) is Polarity.LOWER:
        return r.value > t.value
    return r.value < t.value
