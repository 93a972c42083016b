"""One agency, built in a fixed order: structure and people first, then each year with its ledger.

The order is the contract: every part draws from the agency's one ``Random``, so calling them
in this sequence is what makes the same seed give the same rows.
"""

from __future__ import annotations

import random

from sqlmodel import Session

from seed.demo import budget, indicators, ledger, people, quarters, structure
from seed.demo.budget import Program
from seed.demo.builder import Builder
from seed.demo.common import DemoReport


def build(session: Session, index: int, years: int, rng: random.Random, report: DemoReport) -> None:
    """Add agency ``index`` with ``years`` fiscal years (the last one open) to ``session``."""
    b = Builder(session, index, years, rng, report)
    structure.agency(b)
    structure.units(b)
    people.users(b)
    structure.renstra(b)
    shape = budget.draw_shape(b.rng)
    for year in b.years:
        _year(b, year, shape, closed=year != b.years[-1])
    people.subscriptions(b)


def _year(b: Builder, year: int, shape: list[Program], *, closed: bool) -> None:
    """One fiscal year: its row, indicators, budget tree, measurements (if closed), ledger, and
    the indicators' quarters (plans and figures)."""
    fy_id = structure.fiscal_year(b, year, closed=closed)
    year_indicators = indicators.indicators(b, fy_id)
    nodes = budget.tree(b, fy_id, shape, year_indicators)
    budget.measurements(b, fy_id, shape, nodes, closed)
    ledger.ledger(b, year, shape, nodes, year_indicators, closed)
    quarters.quarters(b, year, year_indicators, closed)
