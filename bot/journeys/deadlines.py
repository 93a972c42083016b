"""/tenggat (/deadlines): the coming deadlines in any chat, the rule editor and the holidays.

Anyone may list the deadlines; bot admins get a button per rule to change its day, its shift off
non-working days and whether it is reminded, checked again on every press (and by the domain).
``/tenggat libur`` lists the holidays; an admin adds them (``... <tanggal> <nama>``) or removes
one (``... hapus <tanggal>``).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session
from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks, commands
from bot.callbacks import StaleButton
from bot.common import edit, send
from bot.context import App, BotContext
from bot.views import reminders as views
from bot.views.common import MAX_ALERT, Reply, clip
from lakip_model import reminders as rem
from lakip_model.deadlines import occurrences, parse_holidays
from lakip_model.errors import DomainError, NotFound, PermissionDenied

HOLIDAY_WORDS = ("libur", "holidays")
REMOVE_WORDS = ("hapus", "remove")
HORIZON = timedelta(days=400)  # how far the editor looks for a rule's next occurrence


def _is_admin(context: BotContext) -> bool:
    """A bot admin, as the access gate found the presser for this update."""
    user = context.user
    return user is not None and user.is_admin


async def deadlines_command(update: Update, context: BotContext) -> None:
    args = list(context.args or [])
    if args and args[0].casefold() in HOLIDAY_WORDS:
        await send(update, await _holidays(update, context, args[1:]))
        return
    today, agency, admin = context.today(), context.home_agency, _is_admin(context)
    user = context.user

    def work(session: Session) -> Reply:
        return _listing(session, today, agency, admin, user.agency_id if user else None)

    await send(update, await context.db(work))


def _listing(
    session: Session, today: date, agency: str | None, admin: bool, asker_agency: int | None
) -> Reply:
    """The coming deadlines; for a registered asker, who has not reported beside the monthly
    realization deadline (counts of the asker's agency; nobody else sees them)."""
    items = rem.upcoming(session, today, agency_code=agency)
    outstanding = (
        rem.outstanding_of_upcoming(session, items, today, asker_agency)
        if asker_agency is not None
        else {}
    )
    indicators = (
        rem.indicators_of_upcoming(session, items, today, asker_agency)
        if asker_agency is not None
        else {}
    )
    return views.deadline_list(
        items, rem.rules(session, agency), today, admin, outstanding, indicators
    )


async def _holidays(update: Update, context: BotContext, args: list[str]) -> Reply | str:
    """``/tenggat libur`` lists; ``... <tanggal> <nama>`` adds; ``... hapus <tanggal>`` removes."""
    today = context.today()
    if not args:
        end = today + timedelta(days=365)

        def listing(session: Session) -> Reply:
            added = {h.day for h in rem.holidays(session)}
            known = rem.calendar(session).holidays.items()
            shown = sorted((d, n) for d, n in known if today <= d <= end)
            return views.holiday_list(shown, added, today, end)

        return await context.db(listing)
    user = update.effective_user
    try:
        if user is None:
            raise PermissionDenied("deadline.admin_only")
        user_id = user.id
        if args[0].casefold() in REMOVE_WORDS:
            found = parse_holidays(" ".join(args[1:2]))
            if len(found) != 1:
                return views.holiday_bad_date(" ".join(args[1:]))
            (day,) = found
            removed = await context.db(lambda s: rem.remove_holiday(s, user_id, day))
            return views.holiday_removed(day, removed)
        given = parse_holidays(" ".join(args))
        rows = await context.db(
            lambda s: [rem.add_holiday(s, user_id, d, n) for d, n in given.items()]
        )
    # The answer is a message in the chat, as the listing is. PermissionError: the users
    # module's refusal (lakip_model.users.PermissionDenied), whether or not it has a code yet.
    except (DomainError, PermissionError) as exc:
        return views.refusal(exc)
    return views.holidays_added(rows)


async def on_deadline_button(update: Update, context: BotContext) -> None:
    """The rule editor; only bot admins, checked again on every press."""
    query = update.callback_query
    assert query is not None
    if not _is_admin(context):
        raise PermissionDenied("deadline.admin_only")
    pressed = callbacks.expect(query.data, *views.DEADLINE_BUTTONS)
    today, agency, user_id = context.today(), context.home_agency, query.from_user.id
    asker_agency = context.user.agency_id if context.user else None

    def editor(session: Session, code: str) -> Reply:
        rule = rem.rule(session, code, agency)
        found = occurrences(rule, today, today + HORIZON, rem.calendar(session))
        return views.rule_editor(rule, found[0] if found else None)

    def work(session: Session) -> Reply:
        if isinstance(pressed, views.DeadlineList):
            return _listing(session, today, agency, True, asker_agency)
        if isinstance(pressed, views.DeadlineEdit):
            return editor(session, pressed.code)
        if isinstance(pressed, views.DeadlineDays):
            return views.day_picker(rem.rule(session, pressed.code, agency))
        if isinstance(pressed, views.DeadlineDay):
            change: dict[str, object] = {"day": pressed.day or None}
        elif isinstance(pressed, views.DeadlineShift):
            change = {"shift": pressed.shift}
        else:
            assert isinstance(pressed, views.DeadlineActive)
            change = {"active": pressed.active}
        rem.update_rule(session, user_id, pressed.code, agency_code=agency, **change)
        return editor(session, pressed.code)

    try:
        reply = await context.db(work)
    except NotFound as exc:  # a rule that is no longer (or never was) there: an old button
        raise StaleButton from exc
    except PermissionError as exc:  # the users module's refusal, worded as it says
        await query.answer(clip(views.refusal(exc), MAX_ALERT), show_alert=True)
        return
    await query.answer()
    await edit(update, reply)


def register(app: App) -> None:
    """The /tenggat command and its buttons. Registering twice is a no-op."""
    if any(getattr(h, "callback", None) is on_deadline_button for h in app.handlers.get(0, [])):
        return
    app.add_handler(commands.handler("tenggat", deadlines_command))
    app.add_handler(
        CallbackQueryHandler(on_deadline_button, pattern=callbacks.pattern(*views.DEADLINE_BUTTONS))
    )
