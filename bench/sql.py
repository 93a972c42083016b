"""Each query's time against the bare SQL that computes the same figures.

The query side is what a command's worker thread runs: a session, ``resolve_year`` and the
``lakip_model.queries`` functions the command calls (the budget tree, then what is built on it).
The bare side sends hand-written SQL through the DB-API cursor of a pooled connection and
fetches every row, with no ORM and no Python arithmetic: the aggregate the database has to do to
produce the same figures. The year's entries are gathered once in a materialized CTE, so the
SQL needs no index beyond ``realizationentry.node_id`` and reads only that year's rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from lakip_model import performance, queries, search

# The year's ledger: every entry of its rows, read once (a correction or withdrawal is always
# recorded on the row of the entry it replaces, so the replaced ones are among them).
_YEAR = """
WITH year_entries AS MATERIALIZED (
    SELECT e.id, e.node_id, e.month, e.amount, e.quantity, e.kind, e.status, e.replaces_id
    FROM realizationentry e
    WHERE e.node_id IN (SELECT n.id FROM budgetnode n WHERE n.fiscal_year_id = :fy)
),
effective AS (
    SELECT * FROM year_entries
    WHERE status = 'disetujui' AND kind <> 'withdrawal'
      AND id NOT IN (SELECT replaces_id FROM year_entries
                     WHERE replaces_id IS NOT NULL AND status = 'disetujui')
)
"""
# pagu, Rupiah realized (own entries) and entries waiting, per row of the finance table
TREE = (
    _YEAR
    + """,
per_row AS (
    SELECT y.node_id,
           SUM(f.amount) AS amount,
           COUNT(f.amount) AS amounts,
           SUM(CASE WHEN y.status = 'diajukan' THEN 1 ELSE 0 END) AS pending
    FROM year_entries y LEFT JOIN effective f ON f.id = y.id
    GROUP BY y.node_id
)
SELECT n.id, n.parent_id, n.pagu, p.amount, p.amounts, p.pending
FROM budgetnode n LEFT JOIN per_row p ON p.node_id = n.id
WHERE n.fiscal_year_id = :fy
"""
)
# the latest cumulative quantity per row (a year-end figure outranks the months)
QUANTITIES = (
    _YEAR
    + """
SELECT node_id, quantity FROM (
    SELECT node_id, quantity, ROW_NUMBER() OVER (
        PARTITION BY node_id ORDER BY month IS NULL DESC, month DESC, id DESC) AS r
    FROM effective WHERE quantity IS NOT NULL) AS q
WHERE r = 1
"""
)
# every indicator with its printed targets and the row that reports its realization
INDICATORS = """
SELECT i.id, i.polarity, t.document, t.target_value, o.name, n.id
FROM indicator i
LEFT JOIN indicatortarget t ON t.indicator_id = i.id
LEFT JOIN objective o ON o.id = t.objective_id
LEFT JOIN budgetnode n ON n.indicator_id = i.id AND n.fiscal_year_id = :fy
WHERE i.fiscal_year_id = :fy
"""
SEARCH = """
SELECT n.id FROM budgetnode n
WHERE n.fiscal_year_id = :fy AND n.level <> 'total' AND n.search_text LIKE :pattern
"""

TREE_SQL = (TREE, QUANTITIES)


@dataclass
class QueryCase:
    """A query as a command runs it, and the bare SQL for the same figures."""

    name: str
    command: str
    run: Callable[[Session, int, str], Any]
    sql: tuple[str, ...]


def _tree(session: Session, year: int, agency: str) -> Any:
    return queries.budget_tree(session, queries.resolve_year(session, year, agency))


def _summary(session: Session, year: int, agency: str) -> Any:
    return performance.summary(session, queries.resolve_year(session, year, agency))


def _below(session: Session, year: int, agency: str) -> Any:
    tree = _tree(session, year, agency)
    return performance.below_target(session, tree)


def _search(session: Session, year: int, agency: str) -> Any:
    return search.search(session, _tree(session, year, agency), SEARCH_WORDS)


def _indicators(session: Session, year: int, agency: str) -> Any:
    return performance.indicator_results(session, _tree(session, year, agency))


SEARCH_WORDS = "anak"
CASES = (
    QueryCase("budget_tree", "/anggaran", _tree, TREE_SQL),
    QueryCase("summary", "/ringkasan", _summary, (*TREE_SQL, INDICATORS)),
    QueryCase("below_target", "/dibawahtarget", _below, (*TREE_SQL, INDICATORS)),
    QueryCase("search", "/cari", _search, (*TREE_SQL, SEARCH, INDICATORS)),
    QueryCase("indicator_results", "/capaian", _indicators, (*TREE_SQL, INDICATORS)),
)


@dataclass
class Ratio:
    name: str
    command: str
    query: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)


def _fiscal_year_id(engine: Engine, year: int, agency: str) -> int:
    with Session(engine) as session:
        return int(queries.resolve_year(session, year, agency).id or 0)


def _bare(engine: Engine, statements: tuple[str, ...], params: dict[str, Any]) -> float:
    """Seconds to run ``statements`` on a pooled DB-API connection and fetch every row."""
    connection = engine.raw_connection()
    try:
        started = time.perf_counter()
        cursor = connection.cursor()
        for statement in statements:
            cursor.execute(statement, params)
            cursor.fetchall()
        cursor.close()
        return time.perf_counter() - started
    finally:
        connection.close()


def _query(engine: Engine, case: QueryCase, year: int, agency: str) -> float:
    started = time.perf_counter()
    with Session(engine) as session:
        case.run(session, year, agency)
    return time.perf_counter() - started


def measure(engine: Engine, year: int, agency: str, samples: int, warmup: int) -> list[Ratio]:
    """Both sides of every case, alternating, ``samples`` times each after ``warmup`` rounds."""
    params = {"fy": _fiscal_year_id(engine, year, agency), "pattern": f"%{SEARCH_WORDS}%"}
    results = [Ratio(case.name, case.command) for case in CASES]
    for round_no in range(warmup + samples):
        for case, ratio in zip(CASES, results, strict=True):
            query = _query(engine, case, year, agency)
            bare = _bare(engine, case.sql, params)
            if round_no >= warmup:
                ratio.query.append(query)
                ratio.bare.append(bare)
    return results
