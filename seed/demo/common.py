"""What every part of the demo data shares: its codes, ids and years, its error and its report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

CODE_PREFIX = "demo-"
LAST_YEAR = 2026  # the report's Renstra runs to 2026; demo years end with it
OPEN_MONTHS = 10  # the open year has entries for January..October (the last ones pending)
# Far above any real Telegram user id, so a demo user never shadows a person.
TELEGRAM_ID_BASE = 990_000_000_000
GROUP_ID_BASE = -1_009_900_000_000  # fake supergroup ids of demo group chats
SOURCE = "demo"


class DemoError(ValueError):
    """Demo data cannot be generated as asked."""


@dataclass
class DemoReport:
    """What ``generate`` did: agencies added or skipped, and rows written per table."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: Counter[str] = field(default_factory=Counter)


def agency_code(index: int) -> str:
    """``demo-001`` for index 1."""
    return f"{CODE_PREFIX}{index:03d}"


def demo_years(years: int) -> list[int]:
    """The fiscal years generated: ``years`` of them, ending in LAST_YEAR."""
    return list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))


def telegram_id(agency_index: int, n: int) -> int:
    """The Telegram id of the ``n``-th demo user of an agency (0 = admin)."""
    return TELEGRAM_ID_BASE + agency_index * 100 + n
