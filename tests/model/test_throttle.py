"""The limits several processes share (lakip_model.throttle), on the PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import pytest
from sqlalchemy import Engine

from lakip_model.throttle import first_warning, reserve_send, take_token
from tests.conftest import SERVER_URL

pytestmark = pytest.mark.skipif(SERVER_URL is None, reason="the shared limits are PostgreSQL's")
USER = 7002


def _take(engine: Engine, now: float, user: int = USER) -> bool:
    with engine.begin() as connection:
        return take_token(connection, user, capacity=20, rate=2.0, now=now)


def _warn(engine: Engine, user: int = USER) -> bool:
    with engine.begin() as connection:
        return first_warning(connection, user)


@pytest.fixture
def pool(engine: Engine) -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(8) as executor:
        yield executor


def test_a_bucket_lets_twenty_through_then_refills_at_two_a_second(engine: Engine) -> None:
    assert [_take(engine, 1000.0) for _ in range(21)] == [True] * 20 + [False]
    assert _warn(engine) is True
    assert _take(engine, 1000.2) is False
    assert _warn(engine) is False  # one notice per flood
    assert _take(engine, 1000.5) is True  # 0.5 s: one token back
    assert _take(engine, 1000.5) is False
    assert _warn(engine) is True  # a new flood, a new notice
    assert [_take(engine, 1010.5) for _ in range(21)] == [True] * 20 + [False]  # full again
    assert _take(engine, 1000.0, user=7003) is True  # another user's bucket is their own


def test_takes_from_many_connections_at_once_all_count(
    engine: Engine, pool: ThreadPoolExecutor
) -> None:
    allowed = list(pool.map(lambda _n: _take(engine, 2000.0), range(60)))
    assert allowed.count(True) == 20


def test_send_instants_are_spaced_whoever_reserves_them(
    engine: Engine, pool: ThreadPoolExecutor
) -> None:
    interval = 0.05

    def reserve(_n: int) -> float:
        with engine.begin() as connection:
            return reserve_send(connection, interval, name="test")

    waits = sorted(pool.map(reserve, range(40)))
    assert waits[0] < interval  # the first goes at once
    # 40 reservations from 8 connections: 40 instants one interval apart. Each wait is counted
    # from its own reservation, so it is shorter by the time the reservations before it took
    # (the row lock serializes them: a millisecond or so each, tens on a busy machine).
    assert 30 * interval <= waits[-1] <= 39 * interval + 0.01
    gaps = [b - a for a, b in pairwise(waits)]
    assert min(gaps) > 0  # each its own instant, later than the one reserved before
