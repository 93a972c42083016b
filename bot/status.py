"""Quick status for the Kepala Dinas: summary, budget drill-down, indicators, search, files.

Each handler parses the request, asks ``lakip_model`` on a worker thread, and renders with
``bot.render``. Buttons carry everything they need in their callback data (year, row id, page),
so they keep working after a restart; a button whose row no longer exists gets a polite notice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session
from telegram import Chat, Update
from telegram.constants import ChatAction
from telegram.ext import CallbackQueryHandler

from bot import commands, texts
from bot.common import ArgError, edit, parse_args, parse_id, send
from bot.context import App, BotContext
from bot.errors import describe
from bot.views import common as ui
from bot.views import status as status_view
from lakip_model import queries
from lakip_model import search as name_search
from lakip_model.ledger import QUARTERS, quarter_months
from lakip_model.models import FiscalYear, NodeLevel
from lakip_model.text import words
from lakip_model.users import Actor

log = logging.getLogger(__name__)
T = TypeVar("T")


async def _year_call(
    update: Update,
    context: BotContext,
    year: int | None,
    fn: Callable[[Session, FiscalYear], T],
) -> T | None:
    """Resolve the year and run ``fn``; tell the user when the year has no data."""
    agency = context.settings.agency_code

    def work(session: Session) -> T:
        return fn(session, queries.resolve_year(session, year, agency))

    try:
        return await context.db(work)
    except queries.YearNotFound as exc:
        await _notify(update, describe(exc))
        return None


async def _notify(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text[:190], show_alert=True)
    else:
        await send(update, text)


async def _args(update: Update, context: BotContext, *, allow_words: bool, example: str):
    try:
        return parse_args(context.args, allow_words=allow_words, example=example)
    except ArgError as exc:
        await send(update, str(exc))
        return None


# --- commands ---------------------------------------------------------------------------------


def _help(actor: Actor | None, year: int | None) -> str:
    """What the bot does, and what this user may do with it."""
    role = actor.role.value if actor else ""
    unit = actor.unit_name if actor else None
    return texts.HELP.format(year=year or "–") + texts.HELP_ROLE[role].format(
        unit=f" — {ui.esc(unit)}" if unit else ""
    )


async def start(update: Update, context: BotContext) -> None:
    actor = context.user  # the access gate read it for this update

    def work(session: Session) -> tuple[str, int | None]:
        try:
            fy = queries.resolve_year(session, None, context.settings.agency_code)
        except queries.YearNotFound:
            return "", None
        agency = session.get(queries.Agency, fy.agency_id)
        return (agency.short_name if agency else ""), fy.year

    agency, year = await context.db(work)
    registered = actor is not None or context.settings.open_read
    await send(
        update,
        ui.Reply(
            texts.START.format(agency=ui.esc(agency), help=_help(actor, year)),
            status_view.menu_keyboard(year) if year and registered else None,
        ),
    )


async def help_command(update: Update, context: BotContext) -> None:
    actor = context.user  # the access gate read it for this update
    agency = context.settings.agency_code
    years = await context.read(lambda connection: queries.available_years(connection, agency))
    await send(update, _help(actor, years[-1] if years else None))


async def summary(update: Update, context: BotContext) -> None:
    args = await _args(update, context, allow_words=False, example="/ringkasan 2022")
    if args is None:
        return
    result = await _year_call(update, context, args.year, queries.summary)
    if result is not None:
        await send(update, status_view.summary(result))


QUARTER_RE = re.compile(r"\b(?:tw|triwulan)\s*(iv|i{1,3}|[1-4])\b", re.IGNORECASE)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def split_quarter(words_text: str) -> tuple[str, int | None]:
    """Take "tw2" / "triwulan II" out of the words: the quarter, and the words left."""
    match = QUARTER_RE.search(words_text)
    if match is None:
        return words_text, None
    token = match.group(1).lower()
    quarter = int(token) if token.isdigit() else ROMAN[token]
    rest = (words_text[: match.start()] + words_text[match.end() :]).split()
    return " ".join(rest), quarter


async def budget(update: Update, context: BotContext) -> None:
    args = await _args(update, context, allow_words=True, example="/anggaran perlindungan 2022")
    if args is None:
        return
    query, quarter = split_quarter(args.words)
    reply = await _year_call(
        update, context, args.year, lambda s, fy: _budget_reply(s, fy, query, 0, quarter)
    )
    if reply is not None:
        await send(update, reply)


def _budget_reply(
    session: Session, fy: FiscalYear, query: str, page: int, quarter: int | None = None
) -> ui.Reply:
    months = quarter_months(quarter) if quarter else None
    tree = queries.budget_tree(session, fy, months)
    if not query:
        return status_view.budget_list(fy.year, tree.programs, page, parent=None, quarter=quarter)
    matches = name_search.rows(
        (n for n in tree.root.walk() if n.level in (NodeLevel.PROGRAM, NodeLevel.KEGIATAN)), query
    )
    if not matches:
        return ui.Reply(texts.BUDGET_NONE.format(query=ui.esc(query), year=fy.year))
    return status_view.budget_list(
        fy.year, matches, page, parent=None, query=query, quarter=quarter
    )


async def indicators(update: Update, context: BotContext) -> None:
    args = await _args(update, context, allow_words=False, example="/capaian 2022")
    if args is None:
        return
    reply = await _year_call(update, context, args.year, lambda s, fy: _indicators_reply(s, fy, 0))
    if reply is not None:
        await send(update, reply)


def _indicators_reply(session: Session, fy: FiscalYear, page: int) -> ui.Reply:
    tree = queries.budget_tree(session, fy)
    return status_view.indicators(fy.year, queries.indicator_results(session, tree), page)


async def below(update: Update, context: BotContext) -> None:
    args = await _args(update, context, allow_words=False, example="/dibawahtarget 2022")
    if args is None:
        return
    reply = await _year_call(update, context, args.year, lambda s, fy: _below_reply(s, fy, 0))
    if reply is not None:
        await send(update, reply)


def _below_reply(session: Session, fy: FiscalYear, page: int) -> ui.Reply:
    tree = queries.budget_tree(session, fy)
    return status_view.below(fy.year, queries.below_target(session, tree), page)


async def search(update: Update, context: BotContext) -> None:
    args = await _args(update, context, allow_words=True, example="/cari perlindungan anak")
    if args is None:
        return
    if not words(args.words):
        await send(update, texts.SEARCH_USAGE)
        return
    reply = await _year_call(
        update, context, args.year, lambda s, fy: _search_reply(s, fy, args.words, 0)
    )
    if reply is not None:
        await send(update, reply)


def _search_reply(session: Session, fy: FiscalYear, query: str, page: int) -> ui.Reply:
    tree = queries.budget_tree(session, fy)
    return status_view.search_results(
        fy.year, query, name_search.search(session, tree, query), page
    )


async def chart(update: Update, context: BotContext) -> None:
    args = await _args(update, context, allow_words=False, example="/grafik 2022")
    if args is None:
        return
    await _send_chart(update, context, args.year)


async def export_xlsx(update: Update, context: BotContext) -> None:
    args = await _args(update, context, allow_words=False, example="/ekspor 2022")
    if args is None:
        return
    await _send_export(update, context, args.year)


async def _send_chart(update: Update, context: BotContext, year: int | None) -> None:
    from bot import charts  # matplotlib is loaded by the renderer process, never here

    data = await _year_call(update, context, year, charts.chart_data)
    if data is None:
        return
    chat = await _started(update, ChatAction.UPLOAD_PHOTO)
    await chat.send_photo(
        await charts.render_png(data),
        caption=texts.CHART_CAPTION.format(agency=ui.esc(data.agency), year=data.year),
        filename=f"grafik-anggaran-{data.year}.png",
    )


async def _send_export(update: Update, context: BotContext, year: int | None) -> None:
    from bot import export  # openpyxl only in a process that is asked for a workbook

    data = await _year_call(update, context, year, export.export_data)
    if data is None:
        return
    chat = await _started(update, ChatAction.UPLOAD_DOCUMENT)
    await chat.send_document(
        await export.render_xlsx(data),
        filename=f"lakip-{data.agency_code}-{data.year}.xlsx",
        caption=texts.EXPORT_CAPTION.format(agency=ui.esc(data.agency), year=data.year),
    )


async def _started(update: Update, action: str) -> Chat:
    """Acknowledge a button press (once: a year without data was answered by _year_call) and
    show "sending a photo/file…" while the file is made."""
    chat = update.effective_chat
    assert chat is not None
    if update.callback_query is not None:
        await update.callback_query.answer()
    await chat.send_chat_action(action)
    return chat


# --- buttons ----------------------------------------------------------------------------------


class StaleButton(Exception):
    """Callback data that does not (or no longer) match anything: forged, old or mangled."""


def _ints(parts: list[str], count: int) -> list[int]:
    values = [parse_id(p) for p in parts[:count]]
    if len(values) != count or None in values:
        raise StaleButton
    return [v for v in values if v is not None]


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split("|")
    kind, rest = parts[0], parts[1:]
    try:
        if kind == "ang":
            year, node_id, page = _ints(rest, 3)
            reply = await _year_call(
                update, context, year, lambda s, fy: _node_reply(s, fy, node_id, page)
            )
        elif kind == "tw":
            year, quarter, node_id, page = _ints(rest, 4)
            if not 1 <= quarter <= 4:
                raise StaleButton
            reply = await _year_call(
                update, context, year, lambda s, fy: _node_reply(s, fy, node_id, page, quarter)
            )
        elif kind == "angq":
            year, quarter, page = _ints(rest, 3)
            text = "|".join(rest[3:])
            reply = await _year_call(
                update,
                context,
                year,
                lambda s, fy: _budget_reply(
                    s, fy, text, page, quarter if quarter in QUARTERS else None
                ),
            )
        elif kind == "cap":
            year, page = _ints(rest, 2)
            reply = await _year_call(
                update, context, year, lambda s, fy: _indicators_reply(s, fy, page)
            )
        elif kind == "bwh":
            year, page = _ints(rest, 2)
            reply = await _year_call(update, context, year, lambda s, fy: _below_reply(s, fy, page))
        elif kind == "cari":
            year, page = _ints(rest, 2)
            text = "|".join(rest[2:])
            if not words(text):
                raise StaleButton
            reply = await _year_call(
                update, context, year, lambda s, fy: _search_reply(s, fy, text, page)
            )
        elif kind == "ind":
            year, indicator_id = _ints(rest, 2)
            reply = await _year_call(
                update, context, year, lambda s, fy: _indicator_reply(s, fy, indicator_id)
            )
        elif kind == "gfk":
            (year,) = _ints(rest, 1)
            await _send_chart(update, context, year)
            return
        elif kind == "eks":
            (year,) = _ints(rest, 1)
            await _send_export(update, context, year)
            return
        else:
            raise StaleButton
    except StaleButton:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if reply is None:  # the year had no data; the user was told
        return
    await query.answer()
    await edit(update, reply)


def _node_reply(
    session: Session, fy: FiscalYear, node_id: int, page: int, quarter: int | None = None
) -> ui.Reply:
    tree = queries.budget_tree(session, fy, quarter_months(quarter) if quarter else None)
    if node_id == 0:
        return status_view.budget_list(fy.year, tree.programs, page, parent=None, quarter=quarter)
    node = tree.node(node_id)
    if node is None or node.level == NodeLevel.TOTAL:
        raise StaleButton
    if node.children:
        return status_view.budget_list(fy.year, node.children, page, parent=node, quarter=quarter)
    return status_view.node_detail(fy.year, node)


def _indicator_reply(session: Session, fy: FiscalYear, indicator_id: int) -> ui.Reply:
    tree = queries.budget_tree(session, fy)
    found = [r for r in queries.indicator_results(session, tree) if r.id == indicator_id]
    if not found:
        raise StaleButton
    return ui.Reply(status_view.indicator_block(found[0]))


def register(app: App) -> None:
    app.add_handler(commands.handler("start", start))
    app.add_handler(commands.handler("bantuan", help_command))
    app.add_handler(commands.handler("ringkasan", summary))
    app.add_handler(commands.handler("anggaran", budget))
    app.add_handler(commands.handler("capaian", indicators))
    app.add_handler(commands.handler("dibawahtarget", below))
    app.add_handler(commands.handler("cari", search))
    app.add_handler(commands.handler("grafik", chart))
    app.add_handler(commands.handler("ekspor", export_xlsx))
    app.add_handler(
        CallbackQueryHandler(on_button, pattern=r"^(ang|angq|tw|cap|bwh|cari|ind|gfk|eks)\|")
    )
