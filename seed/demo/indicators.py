"""A year's performance indicators: Renja and Perjanjian Kinerja objectives, indicators, targets.

Drawn afresh each year (the stems shuffled), as a Renja is written again each year; the
programs that report an indicator point at them by position in the returned list.
"""

from __future__ import annotations

from typing import Any

from lakip_model.models import Indicator, IndicatorTarget, Objective, TargetDocument
from lakip_model.numbers import parse_quantity
from seed.demo.builder import Builder
from seed.demo.quarters import measure_of
from seed.demo.typed import indicator_target
from seed.demo.words import INDICATOR_STEMS, OBJECTIVES


def indicators(b: Builder, fy_id: int) -> list[tuple[Indicator, str]]:
    """~19 indicators with Renja targets (and PK targets for some): (row, Renja target)."""
    rng = b.rng
    objectives = [
        Objective(fiscal_year_id=fy_id, document=doc, number=i, name=name)
        for doc, names in (
            (TargetDocument.RENJA, OBJECTIVES),
            (TargetDocument.PERJANJIAN_KINERJA, OBJECTIVES[:5]),
        )
        for i, name in enumerate(names, 1)
    ]
    b.add(objectives)
    renja, pk = objectives[:6], objectives[6:]
    stems = list(INDICATOR_STEMS)
    rng.shuffle(stems)
    units = [u.id for u in b.units if u.id is not None]
    rows = [
        Indicator(
            fiscal_year_id=fy_id,
            key=f"ind-{i:02d}",
            name=f"{head} {tail}",
            polarity="lower" if head == "Rasio" else "higher",
            sort_order=i,
            iku=i % 3 == 0,  # about a third are the PK's key indicators
            measure=measure_of(head, unit)[0],
            measure_unit=measure_of(head, unit)[1],
            accumulation=measure_of(head, unit)[2],
            unit_id=units[i % len(units)] if units else None,
        )
        for i, (head, tail, unit) in enumerate(stems)
    ]
    b.add(rows)
    targets: list[dict[str, Any]] = []
    result = []
    for i, (ind, (head, _tail, unit)) in enumerate(zip(rows, stems, strict=True)):
        text = indicator_target(rng, head, unit)
        result.append((ind, text))
        docs = [(TargetDocument.RENJA, renja[i % 6], text)]
        if rng.random() < 0.4:
            docs.append((TargetDocument.PERJANJIAN_KINERJA, pk[i % 5], text))
        for doc, objective, target_text in docs:
            target = parse_quantity(target_text)
            targets.append(
                {
                    "indicator_id": ind.id,
                    "objective_id": objective.id,
                    "document": doc.value,
                    "printed_name": ind.name,
                    "target_text": target_text,
                    "target_value": target.value,
                    "target_unit": target.unit,
                    "note": None,
                    "sort_order": (objective.number or 0) * 100 + i,
                }
            )
    b.insert(IndicatorTarget, targets)
    return result
