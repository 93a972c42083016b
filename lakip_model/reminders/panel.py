"""What the /pengingat panel of a group shows: its rules, units, lead days and next reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlmodel import Session

from lakip_model.deadlines import JAKARTA, DeadlineRule
from lakip_model.models import Unit
from lakip_model.reminders.delivery import Planned, next_instant
from lakip_model.reminders.rules import agency_id, rules
from lakip_model.reminders.subscriptions import (
    chat_leads,
    reminder_units,
    subscriptions,
    unit_key_of,
)
from lakip_model.reminders.tables import ALL_UNITS, Subscription


@dataclass
class ChatPanel:
    """Everything the subscription panel of a chat shows, for one unit at a time."""

    chat_id: int
    unit_key: int
    rules: list[DeadlineRule]
    on: set[str]  # rule codes subscribed for this unit
    leads: tuple[int, ...]
    units: list[Unit]
    active: list[Subscription]  # every active subscription of the chat, all units
    next: Planned | None


def chat_panel(
    session: Session,
    chat_id: int,
    unit_id: int | None,
    now: datetime,
    *,
    tz: tzinfo = JAKARTA,
    agency_code: str | None = None,
) -> ChatPanel:
    """The panel of a chat for one agency (``agency_code``; None: the first): that agency's
    rules, units and subscriptions only, even when the group follows another agency too."""
    unit_key = unit_key_of(session, unit_id, agency_code)
    agency = agency_id(session, agency_code)
    active = subscriptions(session, chat_id, agency=agency)
    return ChatPanel(
        chat_id=chat_id,
        unit_key=unit_key,
        rules=rules(session, agency_code),
        on={s.rule_code for s in active if s.unit_key == unit_key},
        leads=chat_leads(session, chat_id, unit_key, agency),
        units=reminder_units(session, agency_code),
        active=active,
        next=next_instant(session, now, tz=tz, agency_code=agency_code, chat_id=chat_id),
    )


def default_unit(session: Session, chat_id: int, agency_code: str | None = None) -> int:
    """The unit a chat's panel opens on: that of its first active subscription (of the agency),
    else all."""
    subs = subscriptions(session, chat_id, agency=agency_id(session, agency_code))
    return subs[0].unit_key if subs else ALL_UNITS
