"""A first quarter of 2026 with indicator and budget figures, for the quarterly reminder and
digest tests (tests/model/test_digest.py, tests/bot/journeys/test_quarterly_digest.py).

The seed gives the 2022 report's indicators the units of the program rows that report them and
no quarterly targets; so that the tests' expectations depend on this module alone, it assigns
the indicators below to units (and takes every other indicator off its unit), writes their
rencana aksi and approved Q1 figures, and
records approved Rupiah for January to March (and entries that must not count: one waiting for
verification, one of April). What it wrote is returned, so tests compute what to expect from
these figures rather than from the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import col, select

from lakip_model.db import session_scope
from lakip_model.deadlines import JAKARTA
from lakip_model.models import (
    Agency,
    BudgetNode,
    EntryStatus,
    Indicator,
    IndicatorPlan,
    NodeLevel,
    RealizationEntry,
    Role,
)
from lakip_model.users import set_user
from lakip_model.years import open_year

YEAR = 2026
PPPA, PKM, SEKRETARIAT = 4, 5, 2
Q1_DIGEST = datetime(2026, 4, 1, 8, 0, tzinfo=JAKARTA)  # Wednesday 1 April 2026, 08:00 WIB
Q2_DIGEST = datetime(2026, 7, 1, 8, 0, tzinfo=JAKARTA)  # Wednesday 1 July 2026
Q1_DUE = datetime(2026, 4, 7, 8, 0, tzinfo=JAKARTA)  # the Q1 indicator report: Tuesday 7 April
OTHER_PIMPINAN = 7100  # the Kepala Dinas of another agency

# indicator key -> (unit, IKU, rencana aksi TW I-IV (None: not set), approved Q1 figure)
INDICATORS: dict[str, tuple[int, bool, tuple[str | None, ...], str | None]] = {
    "ipg": (PPPA, True, ("90", "91", "92", "93"), "85"),  # below target: 94,44 %
    "skor-kla": (PPPA, False, ("500", "520", "540", "560"), "520"),  # above
    "anak-korban": (PPPA, False, ("100", None, None, None), None),  # missing, unplanned
    "pkk-aktif": (PKM, False, ("10", "10", "10", "10"), "12"),  # above
}


@dataclass
class Quarter:
    fiscal_year_id: int
    indicator_ids: dict[str, int]
    approved_q1: int  # Rupiah approved for January to March
    pagu: int | None  # of the year's root row, as printed (copied from 2022)
    nodes: list[int]  # the sub-activities with an entry


def first_quarter(engine: Engine) -> Quarter:
    """2026 opened from 2022, with the indicators and entries above; returns what was written."""
    with session_scope(engine) as session:
        fy = open_year(session, YEAR, 2022)
        fy_id = int(fy.id or 0)
        ids: dict[str, int] = {}
        for other in session.exec(
            select(Indicator).where(
                Indicator.fiscal_year_id == fy_id, col(Indicator.key).not_in(INDICATORS)
            )
        ):
            other.unit_id = None
            session.add(other)
        for key, (unit, iku, plan, figure) in INDICATORS.items():
            ind = session.exec(
                select(Indicator).where(Indicator.fiscal_year_id == fy_id, Indicator.key == key)
            ).one()
            ind.unit_id, ind.iku = unit, iku
            session.add(ind)
            iid = int(ind.id or 0)
            ids[key] = iid
            for quarter, target in enumerate(plan, start=1):
                if target is not None:
                    session.add(
                        IndicatorPlan(
                            indicator_id=iid,
                            quarter=quarter,
                            target_text=target,
                            target_value=Decimal(target),
                            source="test",
                        )
                    )
            if figure is not None:
                session.add(
                    RealizationEntry(
                        indicator_id=iid,
                        year=YEAR,
                        quarter=1,
                        quantity=Decimal(figure),
                        quantity_text=figure,
                        status=EntryStatus.DISETUJUI,
                        source="telegram",
                    )
                )
        nodes = session.exec(
            select(BudgetNode)
            .where(BudgetNode.fiscal_year_id == fy_id, BudgetNode.level == NodeLevel.SUB_KEGIATAN)
            .order_by(col(BudgetNode.sort_order))
        ).all()
        approved = 0
        written = []
        for n, (node, month) in enumerate(zip(nodes[:3], (1, 2, 3), strict=True)):
            amount = 12_345_678 * (n + 1)
            approved += amount
            written.append(int(node.id or 0))
            session.add(_entry(int(node.id or 0), month, amount, EntryStatus.DISETUJUI))
        # neither counts in Q1: one waits for verification, one is of April
        session.add(_entry(int(nodes[3].id or 0), 3, 99_000_000, EntryStatus.DIAJUKAN))
        session.add(_entry(int(nodes[0].id or 0), 4, 77_000_000, EntryStatus.DISETUJUI))
        written.append(int(nodes[3].id or 0))
        root = session.exec(
            select(BudgetNode).where(
                BudgetNode.fiscal_year_id == fy_id, col(BudgetNode.parent_id).is_(None)
            )
        ).one()
        return Quarter(fy_id, ids, approved, root.pagu, written)


def _entry(node_id: int, month: int, amount: int, status: EntryStatus) -> RealizationEntry:
    return RealizationEntry(
        node_id=node_id, year=YEAR, month=month, amount=amount, status=status, source="telegram"
    )


def other_agency(engine: Engine) -> None:
    """A second agency with its own Kepala Dinas (no year, no units)."""
    with session_scope(engine) as session:
        agency = Agency(code="dinas-lain", name="Dinas Lain", short_name="DL", region="Kota")
        session.add(agency)
        session.flush()
        set_user(
            session,
            None,
            OTHER_PIMPINAN,
            Role.PIMPINAN,
            name="Kadis Lain",
            agency_code="dinas-lain",
        )
