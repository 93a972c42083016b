"""The databases measured: the seeded report (1×) and the report plus 40 demo agencies × 5 years.

Both get the same preparation, so the only difference is the data around the agency served:
2026 is opened for DP3AM Binjai (so a /lapor save has a year to go to), and the people the
benchmark plays are registered. A scenario is one agency of one database, as one bot serves one
agency (``LAKIP_AGENCY``).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from bot.settings import BotSettings
from lakip_model.db import make_engine, session_scope, upgrade
from lakip_model.models import (
    Agency,
    AppUser,
    BudgetNode,
    FiscalYear,
    RealizationEntry,
    Role,
    Unit,
)
from lakip_model.users import set_user, unit_by_code
from lakip_model.years import open_year
from seed import demo
from seed.loader import load_all

REPORT_AGENCY = "dp3am-binjai"
OPEN_YEAR = 2026
# The people the benchmark plays in the seeded agency (as in tests/support/bot.py).
ADMIN_ID = 7001
KADIS_ID = 7002
OPERATOR_ID = 7003  # Bidang PPPA
VERIFIER_ID = 7004
DEMO_AGENCIES = 40
DEMO_YEARS = 5
# Extra people the benchmark plays, so that no one person sends more than a human would
# (a per-user flood limit on incoming updates would otherwise answer instead of the bot).
READERS = 100
OPERATORS = 10
BENCH_ID_BASE = 880_000_000


@dataclass
class Database:
    """A built database file and what is in it."""

    label: str
    path: Path
    counts: dict[str, int]
    build_seconds: float
    demo_seconds: float | None = None

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    @property
    def size_mb(self) -> float:
        return self.path.stat().st_size / 1e6


@dataclass
class Scenario:
    """One agency of one database, as the bot serving it sees it."""

    key: str  # "1x", "100x", "100x-report"
    title: str
    database: Database
    agency: str
    read_year: int  # the year the read commands ask for
    readers: list[int]  # pimpinan: the read commands rotate over them
    operators: list[int]  # operators of one unit: the /lapor saves rotate over them
    operator_unit: str
    people: dict[int, str] = field(default_factory=dict)  # every user in the DB: id -> name

    @property
    def reader(self) -> int:
        return self.readers[0]

    def settings(self) -> BotSettings:
        return BotSettings(
            DATABASE_URL=self.database.url,
            LAKIP_AGENCY=self.agency,
            TELEGRAM_BOT_TOKEN=None,
        )

    def engine(self) -> Engine:
        return make_engine(self.database.url)


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:

        def count(model: type) -> int:
            return int(session.exec(select(func.count()).select_from(model)).one())

        return {
            "agencies": count(Agency),
            "fiscal years": count(FiscalYear),
            "budget rows": count(BudgetNode),
            "ledger entries": count(RealizationEntry),
            "users": count(AppUser),
        }


def _report_people(engine: Engine) -> None:
    with session_scope(engine) as session:
        set_user(session, None, ADMIN_ID, Role.ADMIN, name="Admin", agency_code=REPORT_AGENCY)
        pppa = unit_by_code(session, "bidang-pppa", REPORT_AGENCY).id
        set_user(session, None, KADIS_ID, Role.PIMPINAN, name="Kepala Dinas")
        set_user(session, None, OPERATOR_ID, Role.OPERATOR, pppa, name="Operator PPPA")
        set_user(session, None, VERIFIER_ID, Role.VERIFIKATOR, name="Verifikator")
        open_year(session, OPEN_YEAR, 2022, REPORT_AGENCY)


def bench_ids(slot: int) -> tuple[list[int], list[int]]:
    """The ids of the extra readers and operators of an agency (slot 0: the report's)."""
    base = BENCH_ID_BASE + slot * 1000
    return [base + i for i in range(READERS)], [base + 500 + i for i in range(OPERATORS)]


def _bench_people(engine: Engine, agency: str, unit: str, slot: int) -> None:
    readers, operators = bench_ids(slot)
    with session_scope(engine) as session:
        unit_id = unit_by_code(session, unit, agency).id
        for n, user_id in enumerate(readers, 1):
            set_user(session, None, user_id, Role.PIMPINAN, name=f"Pembaca {n}", agency_code=agency)
        for n, user_id in enumerate(operators, 1):
            set_user(
                session, None, user_id, Role.OPERATOR, unit_id, f"Operator {n}", agency_code=agency
            )


def _checkpoint(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def build_databases(workdir: Path) -> tuple[Database, Database]:
    """The 1× database (seed, people, 2026 opened) and the 100× one (the same plus demo data)."""
    one = workdir / "lakip-1x.db"
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{one}")
    upgrade(engine)
    load_all(engine)
    _report_people(engine)
    _bench_people(engine, REPORT_AGENCY, "bidang-pppa", 0)
    small = Database("1×", one, _counts(engine), time.perf_counter() - started)
    _checkpoint(engine)
    big_path = workdir / "lakip-100x.db"
    shutil.copyfile(one, big_path)
    engine = make_engine(f"sqlite:///{big_path}")
    started = time.perf_counter()
    demo.generate(engine, DEMO_AGENCIES, DEMO_YEARS)
    demo_seconds = time.perf_counter() - started
    _bench_people(engine, demo.agency_code(1), _demo_unit(engine, demo.agency_code(1)), 1)
    big = Database("100×", big_path, _counts(engine), small.build_seconds, demo_seconds)
    _checkpoint(engine)
    return small, big


def _people(engine: Engine) -> dict[int, str]:
    with Session(engine) as session:
        return {u.telegram_id: u.name for u in session.exec(select(AppUser))}


def _demo_unit(engine: Engine, code: str) -> str:
    """The Bidang of a demo agency whose operator has the most sub-activities to report on."""
    with Session(engine) as session:
        row = session.exec(
            select(Unit.code, func.count())
            .join(BudgetNode, col(BudgetNode.unit_id) == Unit.id)
            .join(Agency, col(Agency.id) == Unit.agency_id)
            .where(Agency.code == code, col(Unit.code).startswith("bidang"))
            .group_by(col(Unit.code))
            .order_by(func.count().desc(), col(Unit.code))
        ).first()
    if row is None:
        raise RuntimeError(f"no Bidang with sub-activities in {code}")
    return str(row[0])


def scenarios(small: Database, big: Database) -> list[Scenario]:
    """1×: the report's agency; 100×: demo-001's open year, and the report's agency again."""
    small_engine, big_engine = make_engine(small.url), make_engine(big.url)
    try:
        unit = _demo_unit(big_engine, demo.agency_code(1))
        report_people, big_people = _people(small_engine), _people(big_engine)
    finally:
        small_engine.dispose()
        big_engine.dispose()
    report_readers, report_operators = bench_ids(0)
    demo_readers, demo_operators = bench_ids(1)
    return [
        Scenario(
            "1x",
            "1× — DP3AM Binjai, the seeded report",
            small,
            REPORT_AGENCY,
            2022,
            [KADIS_ID, *report_readers],
            [OPERATOR_ID, *report_operators],
            "bidang-pppa",
            report_people,
        ),
        Scenario(
            "100x",
            f"100× — {demo.agency_code(1)} (a demo agency, open year {demo.LAST_YEAR})",
            big,
            demo.agency_code(1),
            demo.LAST_YEAR,
            [demo.telegram_id(1, 1), *demo_readers],
            demo_operators,
            unit,
            big_people,
        ),
        Scenario(
            "100x-report",
            "100× — DP3AM Binjai in the 100× database",
            big,
            REPORT_AGENCY,
            2022,
            [KADIS_ID, *report_readers],
            [OPERATOR_ID, *report_operators],
            "bidang-pppa",
            big_people,
        ),
    ]
