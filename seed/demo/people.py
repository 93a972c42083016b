"""An agency's people and group chats: its users by role, and reminder subscriptions.

Users get ids from :func:`telegram_id` (far above real ones); the operators are remembered on the
builder by unit, since the ledger signs each sub-activity's entries with one of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lakip_model.models import AppUser, Role
from seed.demo.builder import Builder
from seed.demo.common import GROUP_ID_BASE, LAST_YEAR, telegram_id


def users(b: Builder) -> None:
    """Admin, pimpinan and verifikator; one or two operators for each unit with rows."""
    people: list[dict[str, Any]] = [
        {"n": 0, "name": "Admin Demo", "role": Role.ADMIN, "unit_id": None},
        {"n": 1, "name": "Kepala Dinas", "role": Role.PIMPINAN, "unit_id": None},
        {"n": 2, "name": b.verifier[1], "role": Role.VERIFIKATOR, "unit_id": None},
    ]
    n = 3
    for unit_index in (1, 2, 3, 4):  # the Sekretariat and the Bidang own sub-activities
        for k in range(1 + (unit_index + b.index) % 2):
            name = f"Operator {b.units[unit_index].code} {k + 1}"
            people.append({"n": n, "name": name, "role": Role.OPERATOR, "unit_id": unit_index})
            b.operators.setdefault(unit_index, []).append((telegram_id(b.index, n), name))
            n += 1
    created = datetime(b.years[0], 1, 2, 2, 0, tzinfo=UTC)
    b.insert(
        AppUser,
        [
            {
                "telegram_id": telegram_id(b.index, p["n"]),
                "agency_id": b.agency_id,
                "name": p["name"],
                "username": None,
                "role": p["role"].value,
                "unit_id": b.units[p["unit_id"]].id if p["unit_id"] is not None else None,
                "active": True,
                "created_at": created,
            }
            for p in people
        ],
    )


def subscriptions(b: Builder) -> None:
    """Group chats subscribed to the monthly-realization reminder, when the tables exist."""
    try:
        from lakip_model.reminders import Subscription, seed_default_rules
    except ImportError:  # the reminder module is optional here
        return
    b.report.rows["DeadlineRuleRow"] += seed_default_rules(b.session, b.agency_id)
    since = datetime(LAST_YEAR, 1, 1, tzinfo=UTC)
    rows = []
    for k, unit_index in enumerate((None, 2, 3, 4)):
        unit_id = b.units[unit_index].id if unit_index is not None else None
        rows.append(
            {
                "agency_id": b.agency_id,
                "chat_id": GROUP_ID_BASE - b.index * 10 - k,
                "chat_title": f"Grup {b.units[unit_index or 0].name} demo {b.index:03d}",
                "rule_code": "realisasi-bulanan",
                "unit_id": unit_id,
                "unit_key": unit_id or 0,
                "lead_days": "3,1,0",
                "at_time": "08:00",
                "active": True,
                "since": since,
                "created_by": telegram_id(b.index, 0),
                "created_at": since,
                "updated_by": None,
            }
        )
    b.insert(Subscription, rows)
