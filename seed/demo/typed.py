"""Numbers as officers type them: cumulative quantities, indicator targets and realizations.

The ledger stores what was typed ("12 org", "75,25", "0,005"), so the demo writes text in the
same shapes and lets ``parse_quantity`` read it, as it reads a real officer's entry.
"""

from __future__ import annotations

import random
from decimal import Decimal

from lakip_model.numbers import parse_quantity
from seed.demo.budget import Sub


def cumulative_quantity(sub: Sub, progress: float) -> str | None:
    """The cumulative quantity to date as typed ("12 org", "75 %"); None before the first."""
    value = int(sub.target * progress)
    if value <= 0:
        return None
    return f"{value} {sub.unit_word}"


def indicator_target(rng: random.Random, head: str, unit: str) -> str:
    """An indicator's target as the Renja prints it, by the kind of indicator (its head word)."""
    if unit == "%":
        return "100 %"
    if head == "Indeks":
        return f"{rng.uniform(68, 92):.2f}".replace(".", ",")
    if head == "Rasio":
        return "0,005"
    if head == "Skor":
        return str(rng.choice((500, 550, 600)))
    return f"{rng.randint(5, 90)} {unit}"


def indicator_realized(rng: random.Random, target_text: str, progress: float) -> str:
    """A realization near the target (sometimes below it), printed like the target."""
    target = parse_quantity(target_text)
    factor = Decimal(str(round(progress * rng.uniform(0.85, 1.08), 4)))
    value = (target.value or Decimal(0)) * factor
    unit = target_text.split(" ", 1)[1] if " " in target_text else ""
    if "," in target_text:
        text = f"{value:.3f}".replace(".", ",") if value < 1 else f"{value:.2f}".replace(".", ",")
    else:
        text = str(int(value))
    return f"{text} {unit}".strip()
