"""The state of one agency being built, and the two ways its rows are written.

Every part of an agency (structure, people, indicators, budget tree, ledger) takes this one
builder: the session and the agency's own ``Random`` (so the draws happen in one fixed order,
which is what keeps generation deterministic in the seed), the rows later parts point at (units,
operators, the verifier), and the report that counts rows per table.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlmodel import Session

from lakip_model.models import Unit
from seed.demo.common import DemoReport, demo_years, telegram_id


class Builder:
    """One agency in the making: where it writes, what it draws from, what it has made so far."""

    def __init__(
        self, session: Session, index: int, years: int, rng: random.Random, report: DemoReport
    ) -> None:
        self.session = session
        self.index = index
        self.years = demo_years(years)
        self.rng = rng
        self.report = report
        self.agency_id = 0  # set once the agency row is flushed
        self.units: list[Unit] = []
        self.operators: dict[int, list[tuple[int, str]]] = {}  # unit index -> (telegram id, name)
        self.verifier = (telegram_id(index, 2), "Verifikator")
        # SQLite answers an INSERT ... RETURNING of many rows in the order asked only one row
        # at a time, and so does the ORM's flush of rows without ids: there, ids are given
        # here (the transaction holds the write lock once the agency row is in). On PostgreSQL
        # bulk rows go through COPY, their ids drawn from the table's sequence beforehand.
        dialect = session.get_bind().dialect.name
        self.explicit_ids = dialect == "sqlite"
        self.copy = dialect == "postgresql"
        self._next_id: dict[str, int] = {}

    def _ids(self, table: Table, count: int) -> list[int]:
        """``count`` new ids of ``table``, above every id it holds."""
        start = self._next_id.get(table.name)
        if start is None:
            start = int(self.session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        self._next_id[table.name] = start + count
        return list(range(start, start + count))

    def _sequence_ids(self, table: Table, count: int) -> list[int]:
        """``count`` ids drawn from the PostgreSQL sequence of ``table.id``."""
        drawn = self.session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return sorted(int(r[0]) for r in drawn)

    def _copy(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Write ``rows`` with PostgreSQL's COPY (psycopg), on the session's connection."""
        columns = list(rows[0])
        defaults = {}  # what a Core insert fills in from the columns' Python-side defaults
        for column in table.c:
            if column.key in rows[0] or column.default is None:
                continue
            default: Any = column.default
            if default.is_scalar:
                defaults[column.key] = default.arg
            elif default.is_callable:
                defaults[column.key] = default.arg(None)
        columns += list(defaults)
        raw = self.session.connection().connection.driver_connection
        assert raw is not None
        names = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] if c in row else defaults[c] for c in columns])

    def add(self, rows: list[Any]) -> None:
        """ORM rows whose ids are needed next: added and flushed in one batch."""
        if not rows:
            return
        if self.explicit_ids:
            for row, new_id in zip(
                rows, self._ids(type(rows[0]).__table__, len(rows)), strict=True
            ):
                row.id = new_id
        self.session.add_all(rows)
        self.session.flush()
        self.report.rows[type(rows[0]).__name__] += len(rows)

    def insert(self, model: Any, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
        """Core bulk insert; with ``returning`` the new ids in the order of ``rows``."""
        if not rows:
            return []
        self.report.rows[model.__name__] += len(rows)
        table = model.__table__
        if self.explicit_ids and "id" in table.c:
            ids = self._ids(table, len(rows))
            self.session.execute(
                insert(table),
                [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)],
            )
            return ids if returning else []
        if self.copy:
            ids = self._sequence_ids(table, len(rows)) if "id" in table.c else []
            if ids:
                rows = [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)]
            self._copy(table, rows)
            return ids if returning else []
        if not returning:
            self.session.execute(insert(table), rows)
            return []
        result = self.session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return [int(r[0]) for r in result]
