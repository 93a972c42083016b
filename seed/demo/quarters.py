"""A year's quarterly indicator data: rencana aksi (TW I-IV targets) and quarterly figures.

Drawn from a ``Random`` of its own (agency, year), not the agency's: the rest of the demo data
stays what the same seed gave before quarterly indicators existed. Most indicators get a plan
and a figure per quarter (all four in a closed year; the quarters begun by OPEN_MONTHS in the
open one, the last of them still waiting for verification); some have no plan, so that
"rencana aksi belum diisi" has something to show.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from lakip_model.models import (
    Accumulation,
    EntryKind,
    EntryStatus,
    Indicator,
    IndicatorMeasure,
    IndicatorPlan,
    RealizationEntry,
)
from lakip_model.numbers import format_decimal, parse_quantity
from seed.demo.builder import Builder
from seed.demo.common import OPEN_MONTHS, SOURCE

PLANNED = 0.8  # share of indicators with a rencana aksi


def measure_of(head: str, unit: str) -> tuple[IndicatorMeasure, str | None, Accumulation]:
    """The demo indicator's type of figure by its head word (as the Renja prints it)."""
    if unit == "%":
        return IndicatorMeasure.PERCENT, "%", Accumulation.CUMULATIVE
    if head == "Indeks" or head == "Skor":
        return IndicatorMeasure.INDEX, None, Accumulation.CUMULATIVE
    if head == "Rasio":
        return IndicatorMeasure.RATIO, None, Accumulation.CUMULATIVE
    return IndicatorMeasure.COUNT, unit, Accumulation.PER_QUARTER


def quarters(b: Builder, year: int, indicators: list[tuple[Indicator, str]], closed: bool) -> None:
    """Plans and quarterly figures of the year's indicators."""
    rng = random.Random(f"quarters:{b.index}:{year}")
    last = 4 if closed else (OPEN_MONTHS - 1) // 3 + 1
    plans: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for ind, target_text in indicators:
        target = parse_quantity(target_text).value or Decimal(0)
        if target <= 0 or rng.random() > PLANNED:
            continue
        per_quarter = ind.accumulation == Accumulation.PER_QUARTER
        for quarter in range(1, 5):
            share = Decimal(1) / 4 if per_quarter else Decimal(quarter) / 4
            planned = target if ind.polarity == "lower" else target * share
            plans.append(
                {
                    "indicator_id": ind.id,
                    "quarter": quarter,
                    "target_text": format_decimal(planned),
                    "target_value": planned,
                    "target_max": None,
                    "source": SOURCE,
                    "set_by": b.verifier[0],
                    "note": None,
                }
            )
            if quarter > last:
                continue
            value = (planned * Decimal(str(round(rng.uniform(0.7, 1.15), 3)))).quantize(
                Decimal("0.001")
            )
            waiting = not closed and quarter == last
            entries.append(
                {
                    "node_id": None,
                    "indicator_id": ind.id,
                    "year": year,
                    "month": None,
                    "quarter": quarter,
                    "quantity": value,
                    "quantity_text": format_decimal(value),
                    "amount": None,
                    "kind": EntryKind.ENTRY.value,
                    "replaces_id": None,
                    "status": (EntryStatus.DIAJUKAN if waiting else EntryStatus.DISETUJUI).value,
                    "source": SOURCE,
                    "submitted_by": b.verifier[0],
                    "submitted_by_name": "Operator",
                    "causes": "Pendamping kurang" if value < planned else None,
                    "evidence_file_id": None,
                    "draft_key": None,
                }
            )
    b.insert(IndicatorPlan, plans)
    b.insert(RealizationEntry, entries)
