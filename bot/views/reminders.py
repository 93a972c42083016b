"""Deadlines and reminders as users read them: the reminder, /tenggat, the rule editor, the
holiday table and a group's /pengingat panel, with the kinds of button they carry.

Journeys pass in what ``lakip_model.reminders`` returned; nothing here queries the database.
The rule editor's buttons are for bot admins (checked by the journey on every press); the panel's
are public, since a group's own administrators need no registration (the journey asks Telegram).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from babel import dates as babel_dates
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Access, Bound, Button, RowId, button
from bot.errors import describe
from bot.views.common import Reply, esc, short
from lakip_model import reminders as rem
from lakip_model.deadlines import Cadence, DeadlineRule, Occurrence, Shift
from lakip_model.errors import DomainError
from lakip_model.indicators import IndicatorQuarter
from lakip_model.models import Unit, UnitKind
from lakip_model.numbers import LOCALE, format_date_long

MAX_LISTED_MISSING = 25  # sub-activities listed in one reminder

DueDay = Annotated[int, Bound(31)]  # 0: the last day of the month
Preset = Annotated[int, Bound(len(rem.LEAD_PRESETS) - 1)]  # index into rem.LEAD_PRESETS


# --- buttons ------------------------------------------------------------------------------------


@button("deadline.list")
class DeadlineList(Button):
    """Back to /tenggat, with the admin's edit buttons."""


@button("deadline.edit")
class DeadlineEdit(Button):
    code: str


@button("deadline.days")
class DeadlineDays(Button):
    """The day picker of a rule."""

    code: str


@button("deadline.day")
class DeadlineDay(Button):
    day: DueDay
    code: str


@button("deadline.shift")
class DeadlineShift(Button):
    shift: Shift
    code: str


@button("deadline.active")
class DeadlineActive(Button):
    active: bool
    code: str


@dataclass(frozen=True)
class PanelButton(Button):
    """A button of a group's /pengingat panel: each says which unit the panel shows."""

    unit: RowId  # rem.ALL_UNITS (0) for every unit


@button("reminder.toggle", access=Access.PUBLIC)
class ReminderToggle(PanelButton):
    code: str


@button("reminder.unit", access=Access.PUBLIC)
class ReminderUnit(PanelButton):
    pass


@button("reminder.leads", access=Access.PUBLIC)
class ReminderLeads(PanelButton):
    preset: Preset


@button("reminder.done", access=Access.PUBLIC)
class ReminderDone(PanelButton):
    pass


DEADLINE_BUTTONS: tuple[type[Button], ...] = (
    DeadlineList,
    DeadlineEdit,
    DeadlineDays,
    DeadlineDay,
    DeadlineShift,
    DeadlineActive,
)
REMINDER_BUTTONS: tuple[type[PanelButton], ...] = (
    ReminderToggle,
    ReminderUnit,
    ReminderLeads,
    ReminderDone,
)


def _key(label: str, value: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=value.data())


# --- words --------------------------------------------------------------------------------------


def refusal(exc: Exception) -> str:
    """A refusal as a message: a domain error by its code; a legacy error by its own words."""
    return describe(exc) if isinstance(exc, DomainError) else esc(str(exc))


def days_left(days: int) -> str:
    """ "hari ini", "besok", "3 hari lagi", "terlambat 2 hari"."""
    if days == 0:
        return texts.DAYS_LEFT_TODAY
    if days == 1:
        return texts.DAYS_LEFT_TOMORROW
    if days > 1:
        return texts.DAYS_LEFT.format(days=days)
    return texts.DAYS_LATE.format(days=-days)


def _month_name(month: int) -> str:
    return babel_dates.format_date(date(2000, month, 1), "LLLL", locale=LOCALE)


def rule_text(rule: DeadlineRule) -> str:
    """The due-date rule in words: "tanggal 10 bulan berikutnya"."""
    day = texts.RULE_LAST_DAY if rule.day is None else texts.RULE_DAY.format(day=rule.day)
    if rule.cadence is Cadence.YEARLY:
        assert rule.month is not None
        month = _month_name(rule.month)
        when = (
            texts.RULE_YEARLY_LAST_DAY.format(month=month)
            if rule.day is None
            else texts.RULE_YEARLY_DAY.format(day=rule.day, month=month)
        )
        later = texts.RULE_YEARLY_LATER.format(years=rule.year_offset)
        return texts.RULE_WHEN.format(
            day=when, after=texts.RULE_YEARLY_AFTER.get(rule.year_offset, later)
        )
    if rule.cadence is Cadence.MONTHLY:
        after, later = texts.RULE_MONTHLY_AFTER, texts.RULE_MONTHLY_LATER
    else:
        after, later = texts.RULE_QUARTERLY_AFTER, texts.RULE_QUARTERLY_LATER
    default = later.format(months=rule.months_after)
    return texts.RULE_WHEN.format(day=day, after=after.get(rule.months_after, default))


def lead_label(leads: Iterable[int]) -> str:
    """ "H-7, H-3, H-1, H" (the day itself is "H")."""
    return ", ".join(
        texts.LEAD_THE_DAY if d == 0 else texts.LEAD_DAY.format(days=d)
        for d in sorted(set(leads), reverse=True)
    )


def preset_label(preset: tuple[int, ...]) -> str:
    """ "H-7,3,1,0", "H-1,0", "H"."""
    if preset == (0,):
        return texts.LEAD_THE_DAY
    return texts.LEAD_PRESET.format(days=",".join(map(str, preset)))


def unit_label(unit: Unit | None) -> str:
    """ "Sekretariat", "Bidang KHPKK": short enough for a button."""
    if unit is None:
        return texts.REMINDERS_ALL_UNITS
    if unit.kind == UnitKind.BIDANG and unit.code.startswith("bidang-"):
        return "Bidang " + unit.code.removeprefix("bidang-").upper()
    return short(unit.name, 28)


def unit_name(unit: Unit | None) -> str:
    return texts.REMINDERS_ALL_UNITS if unit is None else unit.name


# --- the reminder -------------------------------------------------------------------------------


def mention(officer: rem.Officer) -> str:
    return f'<a href="tg://user?id={officer.telegram_id}">{esc(officer.name)}</a>'


def reminder_text(
    planned: rem.Planned,
    status: rem.RealizationStatus | None,
    unit: Unit | None,
    units: dict[int, Unit],
    today: date,
    indicators: rem.IndicatorStatus | None = None,
) -> str:
    """What the group reads: deadline, due date, days left and, for realization, who is missing
    (sub-activities for the monthly report, indicators and rencana aksi for the quarterly one)."""
    occ = planned.occurrence
    lines = [
        texts.REMINDER_TITLE.format(name=esc(planned.rule.name)),
        texts.REMINDER_PERIOD.format(period=esc(occ.period_label)),
        texts.REMINDER_DUE.format(due=occ.due_long, left=days_left(occ.days_left(today))),
    ]
    if occ.shifted:
        lines.append(texts.REMINDER_SHIFTED.format(nominal=format_date_long(occ.nominal_due)))
    if unit is not None:
        lines.append(texts.REMINDER_UNIT.format(unit=esc(unit.name)))
    if status is not None and status.total:
        lines.append("")
        lines.extend(_realization_lines(status, occ.period_label, planned.unit_id, units))
    if indicators is not None:
        lines.append("")
        lines.extend(_indicator_lines(indicators, occ.period_label, planned.unit_id, units))
    return "\n".join(lines)


def _indicator_name(item: IndicatorQuarter, unit_id: int | None, units: dict[int, Unit]) -> str:
    name = texts.REMINDER_IKU.format(name=item.name) if item.iku else item.name
    if unit_id is None and item.unit_id is not None:
        name += f" ({unit_label(units.get(item.unit_id))})"
    return texts.REMINDER_MISSING_ITEM.format(name=esc(name))


def _listed(
    items: Sequence[IndicatorQuarter], unit_id: int | None, units: dict[int, Unit]
) -> list[str]:
    lines = [_indicator_name(item, unit_id, units) for item in items[:MAX_LISTED_MISSING]]
    if len(items) > MAX_LISTED_MISSING:
        lines.append(texts.REMINDER_MISSING_MORE.format(count=len(items) - MAX_LISTED_MISSING))
    return lines


def _indicator_lines(
    status: rem.IndicatorStatus, period: str, unit_id: int | None, units: dict[int, Unit]
) -> list[str]:
    """The unit's indicators still without a figure for the quarter, and without rencana aksi;
    only what the data shows (no indicators: said so, not "all reported")."""
    if not status.total:
        return [texts.REMINDER_NO_INDICATORS.format(year=status.year)]
    if status.complete:
        lines = [texts.REMINDER_INDICATORS_DONE.format(total=status.total, period=esc(period))]
    else:
        lines = [
            texts.REMINDER_INDICATORS_MISSING.format(
                period=esc(period), count=len(status.missing), total=status.total
            )
        ]
        lines.extend(_listed(status.missing, unit_id, units))
    if status.unplanned:
        lines.append(texts.REMINDER_UNPLANNED.format(count=len(status.unplanned)))
        lines.extend(_listed(status.unplanned, unit_id, units))
    if not status.complete:
        lines.extend(_officer_lines(status.officers, unit_id, units))
        lines.append(texts.REMINDER_HOW)
    return lines


def _officer_lines(
    officers_of: dict[int, list[rem.Officer]], unit_id: int | None, units: dict[int, Unit]
) -> list[str]:
    """Who is asked to fill it in: the unit's operators, or each unit's for "all units"."""
    if not officers_of:
        return []
    if unit_id is not None:
        officers = officers_of.get(unit_id, [])
        if not officers:
            return []
        return [texts.REMINDER_OFFICERS.format(officers=", ".join(map(mention, officers)))]
    lines = [texts.REMINDER_OFFICERS_BY_UNIT]
    for uid, officers in sorted(officers_of.items()):
        lines.append(
            texts.REMINDER_OFFICERS_UNIT.format(
                unit=esc(unit_label(units.get(uid))),
                officers=", ".join(map(mention, officers)),
            )
        )
    return lines


def _realization_lines(
    status: rem.RealizationStatus, period: str, unit_id: int | None, units: dict[int, Unit]
) -> list[str]:
    if status.complete:
        return [texts.REMINDER_ALL_DONE.format(total=status.total, period=esc(period))]
    lines = [
        texts.REMINDER_MISSING.format(
            period=esc(period), count=len(status.missing), total=status.total
        )
    ]
    for item in status.missing[:MAX_LISTED_MISSING]:
        name = f"{item.number} {item.name}" if item.number else item.name
        if unit_id is None and item.unit_id is not None:
            name += f" ({unit_label(units.get(item.unit_id))})"
        lines.append(texts.REMINDER_MISSING_ITEM.format(name=esc(name)))
    if len(status.missing) > MAX_LISTED_MISSING:
        lines.append(
            texts.REMINDER_MISSING_MORE.format(count=len(status.missing) - MAX_LISTED_MISSING)
        )
    lines.extend(_officer_lines(status.officers, unit_id, units))
    lines.append(texts.REMINDER_HOW)
    return lines


def chat_lost(title: str | None, chat_id: int, reason: str, count: int) -> str:
    """For the bot admins: a group the bot can no longer reach, and its stopped reminders."""
    return texts.CHAT_LOST_ADMINS.format(
        chat=esc(title or chat_id), chat_id=chat_id, reason=esc(reason), count=count
    )


def reminder_failed(planned: rem.Planned, chat_id: int, reason: str) -> str:
    """For the bot admins: one reminder Telegram refused for good (it is not tried again)."""
    return texts.REMINDER_FAILED_ADMINS.format(
        name=esc(planned.rule.name),
        period=esc(planned.occurrence.period_label),
        lead=lead_label([planned.lead]),
        chat=esc(planned.chat_title or chat_id),
        chat_id=chat_id,
        reason=esc(reason),
    )


# --- /tenggat -----------------------------------------------------------------------------------


def deadline_list(
    items: Sequence[rem.Upcoming],
    rules: Sequence[DeadlineRule],
    today: date,
    admin: bool,
    outstanding: Mapping[tuple[str, str], rem.RealizationStatus] | None = None,
    indicators: Mapping[tuple[str, str], rem.IndicatorStatus] | None = None,
) -> Reply:
    """The coming deadlines; an admin also gets a button per rule to edit it. ``outstanding``
    (``rem.outstanding_of_upcoming``): who has not reported, beside a realization deadline;
    ``indicators`` (``rem.indicators_of_upcoming``): the same beside an indicator deadline."""
    outstanding = outstanding or {}
    indicators = indicators or {}
    lines = [texts.DEADLINES_TITLE.format(today=format_date_long(today)), ""]
    for item in items:
        occ = item.occurrence
        shifted = (
            texts.DEADLINES_SHIFTED.format(nominal=format_date_long(occ.nominal_due))
            if occ.shifted
            else ""
        )
        lines.append(
            texts.DEADLINES_ITEM.format(
                due=occ.due_long,
                left=days_left(occ.days_left(today)),
                name=esc(item.rule.name),
                period=esc(occ.period_label),
                shifted=shifted,
            )
            + outstanding_line(outstanding.get((item.rule.code, occ.period_key)))
            + indicators_line(indicators.get((item.rule.code, occ.period_key)))
        )
    if not items:
        lines.append(texts.DEADLINES_NONE)
    inactive = [r.name for r in rules if not r.active]
    if inactive:
        lines += ["", texts.DEADLINES_INACTIVE.format(names=esc(", ".join(inactive)))]
    lines += ["", texts.DEADLINES_FOOTER]
    keyboard = None
    if admin:
        lines.append(texts.DEADLINES_ADMIN_HINT)
        keyboard = InlineKeyboardMarkup(
            [
                [_key(texts.BUTTON_EDIT_RULE.format(name=short(r.name, 50)), DeadlineEdit(r.code))]
                for r in rules
            ]
        )
    return Reply("\n".join(lines), keyboard)


def outstanding_line(status: rem.RealizationStatus | None) -> str:
    """/tenggat: the count beside a realization deadline whose month has begun ("" if none)."""
    if status is None or not status.total:
        return ""
    if status.complete:
        return texts.DEADLINES_OUTSTANDING_DONE.format(total=status.total)
    return texts.DEADLINES_OUTSTANDING.format(count=len(status.missing), total=status.total)


def indicators_line(status: rem.IndicatorStatus | None) -> str:
    """/tenggat: the count beside an indicator deadline whose quarter has begun ("" if none)."""
    if status is None or not status.total:
        return ""
    if status.complete:
        return texts.DEADLINES_INDICATORS_DONE.format(total=status.total)
    return texts.DEADLINES_INDICATORS.format(count=len(status.missing), total=status.total)


def _day_text(rule: DeadlineRule) -> str:
    return texts.DEADLINE_LAST_DAY if rule.day is None else str(rule.day)


def rule_editor(rule: DeadlineRule, following: Occurrence | None) -> Reply:
    """One rule with its next occurrence, and buttons for its day, shift and status."""
    text = texts.DEADLINE_EDIT.format(
        name=esc(rule.name),
        rule=esc(rule_text(rule)),
        shift=texts.SHIFT_LABELS[rule.shift.value],
        status=texts.RULE_ACTIVE if rule.active else texts.RULE_INACTIVE,
        next=(
            texts.DEADLINE_NEXT.format(due=following.due_long, period=esc(following.period_label))
            if following is not None
            else "–"
        ),
        basis=esc(rule.basis or "–"),
    )

    def shift_button(shift: Shift, label: str) -> InlineKeyboardButton:
        mark = "✅ " if shift is rule.shift else ""
        return _key(mark + label, DeadlineShift(shift, rule.code))

    keyboard = InlineKeyboardMarkup(
        [
            [_key(texts.BUTTON_RULE_DAY.format(day=_day_text(rule)), DeadlineDays(rule.code))],
            [
                shift_button(Shift.PREVIOUS, texts.BUTTON_SHIFT_PREVIOUS),
                shift_button(Shift.NONE, texts.BUTTON_SHIFT_NONE),
                shift_button(Shift.NEXT, texts.BUTTON_SHIFT_NEXT),
            ],
            [
                _key(
                    texts.BUTTON_RULE_OFF if rule.active else texts.BUTTON_RULE_ON,
                    DeadlineActive(not rule.active, rule.code),
                )
            ],
            [_key(texts.BUTTON_DEADLINES, DeadlineList())],
        ]
    )
    return Reply(text, keyboard)


def day_picker(rule: DeadlineRule) -> Reply:
    days = [
        _key(("✅" if rule.day == d else "") + str(d), DeadlineDay(d, rule.code))
        for d in range(1, 32)
    ]
    rows = [days[i : i + 7] for i in range(0, len(days), 7)]
    rows.append(
        [
            _key(
                ("✅ " if rule.day is None else "") + texts.BUTTON_LAST_DAY,
                DeadlineDay(0, rule.code),
            )
        ]
    )
    rows.append([_key(texts.BUTTON_RULE_BACK, DeadlineEdit(rule.code))])
    text = texts.DEADLINE_PICK_DAY.format(name=esc(rule.name), current=_day_text(rule))
    return Reply(text, InlineKeyboardMarkup(rows))


def holiday_list(
    shown: Sequence[tuple[date, str]], added: set[date], start: date, end: date
) -> Reply:
    """The holidays from ``start`` to ``end``; those admins entered are marked."""
    lines = [
        texts.HOLIDAYS_TITLE.format(start=format_date_long(start), end=format_date_long(end)),
        "",
    ]
    lines += [
        texts.HOLIDAYS_ITEM.format(
            day=format_date_long(d),
            name=esc(name),
            mark=texts.HOLIDAYS_MARK_ADDED if d in added else "",
        )
        for d, name in shown
    ] or [texts.HOLIDAYS_NONE]
    lines += ["", texts.HOLIDAYS_NOTE]
    return Reply("\n".join(lines))


def holidays_added(rows: Sequence[rem.HolidayRow]) -> str:
    return "\n".join(
        texts.HOLIDAY_ADDED.format(day=format_date_long(r.day), name=esc(r.name)) for r in rows
    )


def holiday_removed(day: date, removed: bool) -> str:
    template = texts.HOLIDAY_REMOVED if removed else texts.HOLIDAY_NOT_FOUND
    return template.format(day=format_date_long(day))


def holiday_bad_date(value: str) -> str:
    return texts.HOLIDAY_BAD_DATE.format(value=esc(short(value, 20)))


# --- /pengingat ---------------------------------------------------------------------------------


def _when(planned: rem.Planned) -> str:
    moment = planned.instant
    return f"{format_date_long(moment.date())} {moment:%H:%M} {moment.tzname() or ''}".strip()


def panel_reply(
    panel: rem.ChatPanel, title: str, *, zone: str = "WIB", closed: bool = False
) -> Reply:
    """A group's reminder settings; closed (after "Selesai"), without the buttons."""
    units = {int(u.id or 0): u for u in panel.units}
    names = {r.code: r.name for r in panel.rules}
    lines = [texts.REMINDERS_TITLE.format(chat=esc(title))]
    if not closed:
        at = panel.active[0].at_time if panel.active else "08:00"
        lines += [
            texts.REMINDERS_UNIT.format(unit=esc(unit_name(units.get(panel.unit_key)))),
            texts.REMINDERS_WHEN.format(leads=lead_label(panel.leads), time=f"{at} {zone}"),
            texts.REMINDERS_HOW,
        ]
    lines += ["", texts.REMINDERS_ACTIVE if panel.active else texts.REMINDERS_NONE]
    for sub in panel.active:
        lines.append(
            texts.REMINDERS_ACTIVE_ITEM.format(
                name=esc(names.get(sub.rule_code, sub.rule_code)),
                unit=esc(unit_label(units.get(sub.unit_key))),
                leads=lead_label(sub.leads),
            )
        )
    if panel.next is not None:
        lines.append(
            texts.REMINDERS_NEXT.format(
                when=_when(panel.next),
                name=esc(panel.next.rule.name),
                period=esc(panel.next.occurrence.period_label),
            )
        )
    if closed:
        return Reply("\n".join([*lines, "", texts.REMINDERS_SAVED]))
    key = panel.unit_key
    rows = [
        [
            _key(
                f"{'✅' if r.code in panel.on else '▫️'} {short(r.name, 45)}",
                ReminderToggle(key, r.code),
            )
        ]
        for r in panel.rules
        if r.active
    ]
    unit_buttons = [
        _key(("• " if uid == key else "") + unit_label(units.get(uid)), ReminderUnit(uid))
        for uid in [rem.ALL_UNITS, *units]
    ]
    rows += [unit_buttons[i : i + 2] for i in range(0, len(unit_buttons), 2)]
    rows.append(
        [
            _key(
                ("✅ " if preset == panel.leads else "") + preset_label(preset),
                ReminderLeads(key, index),
            )
            for index, preset in enumerate(rem.LEAD_PRESETS)
        ]
    )
    rows.append([_key(texts.BUTTON_REMINDERS_DONE, ReminderDone(key))])
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def toggled(on: bool, name: str) -> str:
    """The answer to a rule switched on or off (a toast: plain text)."""
    return (texts.REMINDERS_ON if on else texts.REMINDERS_OFF).format(name=short(name, 60))


def leads_set(preset: tuple[int, ...]) -> str:
    return texts.REMINDERS_LEADS_SET.format(leads=lead_label(preset))


# --- /pengingat in private: an admin previews each group's next reminder ------------------------


@button("reminder.preview")
class ReminderPreview(Button):
    """What a group's next reminder will say. Chat ids are negative, so the button names one of
    the group's subscriptions; bot admins only, checked by the journey on every press."""

    subscription: RowId


@button("reminder.previews")
class ReminderPreviews(Button):
    """Back to the admin's list of groups."""


PREVIEW_BUTTONS: tuple[type[Button], ...] = (ReminderPreview, ReminderPreviews)


def _chat_label(sub: rem.Subscription) -> str:
    return sub.chat_title or str(sub.chat_id)


def preview_list(subs: Sequence[rem.Subscription]) -> Reply:
    """The groups with active subscriptions, a button each."""
    chats: dict[int, list[rem.Subscription]] = {}
    for sub in subs:
        chats.setdefault(sub.chat_id, []).append(sub)
    if not chats:
        return Reply(texts.PREVIEW_NONE)
    lines = [texts.PREVIEW_TITLE, ""]
    lines += [
        texts.PREVIEW_ITEM.format(chat=esc(_chat_label(group[0])), count=len(group))
        for group in chats.values()
    ]
    lines += ["", texts.PREVIEW_HOW]
    keyboard = InlineKeyboardMarkup(
        [
            [_key(short(_chat_label(group[0]), 40), ReminderPreview(int(group[0].id or 0)))]
            for group in chats.values()
        ]
    )
    return Reply("\n".join(lines), keyboard)


def preview_reply(chat: str, planned: rem.Planned | None, text: str | None) -> Reply:
    """The text of a group's next reminder (``text``, made by the job's own ``compose``)."""
    back = InlineKeyboardMarkup([[_key(texts.BUTTON_PREVIEW_BACK, ReminderPreviews())]])
    if planned is None or text is None:
        return Reply(texts.PREVIEW_NOTHING.format(chat=esc(chat)), back)
    head = texts.PREVIEW_HEAD.format(chat=esc(chat), when=_when(planned))
    return Reply(f"{head}\n{text}", back)
