"""Deadline reminders in Telegram: /tenggat, /pengingat, the delivery job and group membership.

- ``/tenggat`` (``/deadlines``) lists the coming deadlines in any chat; bot admins get buttons to
  change a rule (day, shift, active) and ``/tenggat libur ...`` to keep the holiday table.
- ``/pengingat`` (``/reminders``) in a group opens a panel where the group's own administrators
  (Telegram's chat admin status, asked with getChatMember) or a bot admin choose rules, unit and
  lead times. Every button press checks that again on the server.
- A repeating job (``tick``, every minute) asks ``lakip_model.reminders`` what is due, claims
  each reminder in the database, sends it and records the outcome. The schedule lives in the
  database, so a restart or a second process needs no hand-over: see docs/deadlines.md. Several
  chats are served at once (the rate limiter paces the sends); one chat's reminders go in order.

The clock is ``bot.context.now_of``: the injected one when set (tests), else the wall clock in
LAKIP_TIMEZONE.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlmodel import Session
from telegram import (
    Chat,
    ChatMember,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    CallbackContext,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot import commands, texts
from bot.common import edit, parse_id, send
from bot.context import App, BotContext, engine_of, now_of, settings_of
from bot.views import common as ui
from bot.views.common import Reply, callback, esc, short
from lakip_model import reminders as rem
from lakip_model.deadlines import (
    DeadlineError,
    DeadlineRule,
    Occurrence,
    Shift,
    days_left_text,
    occurrences,
    parse_holidays,
)
from lakip_model.models import Unit, UnitKind
from lakip_model.numbers import format_date_long
from lakip_model.users import PermissionDenied, actor_of, admin_ids, agency_id_of

log = logging.getLogger(__name__)
T = TypeVar("T")

JOB_NAME = "pengingat-tenggat"
TICK_SECONDS = 60.0
SEND_ATTEMPTS = 3  # 429s retried after retry_after; AIORateLimiter retries before this
MAX_LISTED_MISSING = 25  # sub-activities listed in one reminder
PRESENT = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER})
SHIFT_CODES = {"p": Shift.PREVIOUS, "n": Shift.NEXT, "t": Shift.NONE}


_sleep = asyncio.sleep  # waiting out a 429; tests replace it to check the wait without waiting


class StaleButton(Exception):
    """Callback data that does not (or no longer) match anything."""


# --- plumbing -----------------------------------------------------------------------------------


def _now(app: App) -> datetime:
    """The current instant in LAKIP_TIMEZONE, from the injected clock if there is one."""
    return now_of(app).astimezone(settings_of(app).tz)


def process_id(app: App) -> str:
    """Who claimed a delivery: host, pid and a random tag (two Applications in one process)."""
    if app.bot_data.process_name is None:
        app.bot_data.process_name = (
            f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        )
    return app.bot_data.process_name


async def _db(app: App, fn: Callable[[Session], T], *, write: bool = False) -> T:
    """Run ``fn`` in a session on a worker thread; commit when it writes."""
    engine = engine_of(app)

    def work() -> T:
        with Session(engine, expire_on_commit=False) as session:
            result = fn(session)
            if write:
                session.commit()
            return result

    return await asyncio.to_thread(work)


def _today(app: App) -> date:
    return _now(app).date()


def _retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whether PTB gives an int (v22 default) or a timedelta."""
    with warnings.catch_warnings():  # PTB 22 warns that the int will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send_html(app: App, chat_id: int, text: str) -> Message:
    """Send an HTML message (split at Telegram's limit); the first part's message is returned.

    A 429 is waited out and retried, in case no AIORateLimiter did so already; every other
    error is the caller's to handle (Forbidden, ChatMigrated, ...).
    """
    first: Message | None = None
    for part in ui.split_message(text):
        for attempt in range(SEND_ATTEMPTS):
            try:
                message = await app.bot.send_message(
                    chat_id,
                    part,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                break
            except RetryAfter as exc:
                if attempt == SEND_ATTEMPTS - 1:
                    raise
                await _sleep(_retry_seconds(exc))
        first = first or message
    assert first is not None
    return first


# --- the reminder message -----------------------------------------------------------------------


def _unit_label(unit: Unit | None) -> str:
    """ "Sekretariat", "Bidang KHPKK": short enough for a button."""
    if unit is None:
        return texts.REMINDERS_ALL_UNITS
    if unit.kind == UnitKind.BIDANG and unit.code.startswith("bidang-"):
        return "Bidang " + unit.code.removeprefix("bidang-").upper()
    return short(unit.name, 28)


def _unit_name(unit: Unit | None) -> str:
    return texts.REMINDERS_ALL_UNITS if unit is None else unit.name


def _mention(officer: rem.Officer) -> str:
    return f'<a href="tg://user?id={officer.telegram_id}">{esc(officer.name)}</a>'


def reminder_text(
    planned: rem.Planned,
    status: rem.RealizationStatus | None,
    unit: Unit | None,
    units: dict[int, Unit],
    today: date,
) -> str:
    """What the group reads: deadline, due date, days left and, for realization, who is missing."""
    occ = planned.occurrence
    lines = [
        texts.REMINDER_TITLE.format(name=esc(planned.rule.name)),
        texts.REMINDER_PERIOD.format(period=esc(occ.period_label)),
        texts.REMINDER_DUE.format(due=occ.due_long, left=days_left_text(occ.days_left(today))),
    ]
    if occ.shifted:
        lines.append(texts.REMINDER_SHIFTED.format(nominal=format_date_long(occ.nominal_due)))
    if unit is not None:
        lines.append(texts.REMINDER_UNIT.format(unit=esc(unit.name)))
    if status is not None and status.total:
        lines.append("")
        lines.extend(_realization_lines(status, occ.period_label, planned.unit_id, units))
    return "\n".join(lines)


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
            name += f" ({_unit_label(units.get(item.unit_id))})"
        lines.append(texts.REMINDER_MISSING_ITEM.format(name=esc(name)))
    if len(status.missing) > MAX_LISTED_MISSING:
        lines.append(
            texts.REMINDER_MISSING_MORE.format(count=len(status.missing) - MAX_LISTED_MISSING)
        )
    if status.officers:
        if unit_id is not None:
            officers = status.officers.get(unit_id, [])
            if officers:
                lines.append(
                    texts.REMINDER_OFFICERS.format(officers=", ".join(map(_mention, officers)))
                )
        else:
            lines.append(texts.REMINDER_OFFICERS_BY_UNIT)
            for uid, officers in sorted(status.officers.items()):
                lines.append(
                    texts.REMINDER_OFFICERS_UNIT.format(
                        unit=esc(_unit_label(units.get(uid))),
                        officers=", ".join(map(_mention, officers)),
                    )
                )
    lines.append(texts.REMINDER_HOW)
    return lines


def _compose(session: Session, planned: rem.Planned, today: date, agency_code: str | None) -> str:
    units = {int(u.id or 0): u for u in rem.reminder_units(session, agency_code)}
    status = rem.realization_status(session, planned, agency_code)
    unit = units.get(planned.unit_id) if planned.unit_id else None
    return reminder_text(planned, status, unit, units, today)


# --- delivery -----------------------------------------------------------------------------------

DELIVERY_WORKERS = 8  # chats served at once: enough to hide each one's database work behind
# the rate limiter's pacing (1/30 s a message), few enough to leave threads for the handlers

TextKey = tuple[DeadlineRule, Occurrence, int | None]


@dataclass
class TickReport:
    """What one pass of the delivery job did (for logs and tests)."""

    sent: int = 0
    failed: int = 0
    missed: int = 0
    taken: int = 0  # claimed by another process (or an earlier pass) first


class _Texts:
    """The reminder texts of one pass, each composed (with its queries) once.

    A text depends on the rule, the occurrence, the unit and the day only (``_compose``): the
    chat, the lead and the instant are not in it. So a thousand groups following one unit's
    monthly report share one text; whoever asks while it is being composed waits for it.
    """

    def __init__(self, app: App, today: date) -> None:
        self._app = app
        self._today = today
        self._agency = settings_of(app).agency_code
        self._texts: dict[TextKey, str] = {}
        self._locks: dict[TextKey, asyncio.Lock] = {}

    async def text(self, planned: rem.Planned) -> str:
        key: TextKey = (planned.rule, planned.occurrence, planned.unit_id)
        async with self._locks.setdefault(key, asyncio.Lock()):
            if key not in self._texts:  # a failure stores nothing: the next asker tries again
                today, agency = self._today, self._agency
                self._texts[key] = await _db(
                    self._app, lambda s: _compose(s, planned, today, agency)
                )
        return self._texts[key]


@dataclass
class _Pass:
    """What the chats of one delivery pass share."""

    app: App
    now: datetime
    process: str
    texts: _Texts
    report: TickReport
    lost: set[int]  # chats found gone (Forbidden): their remaining reminders are not claimed


async def deliver_due(app: App) -> TickReport:
    """Send what is due now, record what was missed: one pass of the job.

    Chats are served ``DELIVERY_WORKERS`` at a time, so one chat's claim, text and record are
    done while another's message waits for the rate limiter; a chat's own reminders go out one
    after the other, in their order.
    """
    settings = settings_of(app)
    engine = engine_of(app)
    now = _now(app)
    grace = app.bot_data.reminder_grace or timedelta(hours=settings.reminder_grace_hours)
    process = process_id(app)
    due = await _db(
        app,
        lambda s: rem.due_reminders(
            s, now, grace, tz=settings.tz, agency_code=settings.agency_code
        ),
    )
    run = _Pass(app, now, process, _Texts(app, now.date()), TickReport(), set())
    for planned in due.missed:
        if await asyncio.to_thread(rem.record_missed, engine, planned, process, now):
            run.report.missed += 1
            log.warning("reminder missed (bot was down): %s", planned.key)
    chats = _by_chat(due.send)
    queue = iter(chats)  # shared by the workers: each chat is taken by exactly one
    async with asyncio.TaskGroup() as workers:
        for _ in range(min(DELIVERY_WORKERS, len(chats))):
            workers.create_task(_serve(run, queue))
    return run.report


def _by_chat(plans: list[rem.Planned]) -> list[list[rem.Planned]]:
    """The reminders of each chat in their order; chats in the order of their first reminder."""
    chats: dict[int, list[rem.Planned]] = {}
    for planned in plans:
        chats.setdefault(planned.chat_id, []).append(planned)
    return list(chats.values())


async def _serve(run: _Pass, queue: Iterator[list[rem.Planned]]) -> None:
    """A worker: takes the next chat until none is left."""
    for chat in queue:
        await _deliver_chat(run, chat)


async def _deliver_chat(run: _Pass, chat: list[rem.Planned]) -> None:
    """One chat's reminders in order; an error ends this chat's turn, never the pass.

    ``_deliver`` records what goes wrong with a claimed reminder itself; what escapes it (the
    database failing to claim or to record) is logged and counted as failed, and the chat's
    later reminders wait for the next pass (unclaimed, so they are sent then, still in order).
    """
    for planned in chat:
        if planned.chat_id in run.lost:
            continue  # its subscriptions were just stopped; nothing claimed, nothing to record
        try:
            outcome = await _claim_and_deliver(run, planned)
        except Exception:
            log.exception("reminder %s failed; the chat's other reminders wait", planned.key)
            run.report.failed += 1
            return
        if outcome is None:
            run.report.taken += 1
        elif outcome:
            run.report.sent += 1
        else:
            run.report.failed += 1


async def _claim_and_deliver(run: _Pass, planned: rem.Planned) -> bool | None:
    """Claim a reminder and deliver it; None when someone else had claimed it."""
    engine = engine_of(run.app)
    delivery = await asyncio.to_thread(rem.claim, engine, planned, run.process, run.now)
    if delivery is None:
        return None
    return await _deliver(run, planned, int(delivery.id or 0))


async def _deliver(run: _Pass, planned: rem.Planned, delivery_id: int) -> bool:
    """Send one claimed reminder and record the outcome; never leaves it ``claimed`` on error."""
    app, now = run.app, run.now
    chat_id = planned.chat_id
    try:
        text = await run.texts.text(planned)
        try:
            message = await send_html(app, chat_id, text)
        except ChatMigrated as exc:
            chat_id = exc.new_chat_id
            if not await _follow_migration(app, planned.chat_id, chat_id, delivery_id):
                await _failed(app, delivery_id, f"grup pindah ke {chat_id}; dikirim proses lain")
                return False
            message = await send_html(app, chat_id, text)
    except Forbidden as exc:
        await _failed(app, delivery_id, f"Forbidden: {exc.message}")
        run.lost.add(chat_id)
        await _chat_lost(app, chat_id, planned.chat_title, str(exc.message))
        return False
    except TelegramError as exc:
        log.warning("reminder %s not sent: %s", planned.key, exc)
        await _failed(app, delivery_id, f"{type(exc).__name__}: {exc.message}")
        return False
    except Exception as exc:  # a bug must not leave the claim hanging as if being sent
        log.exception("reminder %s failed", planned.key)
        await _failed(app, delivery_id, f"{type(exc).__name__}: {exc}")
        return False
    await _db(app, lambda s: rem.mark_sent(s, delivery_id, message.message_id, now), write=True)
    return True


async def _failed(app: App, delivery_id: int, error: str) -> None:
    await _db(app, lambda s: rem.mark_failed(s, delivery_id, error), write=True)


async def _follow_migration(
    app: App,
    old: int,
    new: int,
    delivery_id: int,
) -> bool:
    """Move the chat's rows to the supergroup; False if the new id already had this reminder."""

    def work(session: Session) -> bool:
        rem.migrate_chat(session, old, new)
        row = session.get(rem.Delivery, delivery_id)
        return row is not None and row.chat_id == new

    return await _db(app, work, write=True)


async def _chat_lost(
    app: App,
    chat_id: int,
    title: str | None,
    reason: str,
) -> None:
    """Stop a chat's reminders and, if this process was the one to stop them, tell the admins.

    Only the admins of the agency this bot serves: the chat is one of its groups.
    """
    agency = settings_of(app).agency_code

    def work(session: Session) -> tuple[int, list[int]]:
        return rem.drop_chat(session, chat_id), admin_ids(session, agency_id_of(session, agency))

    stopped, admins = await _db(app, work, write=True)
    if not stopped:
        return
    text = texts.CHAT_LOST_ADMINS.format(
        chat=esc(title or chat_id), chat_id=chat_id, reason=esc(reason), count=stopped
    )
    for admin in admins:
        try:
            await send_html(app, admin, text)
        except TelegramError as exc:
            log.warning("could not tell admin %s that chat %s was lost: %s", admin, chat_id, exc)


async def tick(context: CallbackContext) -> None:
    """The repeating job: one delivery pass; a failure is logged and the next minute retries."""
    try:
        report = await deliver_due(context.application)
    except Exception:
        log.exception("reminder pass failed")
        return
    if report.sent or report.failed or report.missed:
        log.info("reminders: %s", report)


# --- group membership ---------------------------------------------------------------------------


def _present(member: ChatMember) -> bool:
    if member.status == ChatMember.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status in PRESENT


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """Greet a group that added the bot; stop the reminders of a group that removed it."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    was, now = _present(change.old_chat_member), _present(change.new_chat_member)
    if now and not was:
        try:
            await send_html(context.application, change.chat.id, texts.BOT_JOINED)
        except TelegramError as exc:  # e.g. added without the right to send messages
            log.warning("could not greet chat %s: %s", change.chat.id, exc)
    elif was and not now:
        await _chat_lost(
            context.application, change.chat.id, change.chat.title, texts.CHAT_LOST_REMOVED
        )


async def on_migrate(update: Update, context: BotContext) -> None:
    """A group became a supergroup: its subscriptions follow the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    moved = await _db(context.application, lambda s: rem.migrate_chat(s, old, new), write=True)
    if moved:
        log.info("chat %s migrated to %s: %s subscriptions moved", old, new, moved)


# --- /tenggat -----------------------------------------------------------------------------------


def _is_admin(session: Session, user_id: int | None) -> bool:
    actor = actor_of(session, user_id) if user_id is not None else None
    return actor is not None and actor.is_admin


def deadline_list(session: Session, today: date, admin: bool, agency: str | None) -> Reply:
    items = rem.upcoming(session, today, agency_code=agency)
    all_rules = rem.rules(session, agency)
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
                left=days_left_text(occ.days_left(today)),
                name=esc(item.rule.name),
                period=esc(occ.period_label),
                shifted=shifted,
            )
        )
    if not items:
        lines.append(texts.DEADLINES_NONE)
    inactive = [r.name for r in all_rules if not r.active]
    if inactive:
        lines += ["", texts.DEADLINES_INACTIVE.format(names=esc(", ".join(inactive)))]
    lines += ["", texts.DEADLINES_FOOTER]
    keyboard = None
    if admin:
        lines.append(texts.DEADLINES_ADMIN_HINT)
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        texts.BUTTON_EDIT_RULE.format(name=short(r.name, 50)),
                        callback_data=callback("tg", "e", r.code),
                    )
                ]
                for r in all_rules
            ]
        )
    return Reply("\n".join(lines), keyboard)


def _day_text(rule: DeadlineRule) -> str:
    return texts.DEADLINE_LAST_DAY if rule.day is None else str(rule.day)


def rule_editor(session: Session, code: str, today: date, agency: str | None) -> Reply:
    rule = rem.rule(session, code, agency)
    found = occurrences(rule, today, today + timedelta(days=400), rem.calendar(session))
    following = (
        texts.DEADLINE_NEXT.format(due=found[0].due_long, period=esc(found[0].period_label))
        if found
        else "–"
    )
    text = texts.DEADLINE_EDIT.format(
        name=esc(rule.name),
        rule=esc(rule.describe()),
        shift=texts.SHIFT_LABELS[rule.shift.value],
        status=texts.RULE_ACTIVE if rule.active else texts.RULE_INACTIVE,
        next=following,
        basis=esc(rule.basis or "–"),
    )

    def shift_button(code_letter: str, label: str) -> InlineKeyboardButton:
        mark = "✅ " if SHIFT_CODES[code_letter] is rule.shift else ""
        return InlineKeyboardButton(
            mark + label, callback_data=callback("tg", "s", code, code_letter)
        )

    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BUTTON_RULE_DAY.format(day=_day_text(rule)),
                    callback_data=callback("tg", "d", code),
                )
            ],
            [
                shift_button("p", texts.BUTTON_SHIFT_PREVIOUS),
                shift_button("t", texts.BUTTON_SHIFT_NONE),
                shift_button("n", texts.BUTTON_SHIFT_NEXT),
            ],
            [
                InlineKeyboardButton(
                    texts.BUTTON_RULE_OFF if rule.active else texts.BUTTON_RULE_ON,
                    callback_data=callback("tg", "a", code, 0 if rule.active else 1),
                )
            ],
            [InlineKeyboardButton(texts.BUTTON_DEADLINES, callback_data=callback("tg", "l"))],
        ]
    )
    return Reply(text, keyboard)


def day_picker(session: Session, code: str, agency: str | None) -> Reply:
    rule = rem.rule(session, code, agency)
    days = [
        InlineKeyboardButton(
            ("✅" if rule.day == d else "") + str(d), callback_data=callback("tg", "D", code, d)
        )
        for d in range(1, 32)
    ]
    rows = [days[i : i + 7] for i in range(0, len(days), 7)]
    rows.append(
        [
            InlineKeyboardButton(
                ("✅ " if rule.day is None else "") + texts.BUTTON_LAST_DAY,
                callback_data=callback("tg", "D", code, 0),
            )
        ]
    )
    rows.append(
        [InlineKeyboardButton(texts.BUTTON_RULE_BACK, callback_data=callback("tg", "e", code))]
    )
    text = texts.DEADLINE_PICK_DAY.format(name=esc(rule.name), current=_day_text(rule))
    return Reply(text, InlineKeyboardMarkup(rows))


def holiday_list(session: Session, today: date) -> Reply:
    end = today + timedelta(days=365)
    added = {h.day for h in rem.holidays(session)}
    shown = sorted((d, n) for d, n in rem.calendar(session).holidays.items() if today <= d <= end)
    lines = [
        texts.HOLIDAYS_TITLE.format(start=format_date_long(today), end=format_date_long(end)),
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


async def deadlines_command(update: Update, context: BotContext) -> None:
    app = context.application
    args = list(context.args or [])
    user = update.effective_user
    agency = settings_of(app).agency_code
    today = _today(app)
    if args and args[0].casefold() in ("libur", "holidays"):
        await send(update, await _holidays(app, user.id if user else None, args[1:], today))
    else:
        reply = await _db(
            app,
            lambda s: deadline_list(s, today, _is_admin(s, user.id if user else None), agency),
        )
        await send(update, reply)


async def _holidays(
    app: App,
    user_id: int | None,
    args: list[str],
    today: date,
) -> Reply | str:
    """``/tenggat libur`` lists; ``... <tanggal> <nama>`` adds; ``... hapus <tanggal>`` removes."""
    if not args:
        return await _db(app, lambda s: holiday_list(s, today))
    if user_id is None:
        return texts.DEADLINE_ADMIN_ONLY
    try:
        if args[0].casefold() in ("hapus", "remove"):
            found = parse_holidays(" ".join(args[1:2]))
            if len(found) != 1:
                return texts.HOLIDAY_BAD_DATE.format(value=esc(short(" ".join(args[1:]), 20)))
            (day,) = found
            removed = await _db(app, lambda s: rem.remove_holiday(s, user_id, day), write=True)
            template = texts.HOLIDAY_REMOVED if removed else texts.HOLIDAY_NOT_FOUND
            return template.format(day=format_date_long(day))
        found = parse_holidays(" ".join(args))

        def add(session: Session) -> list[rem.HolidayRow]:
            return [rem.add_holiday(session, user_id, d, n) for d, n in found.items()]

        rows = await _db(app, add, write=True)
    except (DeadlineError, PermissionDenied) as exc:
        return esc(str(exc))
    return "\n".join(
        texts.HOLIDAY_ADDED.format(day=format_date_long(r.day), name=esc(r.name)) for r in rows
    )


async def on_deadline_button(update: Update, context: BotContext) -> None:
    """The rule editor; only bot admins, checked again on every press."""
    query = update.callback_query
    assert query is not None
    app = context.application
    agency = settings_of(app).agency_code
    today = _today(app)
    user_id = query.from_user.id
    parts = (query.data or "").split("|")

    def work(session: Session) -> Reply:
        if not _is_admin(session, user_id):
            raise PermissionDenied(texts.DEADLINE_ADMIN_ONLY)
        action, code, value = [*parts, "", "", ""][1:4]
        if action == "l":
            return deadline_list(session, today, True, agency)
        if action == "e":
            return rule_editor(session, code, today, agency)
        if action == "d":
            return day_picker(session, code, agency)
        if action == "D":
            day = parse_id(value)
            if day is None or day > 31:
                raise StaleButton
            rem.update_rule(session, user_id, code, agency_code=agency, day=day or None)
        elif action == "s" and value in SHIFT_CODES:
            rem.update_rule(session, user_id, code, agency_code=agency, shift=SHIFT_CODES[value])
        elif action == "a" and value in ("0", "1"):
            rem.update_rule(session, user_id, code, agency_code=agency, active=value == "1")
        else:
            raise StaleButton
        return rule_editor(session, code, today, agency)

    try:
        reply = await _db(app, work, write=True)
    except PermissionDenied as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return
    except (StaleButton, rem.ReminderError):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    except DeadlineError as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return
    await query.answer()
    await edit(update, reply)


# --- /pengingat ---------------------------------------------------------------------------------


async def may_manage(
    app: App,
    chat: Chat,
    user_id: int | None,
    sender_chat_id: int | None = None,
) -> bool:
    """A group's own administrator (Telegram's status) or a bot admin may set its reminders."""
    if sender_chat_id is not None and sender_chat_id == chat.id:
        return True  # an anonymous administrator posting as the group
    if user_id is None:
        return False
    if await _db(app, lambda s: _is_admin(s, user_id)):
        return True
    try:
        member = await app.bot.get_chat_member(chat.id, user_id)
    except TelegramError as exc:
        log.warning("getChatMember %s/%s failed: %s", chat.id, user_id, exc)
        return False
    return member.status in (ChatMember.OWNER, ChatMember.ADMINISTRATOR)


def _when(planned: rem.Planned) -> str:
    moment = planned.instant
    return f"{format_date_long(moment.date())} {moment:%H:%M} {moment.tzname() or ''}".strip()


def panel_reply(
    panel: rem.ChatPanel, title: str, *, zone: str = "WIB", closed: bool = False
) -> Reply:
    units = {int(u.id or 0): u for u in panel.units}
    names = {r.code: r.name for r in panel.rules}
    lines = [texts.REMINDERS_TITLE.format(chat=esc(title))]
    if not closed:
        at = panel.active[0].at_time if panel.active else "08:00"
        lines += [
            texts.REMINDERS_UNIT.format(unit=esc(_unit_name(units.get(panel.unit_key)))),
            texts.REMINDERS_WHEN.format(leads=rem.lead_label(panel.leads), time=f"{at} {zone}"),
            texts.REMINDERS_HOW,
        ]
    lines += ["", texts.REMINDERS_ACTIVE if panel.active else texts.REMINDERS_NONE]
    for sub in panel.active:
        lines.append(
            texts.REMINDERS_ACTIVE_ITEM.format(
                name=esc(names.get(sub.rule_code, sub.rule_code)),
                unit=esc(_unit_label(units.get(sub.unit_key))),
                leads=rem.lead_label(sub.leads),
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
            InlineKeyboardButton(
                f"{'✅' if r.code in panel.on else '▫️'} {short(r.name, 45)}",
                callback_data=callback("rm", "t", key, r.code),
            )
        ]
        for r in panel.rules
        if r.active
    ]
    unit_buttons = [
        InlineKeyboardButton(
            ("• " if uid == key else "") + _unit_label(units.get(uid)),
            callback_data=callback("rm", "v", uid),
        )
        for uid in [rem.ALL_UNITS, *units]
    ]
    rows += [unit_buttons[i : i + 2] for i in range(0, len(unit_buttons), 2)]
    rows.append(
        [
            InlineKeyboardButton(
                ("✅ " if preset == panel.leads else "") + _preset_label(preset),
                callback_data=callback("rm", "l", key, index),
            )
            for index, preset in enumerate(rem.LEAD_PRESETS)
        ]
    )
    rows.append(
        [InlineKeyboardButton(texts.BUTTON_REMINDERS_DONE, callback_data=callback("rm", "x", key))]
    )
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def _preset_label(preset: tuple[int, ...]) -> str:
    """ "H-7,3,1,0", "H-1,0", "H"."""
    if preset == (0,):
        return "H"
    return "H-" + ",".join(map(str, preset))


def _chat_title(chat: Chat) -> str:
    return chat.title or texts.REMINDERS_THIS_GROUP


async def reminders_command(update: Update, context: BotContext) -> None:
    app = context.application
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        await send(update, texts.REMINDERS_GROUP_ONLY)
        return
    user = update.effective_user
    sender = message.sender_chat.id if message.sender_chat else None
    if not await may_manage(app, chat, user.id if user else None, sender):
        await send(update, texts.REMINDERS_NOT_ALLOWED)
        return
    settings, now = settings_of(app), _now(app)

    def work(session: Session) -> rem.ChatPanel:
        unit = rem.default_unit(session, chat.id)
        return rem.chat_panel(
            session, chat.id, unit, now, tz=settings.tz, agency_code=settings.agency_code
        )

    panel = await _db(app, work)
    await send(update, panel_reply(panel, _chat_title(chat), zone=now.tzname() or ""))


async def on_reminder_button(update: Update, context: BotContext) -> None:
    """Panel buttons; the presser's right is checked again, so a member's press changes nothing."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None
    app = context.application
    if chat is None or not await may_manage(app, chat, query.from_user.id):
        await query.answer(texts.REMINDERS_NOT_ALLOWED, show_alert=True)
        return
    settings, now = settings_of(app), _now(app)
    agency, user_id = settings.agency_code, query.from_user.id
    parts = (query.data or "").split("|")
    action = parts[1] if len(parts) > 1 else ""
    unit = parse_id(parts[2]) if len(parts) > 2 else None
    if unit is None:
        unit = -1
    arg = parts[3] if len(parts) > 3 else ""

    def work(session: Session) -> tuple[Reply, str | None]:
        note: str | None = None
        if unit < 0:
            raise StaleButton
        if action == "t":
            on = rem.toggle(
                session,
                user_id,
                chat.id,
                arg,
                unit or None,
                chat_title=chat.title,
                now=now,
                agency_code=agency,
            )
            name = rem.rule(session, arg, agency).name
            note = (texts.REMINDERS_ON if on else texts.REMINDERS_OFF).format(name=short(name, 60))
        elif action == "l":
            index = parse_id(arg)
            if index is None or index >= len(rem.LEAD_PRESETS):
                raise StaleButton
            preset = rem.LEAD_PRESETS[index]
            if not any(s.unit_key == unit for s in rem.subscriptions(session, chat.id)):
                raise rem.ReminderError(texts.REMINDERS_PICK_RULE_FIRST)
            rem.set_lead_days(session, user_id, chat.id, unit or None, preset, now=now)
            note = texts.REMINDERS_LEADS_SET.format(leads=rem.lead_label(preset))
        elif action not in ("v", "x"):
            raise StaleButton
        panel = rem.chat_panel(
            session, chat.id, unit or None, now, tz=settings.tz, agency_code=agency
        )
        zone = now.tzname() or ""
        return panel_reply(panel, _chat_title(chat), zone=zone, closed=action == "x"), note

    try:
        reply, note = await _db(app, work, write=True)
    except StaleButton:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    except (rem.ReminderError, DeadlineError) as exc:
        await query.answer(str(exc)[:190], show_alert=True)
        return
    await query.answer(note)
    await edit(update, reply)


# --- wiring -------------------------------------------------------------------------------------


def disarm(app: App) -> int:
    """Remove the delivery job (tests drive ``deliver_due`` themselves); returns jobs removed."""
    if app.job_queue is None:
        return 0
    jobs = [j for j in app.job_queue.jobs() if (j.name or "").startswith(JOB_NAME)]
    for job in jobs:
        job.schedule_removal()
    return len(jobs)


async def arm(app: App) -> None:
    """Seed the default rules an agency lacks; the job's first pass does it at every start."""
    await asyncio.to_thread(rem.ensure_default_rules, engine_of(app))


def register(app: App, *, interval: float | None = TICK_SECONDS) -> None:
    """Handlers, and the delivery job every ``interval`` seconds (None: no job, tests tick).

    The first pass runs as soon as the application starts, which re-arms everything from the
    database: reminders that fell due while the bot was down are sent (within the grace window)
    or recorded as missed. Registering twice is a no-op.
    """
    if app.bot_data.reminders_registered:
        return
    app.bot_data.reminders_registered = True
    process_id(app)
    app.add_handler(commands.handler("tenggat", deadlines_command))
    app.add_handler(commands.handler("pengingat", reminders_command))
    app.add_handler(CallbackQueryHandler(on_deadline_button, pattern=r"^tg\|"))
    app.add_handler(CallbackQueryHandler(on_reminder_button, pattern=r"^rm\|"))
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
    if interval is None:
        return
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for reminders")

    async def first_pass(context: CallbackContext) -> None:
        await arm(context.application)
        await tick(context)

    job_kwargs: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True}
    app.job_queue.run_once(first_pass, when=0, name=f"{JOB_NAME}-awal", job_kwargs=job_kwargs)
    app.job_queue.run_repeating(
        tick, interval=interval, first=interval, name=JOB_NAME, job_kwargs=job_kwargs
    )
