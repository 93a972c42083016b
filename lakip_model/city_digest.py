"""The city digest: at each quarter's start, the ranking of the quarter just ended and who is
late, to the city's groups (LAKIP_CITY_CHAT_IDS), delivered with the reminders' machinery."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from lakip_model.city import CityLate, CityRanking, late, ranking
from lakip_model.deadlines import JAKARTA, occurrences
from lakip_model.digest import DEFAULT_NORM, DIGEST_AT, DIGEST_GRACE, DIGEST_RULE
from lakip_model.models import Agency
from lakip_model.queries import YearNotFound
from lakip_model.reminders.delivery import DEFAULT_LOOKBACK, DueReminders, Planned, is_open
from lakip_model.reminders.rules import calendar
from lakip_model.reminders.tables import ALL_UNITS, Delivery

# The city digest as a rule of the calendar: the agencies' quarterly digest's schedule (the first
# working day of the next quarter, 08:00 WIB), its own code so that its deliveries are its own.
CITY_DIGEST_RULE = dataclasses.replace(
    DIGEST_RULE,
    code="ringkasan-kota",
    name="Ringkasan triwulan kota",
    basis="Peringkat OPD dan yang belum lapor, untuk grup kota (LAKIP_CITY_CHAT_IDS).",
)


def due_city_digests(
    session: Session,
    now: datetime,
    chat_ids: Sequence[int],
    grace: timedelta = DIGEST_GRACE,
    *,
    tz: tzinfo = JAKARTA,
    lookback: timedelta = DEFAULT_LOOKBACK,
) -> DueReminders:
    """The city digests to send now to each city group (instant in [now - grace, now]) and
    those missed, planned and keyed as ``digest.due_digests`` plans an agency's: a delivery row
    per (chat, quarter) with the reminders' unique key, lease and retries, so that several
    processes send each once."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    chats = sorted(set(chat_ids))
    if not chats:
        return DueReminders([], [])
    low = now - max(lookback, grace)
    quarters = occurrences(
        CITY_DIGEST_RULE, low.astimezone(tz).date(), now.astimezone(tz).date(), calendar(session)
    )
    if not quarters:
        return DueReminders([], [])
    taken = {
        (chat, period)
        for chat, period, status, lease, retry in session.execute(
            sa_select(
                col(Delivery.chat_id),
                col(Delivery.period_key),
                col(Delivery.status),
                col(Delivery.lease_until),
                col(Delivery.next_attempt_at),
            ).where(
                col(Delivery.rule_code) == CITY_DIGEST_RULE.code,
                col(Delivery.period_key).in_([q.period_key for q in quarters]),
                col(Delivery.chat_id).in_(chats),
            )
        )
        if not is_open(status, lease, retry, now)
    }
    # a delivery row belongs to an agency; the city's go under the first one, always the same
    host = session.scalar(sa_select(func.min(col(Agency.id))))
    if host is None:
        return DueReminders([], [])
    plans = []
    for occ in quarters:
        instant = datetime.combine(occ.due, DIGEST_AT, tz)
        if not low <= instant <= now:
            continue
        for chat in chats:
            if (chat, occ.period_key) in taken:
                continue
            plans.append(
                Planned(
                    int(host), None, chat, None, None, ALL_UNITS, CITY_DIGEST_RULE, occ, 0, instant
                )
            )
    plans.sort(key=lambda p: (p.instant, p.chat_id))
    edge = now - grace
    return DueReminders(
        send=[p for p in plans if p.instant >= edge],
        missed=[p for p in plans if p.instant < edge],
    )


@dataclass
class CityDigest:
    """The quarter just ended, for the city: the ranking of that quarter and who is late."""

    year: int
    quarter: int
    ranking: CityRanking | None  # None: no agency has that year
    late: CityLate


def city_digest(
    session: Session, planned: Planned, today: date, norm: Sequence[Decimal] = DEFAULT_NORM
) -> CityDigest:
    """What a planned city digest carries: its quarter's ranking, and who is late today."""
    occ = planned.occurrence
    assert occ.period_quarter is not None
    return digest_for(session, occ.period_year, occ.period_quarter, today, norm)


def digest_for(
    session: Session, year: int, quarter: int, today: date, norm: Sequence[Decimal] = DEFAULT_NORM
) -> CityDigest:
    try:
        ranked: CityRanking | None = ranking(session, year, quarter, norm)
    except YearNotFound:
        ranked = None
    return CityDigest(year, quarter, ranked, late(session, today))
