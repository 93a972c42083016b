"""Deadline reminders in the database: the rule calendar, holidays, subscriptions, deliveries.

``lakip_model.deadlines`` knows *when* (pure rules and dates); this package stores what admins
and group chats chose and decides *what is due now*. It never talks to Telegram: the bot asks
``due_reminders`` what to send, ``claim``s each one (a lease) and reports back with ``mark_sent``,
``mark_retry`` or ``mark_failed``. One module per concept:

- ``tables``: the rows (rules, holidays, subscriptions, deliveries);
- ``rules``: the agency's rules and holidays, their defaults and admins' edits, the calendar;
- ``subscriptions``: which group follows which rule, unit and lead days; chats that move or go;
- ``panel``: what a group's /pengingat panel shows;
- ``delivery``: what is due, claims and their outcome (exactly once: see ``delivery``);
- ``outstanding``: the sub-activities still without a realization entry, and their officers;
- ``outstanding_indicators``: the indicators still without a quarter's figure or rencana aksi.

The public names are re-exported here, so callers write ``from lakip_model import reminders as
rem`` and ``rem.subscribe(...)``. Refusals are ``lakip_model.errors`` classes (codes
``reminder.*`` and ``deadline.*``).
"""

from __future__ import annotations

from lakip_model.reminders.delivery import (
    DEFAULT_GRACE,
    DEFAULT_LEASE,
    DEFAULT_LOOKBACK,
    MAX_LISTED,
    DueReminders,
    Planned,
    backoff,
    claim,
    deliveries,
    due_reminders,
    is_open,
    mark_failed,
    mark_retry,
    mark_sent,
    next_instant,
    record_missed,
)
from lakip_model.reminders.outstanding import (
    MISSING_ROLES,
    MissingReport,
    Officer,
    Outstanding,
    RealizationStatus,
    YearState,
    missing_reports,
    outstanding_of_upcoming,
    outstanding_sub_activities,
    realization_rule,
    realization_status,
    reporting_month,
)
from lakip_model.reminders.outstanding_indicators import (
    IndicatorStatus,
    indicator_status,
    indicators_of_upcoming,
    outstanding_indicators,
)
from lakip_model.reminders.panel import ChatPanel, chat_panel, default_unit
from lakip_model.reminders.rules import (
    EDITABLE,
    Upcoming,
    add_holiday,
    agency_code_of,
    agency_id,
    agency_ids,
    calendar,
    ensure_default_rules,
    holidays,
    remove_holiday,
    rule,
    rule_rows,
    rules,
    rules_by_agency,
    seed_default_rules,
    upcoming,
    update_rule,
)
from lakip_model.reminders.subscriptions import (
    LEAD_PRESETS,
    chat_leads,
    drop_chat,
    drop_chat_by_agency,
    migrate_chat,
    reminder_units,
    set_lead_days,
    subscribe,
    subscriptions,
    toggle,
    unit_key_of,
    unsubscribe,
)
from lakip_model.reminders.tables import (
    ALL_UNITS,
    DeadlineRuleRow,
    Delivery,
    DeliveryStatus,
    DigestSubscription,
    HolidayRow,
    Subscription,
)

__all__ = [
    "ALL_UNITS",
    "DEFAULT_GRACE",
    "DEFAULT_LEASE",
    "DEFAULT_LOOKBACK",
    "EDITABLE",
    "LEAD_PRESETS",
    "MAX_LISTED",
    "MISSING_ROLES",
    "ChatPanel",
    "DeadlineRuleRow",
    "Delivery",
    "DeliveryStatus",
    "DigestSubscription",
    "DueReminders",
    "HolidayRow",
    "IndicatorStatus",
    "MissingReport",
    "Officer",
    "Outstanding",
    "Planned",
    "RealizationStatus",
    "Subscription",
    "Upcoming",
    "YearState",
    "add_holiday",
    "agency_code_of",
    "agency_id",
    "agency_ids",
    "backoff",
    "calendar",
    "chat_leads",
    "chat_panel",
    "claim",
    "default_unit",
    "deliveries",
    "drop_chat",
    "drop_chat_by_agency",
    "due_reminders",
    "ensure_default_rules",
    "holidays",
    "indicator_status",
    "indicators_of_upcoming",
    "is_open",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "migrate_chat",
    "missing_reports",
    "next_instant",
    "outstanding_indicators",
    "outstanding_of_upcoming",
    "outstanding_sub_activities",
    "realization_rule",
    "realization_status",
    "record_missed",
    "reminder_units",
    "remove_holiday",
    "reporting_month",
    "rule",
    "rule_rows",
    "rules",
    "rules_by_agency",
    "seed_default_rules",
    "set_lead_days",
    "subscribe",
    "subscriptions",
    "toggle",
    "unit_key_of",
    "unsubscribe",
    "upcoming",
    "update_rule",
]
