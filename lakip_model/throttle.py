"""Limits shared by several bot processes on one PostgreSQL database (issue #18, item 4).

Two limits must hold for the deployment, not for each process: the per-user flood limit on
incoming updates, and Telegram's bound on outgoing messages (about 30 a second per bot). With
two processes behind one webhook URL, each would otherwise allow a user 20 updates in 10 s and
send 30 messages a second of its own. Both are kept here as one row each, changed by one
atomic statement (an UPSERT, the row lock serializing the processes), so no new server is
needed:

- :class:`FloodBucket`: a token bucket per Telegram user (``take_token``).
- :class:`SendPace`: the next free instant to send at (``reserve_send``), the "virtual
  scheduling" form of a token bucket without burst: every request reserves the instant one
  interval after the previous one and waits for it, whichever process it is in.

Time is the database's clock (``clock_timestamp()``): the processes' clocks never have to agree.
Neither row is worth a disk flush: the transactions commit with ``synchronous_commit = off`` (a
crash forgets at most the last few counts, which only relaxes a limit for a few seconds).
PostgreSQL only; SQLite is one process, and the bot keeps its in-memory limits there.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Connection, text
from sqlmodel import Field, SQLModel


class FloodBucket(SQLModel, table=True):
    """One user's flood bucket: tokens left at ``at`` (epoch seconds, the database's clock)."""

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    tokens: float
    at: float
    refused: int = 0  # updates refused since the last one let through
    warned: bool = False  # whether this flood's one notice has been given


class SendPace(SQLModel, table=True):
    """The next instant (epoch seconds, the database's clock) a message may be sent at."""

    name: str = Field(primary_key=True)
    next_at: float


_NOW = "EXTRACT(EPOCH FROM clock_timestamp())::double precision"

# The bucket refilled up to now (the row lock makes every process see the latest counts).
_REFILLED = "LEAST(:capacity, b.tokens + GREATEST(0, EXCLUDED.at - b.at) * :rate)"
_TAKE = text(
    f"""
    WITH clock AS (SELECT COALESCE(CAST(:now AS double precision), {_NOW}) AS t)
    INSERT INTO floodbucket AS b (user_id, tokens, at, refused, warned)
    SELECT :user_id, :capacity - 1, clock.t, 0, false FROM clock
    ON CONFLICT (user_id) DO UPDATE SET
        tokens = CASE WHEN {_REFILLED} >= 1 THEN {_REFILLED} - 1 ELSE {_REFILLED} END,
        refused = CASE WHEN {_REFILLED} >= 1 THEN 0 ELSE b.refused + 1 END,
        warned = CASE WHEN {_REFILLED} >= 1 THEN false ELSE b.warned END,
        at = EXCLUDED.at
    RETURNING refused
    """
)

_RESERVE = text(
    f"""
    WITH clock AS (SELECT {_NOW} AS t)
    INSERT INTO sendpace AS p (name, next_at)
    SELECT :name, clock.t + :interval FROM clock
    ON CONFLICT (name) DO UPDATE SET
        next_at = GREATEST(p.next_at, EXCLUDED.next_at - :interval) + :interval
    RETURNING next_at - :interval - (SELECT t FROM clock)
    """
)


_WARN = text(
    "UPDATE floodbucket SET warned = true WHERE user_id = :user_id AND NOT warned RETURNING user_id"
)


def _relaxed(connection: Connection) -> None:
    connection.execute(text("SET LOCAL synchronous_commit = off"))


def take_token(
    connection: Connection,
    user_id: int,
    *,
    capacity: int,
    rate: float,
    now: float | None = None,
) -> bool:
    """Spend one of ``user_id``'s tokens (``capacity`` at most, ``rate`` back per second);
    False when there was none (the update is over the limit).

    One statement, so two processes taking at once queue on the row and both counts land.
    ``now`` (epoch seconds) replaces the database's clock in tests. Run it in a transaction of
    its own: it commits without waiting for the disk.
    """
    _relaxed(connection)
    refused = connection.execute(
        _TAKE, {"user_id": user_id, "capacity": capacity, "rate": rate, "now": now}
    ).scalar_one()
    return bool(refused == 0)


def first_warning(connection: Connection, user_id: int) -> bool:
    """True once per flood (until an update is let through again): the notice to give."""
    _relaxed(connection)
    return connection.execute(_WARN, {"user_id": user_id}).first() is not None


def reserve_send(connection: Connection, interval: float, name: str = "telegram") -> float:
    """Reserve the next send instant, ``interval`` seconds after the one reserved before;
    returns how many seconds to wait for it (0 when the bot was idle)."""
    _relaxed(connection)
    wait = connection.execute(_RESERVE, {"name": name, "interval": interval}).scalar_one()
    return max(0.0, float(wait))
