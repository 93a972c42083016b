"""Which group chats follow which rules, for which unit, how many days ahead.

Who may subscribe a group is Telegram's business (the chat's own administrators), so the bot
checks it; the functions here take the actor only for the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Update, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from lakip_model.deadlines import (
    DEFAULT_LEAD_DAYS,
    DEFAULT_REMINDER_TIME,
    parse_lead_days,
    parse_time,
)
from lakip_model.errors import NotFound
from lakip_model.models import Unit, UnitKind, utcnow
from lakip_model.reminders.rules import agency_id, rule
from lakip_model.reminders.tables import ALL_UNITS, Delivery, Subscription
from lakip_model.users import audit

LEAD_PRESETS: tuple[tuple[int, ...], ...] = ((7, 3, 1, 0), (3, 1, 0), (1, 0), (0,))


def reminder_units(session: Session, agency_code: str | None = None) -> list[Unit]:
    """Units a group may follow: the Sekretariat and the Bidang (they own sub-activities)."""
    agency = agency_id(session, agency_code)
    return list(
        session.exec(
            select(Unit)
            .where(
                Unit.agency_id == agency,
                col(Unit.kind).in_([UnitKind.SEKRETARIAT, UnitKind.BIDANG]),
            )
            .order_by(col(Unit.sort_order), col(Unit.id))
        )
    )


def unit_key_of(session: Session, unit_id: int | None, agency_code: str | None) -> int:
    """The key of a unit a group may follow (``ALL_UNITS`` for none); ``NotFound`` for others."""
    if unit_id is None or unit_id == ALL_UNITS:
        return ALL_UNITS
    if unit_id not in {u.id for u in reminder_units(session, agency_code)}:
        raise NotFound("reminder.unknown_unit")
    return unit_id


def subscriptions(
    session: Session,
    chat_id: int | None = None,
    *,
    active_only: bool = True,
    agency: int | None = None,
) -> list[Subscription]:
    """Subscriptions (of a chat, of an agency by id, active only by default), by chat and unit."""
    stmt = select(Subscription).order_by(
        col(Subscription.chat_id), col(Subscription.unit_key), col(Subscription.id)
    )
    if chat_id is not None:
        stmt = stmt.where(Subscription.chat_id == chat_id)
    if agency is not None:
        stmt = stmt.where(Subscription.agency_id == agency)
    if active_only:
        stmt = stmt.where(col(Subscription.active).is_(True))
    return list(session.exec(stmt))


def _find(
    session: Session, agency: int, chat_id: int, rule_code: str, unit_key: int
) -> Subscription | None:
    return session.exec(
        select(Subscription).where(
            Subscription.agency_id == agency,
            Subscription.chat_id == chat_id,
            Subscription.rule_code == rule_code,
            Subscription.unit_key == unit_key,
        )
    ).first()


def _lead_text(lead_days: str | Sequence[int]) -> str:
    leads = (
        parse_lead_days(lead_days)
        if isinstance(lead_days, str)
        else parse_lead_days(",".join(str(d) for d in lead_days))
    )
    return ",".join(str(d) for d in leads)


def chat_leads(
    session: Session, chat_id: int, unit_id: int | None, agency: int | None = None
) -> tuple[int, ...]:
    """The lead days a chat uses for a unit (of any of its subscriptions of ``agency``, by id;
    of any agency for None), else the default."""
    unit_key = unit_id or ALL_UNITS
    stmt = select(Subscription.lead_days).where(
        Subscription.chat_id == chat_id, Subscription.unit_key == unit_key
    )
    if agency is not None:
        stmt = stmt.where(Subscription.agency_id == agency)
    lead = session.exec(
        stmt.order_by(col(Subscription.active).desc(), col(Subscription.id))
    ).first()
    return parse_lead_days(lead) if lead else DEFAULT_LEAD_DAYS


def subscribe(
    session: Session,
    actor_id: int | None,
    chat_id: int,
    rule_code: str,
    unit_id: int | None = None,
    *,
    chat_title: str | None = None,
    lead_days: str | Sequence[int] | None = None,
    at_time: str | None = None,
    now: datetime | None = None,
    agency_code: str | None = None,
) -> Subscription:
    """Start (or restart) reminders of ``agency_code``'s rule in a chat (that agency's units;
    None: the first agency); the caller checked the actor may."""
    now = now or utcnow()
    agency = agency_id(session, agency_code)
    rule(session, rule_code, agency_code)  # the rule must exist
    unit_key = unit_key_of(session, unit_id, agency_code)
    leads = _lead_text(lead_days) if lead_days is not None else None
    at = parse_time(at_time).strftime("%H:%M") if at_time is not None else None
    sub = _find(session, agency, chat_id, rule_code, unit_key)
    if sub is None:
        sub = Subscription(
            agency_id=agency,
            chat_id=chat_id,
            rule_code=rule_code,
            unit_id=unit_key or None,
            unit_key=unit_key,
            lead_days=leads or ",".join(map(str, chat_leads(session, chat_id, unit_key, agency))),
            at_time=at or DEFAULT_REMINDER_TIME.strftime("%H:%M"),
            created_by=actor_id,
            created_at=now,
            since=now,
        )
    elif not sub.active or (leads and leads != sub.lead_days) or (at and at != sub.at_time):
        sub.since = now
    sub.active = True
    sub.lead_days = leads or sub.lead_days
    sub.at_time = at or sub.at_time
    sub.chat_title = chat_title or sub.chat_title
    sub.updated_by = actor_id
    session.add(sub)
    session.flush()
    audit(
        session,
        actor_id,
        "langganan-pengingat",
        str(chat_id),
        f"tenggat={rule_code} unit={unit_key} H={sub.lead_days} jam={sub.at_time}",
    )
    return sub


def unsubscribe(
    session: Session,
    actor_id: int | None,
    chat_id: int,
    rule_code: str,
    unit_id: int | None = None,
    *,
    agency_code: str | None = None,
) -> bool:
    """Stop an agency's rule's reminders in a chat; the row stays, so its deliveries keep their
    history."""
    sub = _find(session, agency_id(session, agency_code), chat_id, rule_code, unit_id or ALL_UNITS)
    if sub is None or not sub.active:
        return False
    sub.active, sub.updated_by = False, actor_id
    session.add(sub)
    audit(session, actor_id, "henti-pengingat", str(chat_id), f"tenggat={rule_code}")
    return True


def toggle(
    session: Session,
    actor_id: int | None,
    chat_id: int,
    rule_code: str,
    unit_id: int | None = None,
    *,
    chat_title: str | None = None,
    now: datetime | None = None,
    agency_code: str | None = None,
) -> bool:
    """Switch an agency's rule on or off for a chat and unit; returns whether it is now on."""
    sub = _find(session, agency_id(session, agency_code), chat_id, rule_code, unit_id or ALL_UNITS)
    if sub is not None and sub.active:
        unsubscribe(session, actor_id, chat_id, rule_code, unit_id, agency_code=agency_code)
        return False
    subscribe(
        session,
        actor_id,
        chat_id,
        rule_code,
        unit_id,
        chat_title=chat_title,
        now=now,
        agency_code=agency_code,
    )
    return True


def set_lead_days(
    session: Session,
    actor_id: int | None,
    chat_id: int,
    unit_id: int | None,
    lead_days: str | Sequence[int],
    *,
    now: datetime | None = None,
    agency_code: str | None = None,
) -> int:
    """Set the lead days of a chat's subscriptions of an agency for a unit; returns how many
    rows changed.

    Validated with ``deadlines.parse_lead_days`` (``DeadlineError`` for bad input).
    """
    text = _lead_text(lead_days)
    now = now or utcnow()
    agency = agency_id(session, agency_code)
    changed = 0
    for sub in session.exec(
        select(Subscription).where(
            Subscription.agency_id == agency,
            Subscription.chat_id == chat_id,
            Subscription.unit_key == (unit_id or ALL_UNITS),
        )
    ):
        if sub.lead_days == text:
            continue
        sub.lead_days, sub.since, sub.updated_by = text, now, actor_id
        session.add(sub)
        changed += 1
    if changed:
        audit(session, actor_id, "ubah-hari-pengingat", str(chat_id), f"unit={unit_id} H={text}")
    return changed


def _rowcount(session: Session, statement: Update) -> int:
    """Run a bulk UPDATE and say how many rows it changed; loaded objects are refreshed after."""
    result = session.execute(statement.execution_options(synchronize_session=False))
    session.expire_all()
    return int(cast(CursorResult[Any], result).rowcount or 0)


def migrate_chat(session: Session, old: int, new: int) -> int:
    """A group became a supergroup (new id): its subscriptions and deliveries follow it.

    Idempotent, and safe when another process migrates the same chat: rows already moved are not
    found again, and a row whose key already exists under the new id is merged, not duplicated.
    Returns how many subscriptions moved.
    """
    if old == new:
        return 0
    other = aliased(Subscription)
    conflict = select(other.id).where(
        other.agency_id == Subscription.agency_id,
        other.chat_id == new,
        other.rule_code == Subscription.rule_code,
        other.unit_key == Subscription.unit_key,
    )
    moved = _rowcount(
        session,
        update(Subscription)
        .where(col(Subscription.chat_id) == old, ~conflict.exists())
        .values(chat_id=new),
    )
    for sub in subscriptions(session, old, active_only=False):  # both ids had it: merge
        twin = _find(session, sub.agency_id, new, sub.rule_code, sub.unit_key)
        if twin is not None and sub.active and not twin.active:
            twin.active, twin.since = True, utcnow()
            session.add(twin)
        sub.active = False
        session.add(sub)
    later = aliased(Delivery)
    taken = select(later.id).where(
        later.agency_id == Delivery.agency_id,
        later.chat_id == new,
        later.rule_code == Delivery.rule_code,
        later.unit_key == Delivery.unit_key,
        later.period_key == Delivery.period_key,
        later.lead_days == Delivery.lead_days,
    )
    _rowcount(
        session,
        update(Delivery).where(col(Delivery.chat_id) == old, ~taken.exists()).values(chat_id=new),
    )
    if moved:
        audit(session, None, "pindah-grup", str(old), f"ke {new}, {moved} langganan")
    return moved


def drop_chat(session: Session, chat_id: int, actor_id: int | None = None) -> int:
    """The bot left (or was removed from) a chat: stop its reminders; returns how many stopped."""
    return sum(drop_chat_by_agency(session, chat_id, actor_id).values())


def drop_chat_by_agency(
    session: Session, chat_id: int, actor_id: int | None = None
) -> dict[int, int]:
    """Stop a chat's reminders; how many stopped, by agency id (only agencies with some).

    One UPDATE per agency the chat follows, so of two processes noticing at once only one sees
    a count above zero for an agency (and tells that agency's admins, nobody else's).
    """
    agencies = sorted(
        set(
            session.exec(
                select(Subscription.agency_id).where(
                    Subscription.chat_id == chat_id, col(Subscription.active).is_(True)
                )
            )
        )
    )
    stopped: dict[int, int] = {}
    for agency in agencies:
        count = _rowcount(
            session,
            update(Subscription)
            .where(
                col(Subscription.agency_id) == agency,
                col(Subscription.chat_id) == chat_id,
                col(Subscription.active).is_(True),
            )
            .values(active=False, updated_by=actor_id),
        )
        if count:
            stopped[agency] = count
    if stopped:
        total = sum(stopped.values())
        audit(session, actor_id, "hapus-grup", str(chat_id), f"{total} langganan dihentikan")
    return stopped
