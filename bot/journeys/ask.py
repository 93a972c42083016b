"""Questions in plain Indonesian: free text read as the intent of a command, answered by it.

A private message that is not a command (in a group: one that mentions the bot or replies to
it) is read by ``lakip_model.questions.understand``. The answer is the matching command's own,
headed by one line saying how the question was understood. The read screens (summary, budget,
below target, search, a named row or indicator) come from the status journey's reply builders,
the line on top of the same message; lowest and highest, a unit, comparisons and a semester
from ``bot.views.ask``. The other commands (``/capaian [tw]``, ``/belumlapor maret``,
``/tenggat``, ``/grafik``, ``/ekspor``, ``/laporan``, ``/lapor``, ``/bantuan``) are handed the
question as that command with its arguments, through the command table, after the line: their
own argument path, role checks and conversations apply as if it had been typed.

Nothing is written from free text: "saya mau lapor" only opens the guided /lapor. An
unregistered user gets what they got before questions were read (reading is for registered
users, unless ``LAKIP_OPEN_READ``).
"""

from __future__ import annotations

import re
import time
from typing import Any

from sqlmodel import Session
from telegram import Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import MessageHandler, filters

from bot import commands, texts
from bot.callbacks import Access, StaleButton
from bot.common import add_buttons, pressed, send
from bot.context import App, BotContext
from bot.journeys import status
from bot.texts import ask as ask_texts
from bot.views import ask as view
from bot.views import checks as checks_view
from bot.views import status as status_view
from bot.views.ask import AskChoice
from bot.views.common import Reply
from lakip_model import checks, performance, queries, questions
from lakip_model.ledger import quarter_months
from lakip_model.models import FiscalYear
from lakip_model.questions import Intent, Understanding
from lakip_model.questions import answers as figures

# The command each intent is answered by, when there is one.
# The commands a question is handed to (the read screens are built here: OWN_ANSWERS).
COMMAND_OF: dict[Intent, str] = {
    Intent.INDICATORS: "capaian",  # with its triwulan argument once /capaian takes one
    Intent.MISSING: "belumlapor",
    Intent.DEADLINES: "tenggat",
    Intent.CHART: "grafik",
    Intent.EXPORT: "ekspor",
    Intent.LKJIP: "laporan",
    Intent.REPORT: "lapor",
    Intent.HELP: "bantuan",
}


def addressed_text(update: Update, context: BotContext) -> str | None:
    """The question in a message meant for the bot: any private text; in a group, a text
    that mentions the bot (the mention taken out) or replies to one of its messages."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.text is None:
        return None
    if chat.type == ChatType.PRIVATE:
        return message.text
    mention = f"@{context.bot.username}"
    replied = message.reply_to_message
    to_bot = (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == context.bot.id
    )
    mentioned = any(
        text.casefold() == mention.casefold()
        for text in message.parse_entities([MessageEntityType.MENTION]).values()
    )
    if not (to_bot or mentioned):
        return None
    return re.sub(re.escape(mention), " ", message.text, flags=re.IGNORECASE).strip()


async def on_text(update: Update, context: BotContext) -> None:
    text = addressed_text(update, context)
    if text is None:
        return  # a group's conversation among people: not for the bot
    if context.user is None and not context.settings.open_read:
        await send(update, texts.NOT_A_COMMAND)  # what an unregistered user always got
        return
    today, agency = context.today(), context.agency_code

    def work(session: Session) -> tuple[Understanding, Reply | str | None]:
        """Understood and, when the journey answers it itself, answered: one transaction."""
        u = questions.understand(session, text, today, agency)
        return u, reply_of(session, u, agency)

    await answer(update, context, *await context.db(work))


async def on_choice(update: Update, context: BotContext) -> None:
    """A button of an ask-back: the question answered for that year or name."""
    b = pressed(update, AskChoice)
    agency = context.agency_code
    u = await context.db(
        lambda s: questions.from_choice(s, b.intent, b.year, b.quarter, b.key, agency)
    )
    if b.key and u.target is None:
        raise StaleButton  # the row or indicator is not in that year (any more)
    assert update.callback_query is not None
    await update.callback_query.answer()
    await answer(update, context, u, await context.db(lambda s: reply_of(s, u, agency)))


def reply_of(session: Session, u: Understanding, agency: str | None) -> Reply | str | None:
    """The reply the journey gives itself (module docstring), None for a command's."""
    if u.asks_back:
        return view.ask_back(u)
    if u.intent == Intent.SEARCH:
        return _search(session, u, agency) if u.words else ask_texts.SEARCH_WHAT
    own = OWN_ANSWERS.get(u.intent)
    if own is not None:
        return own(session, u, agency)
    if u.intent not in COMMAND_OF:
        return view.outside(u.year)
    return None


async def answer(
    update: Update, context: BotContext, u: Understanding, reply: Reply | str | None
) -> None:
    """Send ``reply``; or the line saying how ``u`` was understood, then its command."""
    if reply is not None:
        await send(update, reply)
        return
    name = COMMAND_OF[u.intent]
    if not _may_send(context, name):  # the gate's rule for typing it (LAKIP_OPEN_READ)
        await send(update, texts.NOT_REGISTERED)
        return
    await send(update, f"<i>{view.understood(u)}</i>")
    await run_command(update, context, name, command_args(u))


def _may_send(context: BotContext, name: str) -> bool:
    """What ``bot.access`` lets through when the command is typed: anything for a registered
    user (the journey checks the role), public commands for others, read ones if open."""
    if context.user is not None:
        return True
    access = commands.BY_NAME[name].access
    return access == Access.PUBLIC or (access == Access.READ and context.settings.open_read)


def command_args(u: Understanding) -> list[str]:
    """The command's arguments for ``u``, as a user would type them."""
    if u.intent == Intent.MISSING:
        return [f"{u.period.month[0]}-{u.period.month[1]:02d}"] if u.period.month else []
    if u.intent in (Intent.DEADLINES, Intent.REPORT, Intent.HELP):
        return []
    args = []
    if u.period.quarter and u.intent == Intent.INDICATORS:
        args.append(f"tw{u.period.quarter}")
    if u.year is not None:
        args.append(str(u.year))
    return args


async def run_command(update: Update, context: BotContext, name: str, args: list[str]) -> None:
    """Handle ``/name args`` as if the asker had typed it in this chat: the first handler of
    the journeys' group that takes it (a conversation's entry too, so /lapor opens)."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    text = " ".join(["/" + name, *args])
    message: dict[str, Any] = {
        "message_id": _message_id(update),
        "date": int(time.time()),
        "chat": chat.to_dict(),
        "from": user.to_dict(),
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(name) + 1}],
    }
    command = Update.de_json({"update_id": update.update_id, "message": message}, context.bot)
    app = context.application
    for handler in app.handlers.get(0, []):
        check = handler.check_update(command)
        if check is not None and check is not False:
            await handler.handle_update(command, app, check, context)  # type: ignore[arg-type]
            return


def _message_id(update: Update) -> int:
    message = update.effective_message
    return message.message_id if message is not None else 0


# --- answers of our own: a name, lowest and highest, a unit, a comparison ----------------------


def _year_of(session: Session, u: Understanding, agency: str | None) -> FiscalYear:
    return queries.resolve_year(session, u.year, agency)


def _node(session: Session, u: Understanding, agency: str | None) -> Reply:
    assert u.target is not None
    fy = _year_of(session, u, agency)
    reply = status.node_reply(session, fy, u.target.id, 0, u.period.quarter)
    return view.with_header(view.understood(u), reply)


def _indicator(session: Session, u: Understanding, agency: str | None) -> Reply:
    assert u.target is not None
    fy = _year_of(session, u, agency)
    return view.with_header(view.understood(u), status.indicator_reply(session, fy, u.target.id))


def _ranked(session: Session, u: Understanding, agency: str | None) -> Reply:
    fy = _year_of(session, u, agency)
    tree = queries.budget_tree(session, fy)
    highest = u.intent == Intent.HIGHEST
    if u.achievement:
        ranked, unranked = figures.ranked_indicators(session, tree, highest=highest)
        missing = status_view.missing_realization(queries.year_status(session, fy))
        return view.ranked_indicators(u, ranked, unranked, missing, highest=highest)
    unit = u.target.key if u.target else None
    programs = figures.ranked_programs(tree, highest=highest, unit_code=unit)
    return view.ranked_programs(u, programs, highest=highest, unit=u.target)


def _unit(session: Session, u: Understanding, agency: str | None) -> Reply:
    assert u.target is not None
    fy = _year_of(session, u, agency)
    quarter = u.period.quarter
    status_of = queries.year_status(session, fy)
    if quarter and status_of.has_figures and not status_of.has_monthly:
        return status_view.year_end_only(fy.year)
    tree = queries.budget_tree(session, fy, quarter_months(quarter) if quarter else None)
    programs = figures.unit_programs(tree, u.target.key)
    if not programs:
        return view.unit_none(u, u.target)
    notes = checks_view.by_row(checks.tree_contradictions(tree)) if not quarter else {}
    reply = status_view.budget_list(
        fy.year, programs, 0, parent=None, quarter=quarter, status=status_of, notes=notes
    )
    return view.with_header(view.unit_header(u, u.target), reply)


def _compare(session: Session, u: Understanding, agency: str | None) -> Reply:
    key = u.target.key if u.target else None
    columns = figures.compare(session, u.years, u.period.quarters[:2], agency, key)
    return view.comparison(u, columns)


def _summary(session: Session, u: Understanding, agency: str | None) -> Reply:
    fy = _year_of(session, u, agency)
    reply = status_view.summary(performance.summary(session, fy))  # /ringkasan's screen
    return view.with_header(view.understood(u), reply)


def _budget(session: Session, u: Understanding, agency: str | None) -> Reply:
    fy = _year_of(session, u, agency)
    if u.period.months is not None:  # a semester or a month: no command shows it
        return view.period_totals(u, figures.period_totals(session, fy, u.period.months))
    reply = status.budget_reply(session, fy, "", 0, u.period.quarter)
    return view.with_header(view.understood(u), reply)


def _below(session: Session, u: Understanding, agency: str | None) -> Reply:
    fy = _year_of(session, u, agency)
    return view.with_header(view.understood(u), status.below_reply(session, fy, 0))


def _search(session: Session, u: Understanding, agency: str | None) -> Reply:
    fy = _year_of(session, u, agency)
    words = " ".join(u.words)
    return view.with_header(
        view.understood(u, name=words), status.search_reply(session, fy, words, 0)
    )


def _unknown(session: Session, u: Understanding, agency: str | None) -> Reply:
    return view.not_found(u) if u.words else view.outside(u.year)


OWN_ANSWERS = {
    Intent.SUMMARY: _summary,
    Intent.BUDGET: _budget,
    Intent.BELOW: _below,
    Intent.NODE: _node,
    Intent.INDICATOR: _indicator,
    Intent.LOWEST: _ranked,
    Intent.HIGHEST: _ranked,
    Intent.UNIT: _unit,
    Intent.COMPARE: _compare,
    Intent.UNKNOWN: _unknown,
}


def register(app: App) -> None:
    """Before the fallback, after every conversation (a step's text is the step's)."""
    text = filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED
    chats = filters.ChatType.PRIVATE | filters.ChatType.GROUPS
    app.add_handler(MessageHandler(text & chats, on_text))
    add_buttons(app, {AskChoice: on_choice})
