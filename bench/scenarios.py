"""The databases measured: the seeded report (1×), the report plus 40 demo agencies × 5 years
(100×), and the city: the report plus 100 demo agencies × 10 years, on SQLite and (when
``LAKIP_BENCH_DATABASE_URL`` names one) on PostgreSQL.

All get the same preparation, so the only difference is the data around the agency served:
2026 is opened for DP3AM Binjai (so a /lapor save has a year to go to), and the people the
benchmark plays are registered. A 1× or 100× scenario is one agency of one database, as a bot
restricted to one agency (``LAKIP_AGENCY``) serves it; a city scenario is the whole deployment
(no ``LAKIP_AGENCY``): the Kepala Dinas of every demo agency asks about their own, and a
Bappeda user reads across them.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, text
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
CITY_AGENCIES = 100  # issue #18: a city of 100 agencies with 10 years each
CITY_YEARS = 10
BAPPEDA_ID = 7101  # the city's planning agency, who reads every agency (/peringkat)
# Extra people the benchmark plays, so that no one person sends more than a human would
# (a per-user flood limit on incoming updates would otherwise answer instead of the bot).
READERS = 100
OPERATORS = 10
BENCH_ID_BASE = 880_000_000


@dataclass
class Database:
    """A built database file and what is in it."""

    label: str
    path: Path | None  # None: a PostgreSQL database at ``server_url``
    counts: dict[str, int]
    build_seconds: float
    demo_seconds: float | None = None
    server_url: str | None = None
    server_size_mb: float | None = None
    demo_shape: tuple[int, int] | None = None  # the city's demo agencies and years

    @property
    def url(self) -> str:
        if self.server_url is not None:
            return self.server_url
        return f"sqlite:///{self.path}"

    @property
    def size_mb(self) -> float:
        if self.path is None:
            return self.server_size_mb or 0.0
        return self.path.stat().st_size / 1e6

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.server_url is not None else "SQLite"


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
    city: bool = False  # the whole deployment (no LAKIP_AGENCY), readers of many agencies
    city_reader: int | None = None  # a Bappeda user: /peringkat

    @property
    def reader(self) -> int:
        return self.readers[0]

    def settings(self) -> BotSettings:
        return BotSettings(
            DATABASE_URL=self.database.url,
            LAKIP_AGENCY=None if self.city else self.agency,
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


def _city_people(engine: Engine) -> None:
    """The Bappeda user (in the report's agency: city roles read every agency)."""
    with session_scope(engine) as session:
        set_user(
            session, None, BAPPEDA_ID, Role.BAPPEDA, name="Bappeda Kota", agency_code=REPORT_AGENCY
        )


def _prepare_city(engine: Engine, agencies: int, years: int) -> float:
    """The report, its people, the city's demo agencies and the Bappeda user; seconds taken
    by the demo data alone."""
    upgrade(engine)
    load_all(engine)
    _report_people(engine)
    started = time.perf_counter()
    demo.generate(engine, agencies, years)
    demo_seconds = time.perf_counter() - started
    _city_people(engine)
    return demo_seconds


def build_city(
    workdir: Path,
    server_url: str | None = None,
    agencies: int = CITY_AGENCIES,
    years: int = CITY_YEARS,
) -> Database:
    """The city database: a SQLite file in ``workdir``, or the PostgreSQL database at
    ``server_url`` (emptied first: give one made for the benchmark)."""
    started = time.perf_counter()
    if server_url is None:
        path: Path | None = workdir / "lakip-city.db"
        engine = make_engine(f"sqlite:///{path}")
    else:
        path = None
        engine = make_engine(server_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    try:
        demo_seconds = _prepare_city(engine, agencies, years)
        counts = _counts(engine)
        size = None
        if server_url is None:
            _checkpoint(engine)
        else:
            with engine.connect() as connection:
                size = int(
                    connection.execute(text("SELECT pg_database_size(current_database())")).one()[0]
                )
                connection.execute(text("ANALYZE"))  # as autovacuum would, soon after a load
                connection.commit()
    finally:
        engine.dispose()
    label = "city (PostgreSQL)" if server_url else "city"
    return Database(
        label,
        path,
        counts,
        time.perf_counter() - started,
        demo_seconds,
        server_url=server_url,
        server_size_mb=size / 1e6 if size is not None else None,
        demo_shape=(agencies, years),
    )


def city_scenario(key: str, database: Database) -> Scenario:
    """The whole city on ``database``: every demo agency's Kepala Dinas asks about their own
    agency's open year, in turn; the Bappeda user asks for the city's ranking."""
    engine = make_engine(database.url)
    try:
        people = _people(engine)
        unit = _demo_unit(engine, demo.agency_code(1))
    finally:
        engine.dispose()
    agencies, years = database.demo_shape or (CITY_AGENCIES, CITY_YEARS)
    readers = [demo.telegram_id(i, 1) for i in range(1, agencies + 1)]
    return Scenario(
        key,
        f"city — {agencies} demo agencies × {years} years on {database.kind}, "
        f"their Kepala Dinas asking in turn (open year {demo.LAST_YEAR})",
        database,
        demo.agency_code(1),
        demo.LAST_YEAR,
        readers,
        [],
        unit,
        people,
        city=True,
        city_reader=BAPPEDA_ID,
    )


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
