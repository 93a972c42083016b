"""/belumlapor: who has not reported a month, unit by unit, beside the month's deadline.

In a private chat the officers are mentions (a tap opens a chat with them); in a group they are
plain names, no more than the reminder shows there (docs/security.md, section 9).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import texts
from bot.views.common import Reply, esc, short
from bot.views.reminders import days_left, mention, unit_label
from lakip_model import reminders as rem
from lakip_model.models import Unit
from lakip_model.numbers import format_month

MAX_LISTED_PER_UNIT = 10  # sub-activities listed under one unit; the rest are counted
MAX_NAME = 80  # characters of a sub-activity's name: two lines on a phone


def missing_reply(report: rem.MissingReport, today: date, *, in_group: bool) -> Reply:
    period = format_month(report.year, report.month)
    lines = [texts.MISSING_TITLE.format(period=esc(period))]
    if report.deadline is not None and report.state is rem.YearState.OPEN:
        due = report.deadline
        lines.append(
            texts.MISSING_DEADLINE.format(due=due.due_long, left=days_left(due.days_left(today)))
        )
    lines.append("")
    status = report.status
    if report.state is rem.YearState.CLOSED:
        lines.append(texts.MISSING_YEAR_CLOSED.format(year=report.year, period=esc(period)))
    elif report.state is rem.YearState.MISSING:
        lines.append(texts.MISSING_YEAR_MISSING.format(year=report.year, period=esc(period)))
    elif status is None or not status.total:
        lines.append(texts.MISSING_NO_ROWS.format(year=report.year))
    elif status.complete:
        lines.append(texts.MISSING_ALL_DONE.format(total=status.total, period=esc(period)))
    else:
        lines.append(texts.MISSING_COUNT.format(count=len(status.missing), total=status.total))
        lines += _units(status, report.units, in_group=in_group)
    lines += ["", texts.MISSING_OTHER_MONTHS]
    return Reply("\n".join(lines))


def _units(status: rem.RealizationStatus, units: dict[int, Unit], *, in_group: bool) -> list[str]:
    """A block per unit in the agency's order: its missing rows and officers, or a tick."""
    order: list[int | None] = [uid for uid in units if uid in status.unit_totals]
    order += [uid for uid in status.unit_totals if uid not in units]  # no unit (None) last
    lines: list[str] = []
    for uid in order:
        total = status.unit_totals[uid]
        label = (
            unit_label(units[uid]) if uid is not None and uid in units else texts.MISSING_NO_UNIT
        )
        missing = [m for m in status.missing if m.unit_id == uid]
        lines.append("")
        if not missing:
            lines.append(texts.MISSING_UNIT_DONE.format(unit=esc(label), total=total))
            continue
        lines.append(texts.MISSING_UNIT.format(unit=esc(label), count=len(missing), total=total))
        lines += _items(missing)
        if uid is not None:
            lines.append(_officers(status.officers.get(uid, []), in_group=in_group))
    return lines


def _items(missing: Sequence[rem.Outstanding]) -> list[str]:
    # names only, cut to fit a phone: a number alone ("1") restarts in every kegiatan
    lines = [
        texts.MISSING_ITEM.format(name=esc(short(m.name, MAX_NAME)))
        for m in missing[:MAX_LISTED_PER_UNIT]
    ]
    if len(missing) > MAX_LISTED_PER_UNIT:
        lines.append(texts.MISSING_MORE.format(count=len(missing) - MAX_LISTED_PER_UNIT))
    return lines


def _officers(officers: Sequence[rem.Officer], *, in_group: bool) -> str:
    if not officers:
        return texts.MISSING_NO_OFFICER
    names = [esc(o.name) if in_group else mention(o) for o in officers]
    return texts.MISSING_OFFICERS.format(officers=", ".join(names))
