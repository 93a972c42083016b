"""Synthetic agencies shaped like the report, for scale tests and benchmarks (``demo-data``).

Each agency (``demo-001``, ``demo-002``, ...) gets what the real one has: units with duties, a
Renstra, ``years`` fiscal years ending in :data:`LAST_YEAR` (the latest open, the others
closed), a budget tree of the report's shape (8 programs, ~15 kegiatan, ~29 sub kegiatan, pagu
in the same magnitudes, targets such as "1 dok", "30 org", "100 %"), indicators with Renja / PK
targets, a ledger of monthly entries per sub-activity as officers record them (approved, some
corrected, rejected, withdrawn or still waiting), its users and, when the reminder tables exist,
group subscriptions.

Generation is deterministic in ``seed`` (each agency draws from its own ``Random``), writes in
bulk in one transaction, and only ever adds rows: an agency whose code already exists is
skipped, so the real agency's data and an earlier run are left as they are.

The package, by concept: ``common`` (codes, ids, years, the report), ``words`` (the lists drawn
from), ``agency`` (the order one agency is built in) over ``builder`` (its state and writes),
``structure``, ``people``, ``indicators``, ``budget`` and ``ledger`` (what it builds), and
``typed`` (numbers as officers type them).
"""

from __future__ import annotations

import random

from sqlalchemy import Engine
from sqlmodel import col, select

from lakip_model.db import session_scope
from lakip_model.models import Agency
from seed.demo import agency
from seed.demo.common import (
    CODE_PREFIX,
    GROUP_ID_BASE,
    LAST_YEAR,
    OPEN_MONTHS,
    SOURCE,
    TELEGRAM_ID_BASE,
    DemoError,
    DemoReport,
    agency_code,
    demo_years,
    telegram_id,
)

__all__ = [
    "CODE_PREFIX",
    "GROUP_ID_BASE",
    "LAST_YEAR",
    "OPEN_MONTHS",
    "SOURCE",
    "TELEGRAM_ID_BASE",
    "DemoError",
    "DemoReport",
    "agency_code",
    "demo_years",
    "generate",
    "telegram_id",
]


def generate(engine: Engine, agencies: int, years: int, seed: int = 1) -> DemoReport:
    """Add ``agencies`` synthetic agencies with ``years`` fiscal years each, in one transaction."""
    if agencies < 1 or years < 1:
        raise DemoError("agencies and years must be at least 1")
    if agencies > 999:
        raise DemoError("at most 999 demo agencies (codes demo-001..demo-999)")
    report = DemoReport()
    with session_scope(engine) as session:
        existing = set(
            session.exec(select(Agency.code).where(col(Agency.code).startswith(CODE_PREFIX)))
        )
        for index in range(1, agencies + 1):
            code = agency_code(index)
            if code in existing:
                report.skipped.append(code)
                continue
            agency.build(session, index, years, random.Random(f"{seed}:{index}"), report)
            report.added.append(code)
    return report
