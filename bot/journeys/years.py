"""/tahun (/year): a bot admin opens or closes a fiscal year from the chat, not only from the
command line (``lakip-bot years``).

``/tahun`` lists the agency's years; ``/tahun buka 2026 [2022]`` shows what opening would copy
(the template: the year given, else the latest) with a confirmation button; ``/tahun tutup
2026`` likewise. Only a press writes, through ``lakip_model.years``, which checks again that
the presser is an admin of the agency and words every refusal as a code. Private chats only.
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks, commands, texts
from bot.common import YEAR_RE, bad_year, edit, private_only, send
from bot.context import App, BotContext
from bot.views import years as view
from bot.views.common import Reply
from lakip_model import years

OPEN_WORDS = ("buka", "open")
CLOSE_WORDS = ("tutup", "close")


def _year(word: str, example: str) -> int | str:
    """A 4-digit year, or the sentence saying it is not one."""
    if YEAR_RE.match(word):
        return int(word)
    return bad_year(word, example)


async def years_command(update: Update, context: BotContext) -> None:
    user = update.effective_user
    if user is None or not await private_only(update):
        return
    if context.user is None or not context.user.is_admin:
        await send(update, texts.YEARS_ADMIN_ONLY)
        return
    args, today, admin_id = list(context.args or []), context.today(), user.id
    if not args:
        listed = await context.db(lambda s: years.agency_years(s, actor_id=admin_id))
        await send(update, view.year_list(listed, today.year))
        return
    action = args[0].casefold()
    most = 3 if action in OPEN_WORDS else 2  # "buka 2026 2022", "tutup 2026"
    if action not in OPEN_WORDS + CLOSE_WORDS or not 2 <= len(args) <= most:
        await send(update, texts.YEARS_USAGE)
        return
    example = f"/tahun {args[0]} {today.year}"
    parsed = [_year(word, example) for word in args[1:]]
    wrong = next((p for p in parsed if isinstance(p, str)), None)
    if wrong is not None:
        await send(update, wrong)
        return
    year = int(parsed[0])
    template = int(parsed[1]) if len(parsed) > 1 else None

    def confirmation(session: Session) -> Reply:
        if action in OPEN_WORDS:
            return view.open_confirmation(
                years.plan_open(session, year, template, actor_id=admin_id)
            )
        years.closable_year(session, year, actor_id=admin_id)
        return view.close_confirmation(year)

    await send(update, await context.db(confirmation))  # a refusal: its sentence


async def on_year_button(update: Update, context: BotContext) -> None:
    """Open, close or cancel; the domain checks the presser again as it writes."""
    query = update.callback_query
    assert query is not None
    pressed = callbacks.expect(query.data, *view.YEAR_BUTTONS)
    admin_id = query.from_user.id

    def work(session: Session) -> Reply:
        if isinstance(pressed, view.YearOpen):
            fy = years.open_year(session, pressed.year, pressed.template, actor_id=admin_id)
            return view.opened(fy, pressed.template)
        if isinstance(pressed, view.YearClose):
            years.close_year(session, pressed.year, actor_id=admin_id)
            return view.closed(pressed.year)
        return view.cancelled()

    reply = await context.db(work)  # a refusal (not an admin, done already): an alert
    await query.answer()
    await edit(update, reply)


def register(app: App) -> None:
    app.add_handler(commands.handler("tahun", years_command))
    app.add_handler(
        CallbackQueryHandler(on_year_button, pattern=callbacks.pattern(*view.YEAR_BUTTONS))
    )
