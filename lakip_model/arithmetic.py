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


# --- indicators measured against a plan (rencana aksi) ------------------------------------------


def target_achievement(
    low: Decimal | None,
    high: Decimal | None,
    realized: Decimal | None,
    polarity: Polarity | str = Polarity.HIGHER,
) -> Decimal | None:
    """Capaian of a realization against a target that may be a range or zero (docs/arithmetic.md).

    - A range ``low``–``high`` (``high`` set and above ``low``): within it (bounds included) is
      100; outside it, :func:`achievement` against the nearer bound, with the polarity (above a
      "higher" range is more than 100, above a "lower" range less).
    - Target 0 (single value): realization 0 is 100 (the target is met exactly); on a "lower"
      indicator any realization above 0 is 0 (it is at least twice the target, where the
      formula reaches its floor); on a "higher" indicator a realization above a target of 0 has
      no percentage (None) — it is met, as :func:`is_below_target_range` says.
    - Otherwise :func:`achievement`. A missing target or realization gives None.
    """
    if low is None or realized is None:
        return None
    _exact(low), _exact(realized)
    if high is not None and high > low:
        _exact(high)
        if low <= realized <= high:
            return Decimal("100.00")
        nearer = low if realized < low else high
        return target_achievement(nearer, None, realized, polarity)
    if low == 0:
        if realized == 0:
            return Decimal("100.00")
        if Polarity(polarity) is Polarity.LOWER:
            return Decimal("0.00")
        return None
    return achievement(low, realized, polarity)


def is_below_target_range(
    low: Decimal | None,
    high: Decimal | None,
    realized: Decimal | None,
    polarity: Polarity | str = Polarity.HIGHER,
) -> bool | None:
    """Below a target that may be a range: "higher" misses under ``low``, "lower" over ``high``
    (over ``low`` when there is no range). None when either side is missing."""
    if low is None or realized is None:
        return None
    top = high if high is not None and high > low else low
    if Polarity(polarity) is Polarity.LOWER:
        return realized > top
    return realized < low


def category_on_scale(
    percent: Decimal | None, scale: list[tuple[Decimal, str]] | None = None
) -> str | None:
    """The label of an achievement on an agency's scale (``AchievementBand`` rows as
    (inclusive lower bound, label)), else Permendagri 86/2017 (:func:`category`).

    A value under every lower bound of the agency's scale takes its lowest band."""
    if percent is None:
        return None
    if not scale:
        found = category(percent)
        return found.value if found else None
    bands = sorted(scale, key=lambda band: band[0], reverse=True)
    for lower_bound, label in bands:
        if percent >= lower_bound:
            return label
    return bands[-1][1]
