"""Quick status for the Kepala Dinas: summary, budget drill-down, indicators, search.

Each handler parses the request, asks ``lakip_model`` on a worker thread, and renders with
``bot.views.status``. Buttons carry everything they need (year, row id, page: see the button
kinds in the views), so they keep working after a restart. A year without data, and a button
whose row no longer exists, propagate as errors that ``bot.errors.on_error`` words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar, cast

from sqlmodel import Session
from telegram import Update

from bot import commands, texts
from bot.callbacks import StaleButton
from bot.common import add_buttons, edit, pressed, read_args, send
from bot.context import App, BotContext
from bot.views import checks as checks_view
from bot.views import city as city_view
from bot.views import common as ui
from bot.views import indicators as indicator_view
from bot.views import status as view
from bot.views.status import (
    BelowPage,
    BudgetFilter,
    BudgetNode,
    IndicatorShow,
    IndicatorsPage,
    SearchOpen,
    SearchPage,
)
from lakip_model import checks, city, performance, queries
from lakip_model import indicators as quarter_indicators
from lakip_model import search as name_search
from lakip_model.ledger import QUARTERS, quarter_months
from lakip_model.models import FiscalYear, NodeLevel
from lakip_model.text import words

T = TypeVar("T")


async def in_year(
    context: BotContext, year: int | None, fn: Callable[[Session, FiscalYear], T]
) -> T:
    """``fn`` on the requested year of the agency (its latest when None), on a worker thread.

    A year without data raises :class:`lakip_model.queries.YearNotFound`, which the error
    handler answers with the years there are.
    """
    agency = context.agency_code
    user = context.user
    # a city reader on another agency's screen is told whose it is (bot.views.city.header)
    other = user is not None and user.reads_city and agency not in (None, user.agency_code)

    def work(session: Session) -> T:
        fy = queries.resolve_year(session, year, agency)
        result = fn(session, fy)
        if other and isinstance(result, ui.Reply):
            ref = city.agency_by_id(session, fy.agency_id)
            if ref is not None:
                return cast(T, city_view.with_header(result, ref))
        return result

    return await context.db(work)


# --- commands ---------------------------------------------------------------------------------


async def _yearly(
    update: Update,
    context: BotContext,
    example: str,
    fn: Callable[[Session, FiscalYear], ui.Reply],
) -> None:
    """A command whose only argument is the year: ``fn``'s screen of that year."""
    args = await read_args(update, context, allow_words=False, example=example)
    if args is not None:
        await send(update, await in_year(context, args.year, fn))


async def summary(update: Update, context: BotContext) -> None:
    await _yearly(update, context, "/ringkasan 2022", summary_reply)


def summary_reply(session: Session, fy: FiscalYear) -> ui.Reply:
    """The year's summary, and the latest quarter of the indicators (nothing without one)."""
    year = quarter_indicators.load_year(session, int(fy.id or 0))  # once, for both parts
    reply = view.summary(
        performance.summary(session, fy, on_ledger=quarter_indicators.figures_of(year))
    )
    quarter, rows = quarter_indicators.latest_of(year)
    if quarter is None:
        return reply
    return _with_lines(reply, indicator_view.summary_lines(fy.year, quarter, rows))


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
    example = "/anggaran perlindungan 2022"
    args = await read_args(update, context, allow_words=True, example=example)
    if args is None:
        return
    query, quarter = split_quarter(args.words)
    await send(
        update,
        await in_year(context, args.year, lambda s, fy: budget_reply(s, fy, query, 0, quarter)),
    )


BUDGET_LEVELS = (NodeLevel.PROGRAM, NodeLevel.KEGIATAN, NodeLevel.SUB_KEGIATAN)


def _budget_tree(
    session: Session, fy: FiscalYear, quarter: int | None
) -> tuple[queries.BudgetTree, queries.YearStatus, view.Notes] | ui.Reply:
    """The year's tree (of ``quarter`` when given), its status and the report's contradictions
    by row; or the reply that a year of year-end figures has no triwulan to show."""
    status = queries.year_status(session, fy)
    if quarter and status.has_figures and not status.has_monthly:
        return view.year_end_only(fy.year)
    tree = queries.budget_tree(session, fy, quarter_months(quarter) if quarter else None)
    # a triwulan's realization is not the printed year's, so only the year's tree is compared
    notes = checks_view.by_row(checks.tree_contradictions(tree)) if not quarter else {}
    return tree, status, notes


def budget_reply(
    session: Session, fy: FiscalYear, query: str, page: int, quarter: int | None = None
) -> ui.Reply:
    found = _budget_tree(session, fy, quarter)
    if isinstance(found, ui.Reply):
        return found
    tree, status, notes = found
    if not query:
        return view.budget_list(
            fy.year,
            tree.programs,
            page,
            parent=None,
            quarter=quarter,
            status=status,
            total=tree.root,
            notes=notes,
        )
    matches = name_search.rows((n for n in tree.root.walk() if n.level in BUDGET_LEVELS), query)
    if not matches:
        return view.budget_none(query, fy.year)
    return view.budget_list(
        fy.year,
        matches,
        page,
        parent=None,
        query=query,
        quarter=quarter,
        status=status,
        notes=notes,
    )


def indicators_reply(session: Session, fy: FiscalYear, page: int) -> ui.Reply:
    """/capaian without a quarter: the year as the report measures it, and buttons to the
    quarters (``bot.journeys.capaian``)."""
    tree = queries.budget_tree(session, fy)
    results = performance.indicator_results(session, tree)
    reply = view.indicators(fy.year, results, page, queries.year_status(session, fy))
    return indicator_view.with_quarter_buttons(reply, fy.year)


def _with_lines(reply: ui.Reply, lines: list[str]) -> ui.Reply:
    return ui.Reply(reply.text + "\n\n" + "\n".join(lines), reply.keyboard) if lines else reply


async def below(update: Update, context: BotContext) -> None:
    example = "/dibawahtarget 2026 tw2"
    args = await read_args(update, context, allow_words=True, example=example)
    if args is None:
        return
    rest, quarter = split_quarter(args.words)
    if rest:
        await send(update, texts.CAPAIAN_USAGE.format(example=example))
        return
    await send(
        update, await in_year(context, args.year, lambda s, fy: below_reply(s, fy, 0, quarter))
    )


def below_reply(
    session: Session, fy: FiscalYear, page: int, quarter: int | None = None
) -> ui.Reply:
    """What misses its target in the year, and the indicators below their quarter's target
    (``quarter``, else the latest quarter with figures)."""
    year = quarter_indicators.load_year(session, int(fy.id or 0))  # once, for both parts
    s = performance.summary(session, fy, on_ledger=quarter_indicators.figures_of(year))
    reply = view.below(fy.year, s.below, page, s)
    if quarter is None:
        quarter, rows = quarter_indicators.latest_of(year)
    else:
        rows = quarter_indicators.results_of(year, quarter)
    if quarter is None:
        return reply
    return _with_lines(reply, indicator_view.below_lines(fy.year, quarter, rows))


async def search(update: Update, context: BotContext) -> None:
    example = "/cari perlindungan anak"
    args = await read_args(update, context, allow_words=True, example=example)
    if args is None:
        return
    if not words(args.words):
        await send(update, texts.SEARCH_USAGE)
        return
    await send(
        update,
        await in_year(context, args.year, lambda s, fy: search_reply(s, fy, args.words, 0)),
    )


def search_reply(session: Session, fy: FiscalYear, query: str, page: int) -> ui.Reply:
    tree = queries.budget_tree(session, fy)
    return view.search_results(fy.year, query, name_search.search(session, tree, query), page)


# --- buttons: each kind its own handler; a mangled one raises StaleButton ----------------------


async def _show(update: Update, reply: ui.Reply) -> None:
    """Drill down by editing the pressed message."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    await edit(update, reply)


async def on_budget_node(update: Update, context: BotContext) -> None:
    b = pressed(update, BudgetNode)
    quarter = b.quarter or None
    await _show(
        update,
        await in_year(context, b.year, lambda s, fy: node_reply(s, fy, b.node, b.page, quarter)),
    )


def node_reply(
    session: Session, fy: FiscalYear, node_id: int, page: int, quarter: int | None
) -> ui.Reply:
    if node_id == 0:
        return budget_reply(session, fy, "", page, quarter)
    found = _budget_tree(session, fy, quarter)
    if isinstance(found, ui.Reply):
        return found
    tree, status, notes = found
    node = tree.node(node_id)
    if node is None or node.level == NodeLevel.TOTAL:
        raise StaleButton
    indicator = _indicator_of(session, tree, node) if not quarter else None
    if node.children:
        return view.budget_list(
            fy.year,
            node.children,
            page,
            parent=node,
            quarter=quarter,
            status=status,
            notes=notes,
            indicator=indicator,
        )
    return view.node_detail(
        fy.year, node, status=status, notes=notes, quarter=quarter, indicator=indicator
    )


def _indicator_of(
    session: Session, tree: queries.BudgetTree, node: queries.NodeFigures
) -> performance.IndicatorResult | None:
    """The indicator a row reports, if any (read only for such a row: a program's, mostly)."""
    if not node.indicator_text or node.target.value is None:
        return None
    results = performance.indicator_results(session, tree)
    return next((r for r in results if r.node_key == node.key), None)


async def on_budget_filter(update: Update, context: BotContext) -> None:
    b = pressed(update, BudgetFilter)
    quarter = b.quarter if b.quarter in QUARTERS else None
    await _show(
        update,
        await in_year(context, b.year, lambda s, fy: budget_reply(s, fy, b.text, b.page, quarter)),
    )


async def on_indicators_page(update: Update, context: BotContext) -> None:
    b = pressed(update, IndicatorsPage)
    await _show(
        update, await in_year(context, b.year, lambda s, fy: indicators_reply(s, fy, b.page))
    )


async def on_below_page(update: Update, context: BotContext) -> None:
    b = pressed(update, BelowPage)
    await _show(update, await in_year(context, b.year, lambda s, fy: below_reply(s, fy, b.page)))


async def on_search_page(update: Update, context: BotContext) -> None:
    b = pressed(update, SearchPage)
    if not words(b.text):
        raise StaleButton
    await _show(
        update, await in_year(context, b.year, lambda s, fy: search_reply(s, fy, b.text, b.page))
    )


async def on_indicator_show(update: Update, context: BotContext) -> None:
    b = pressed(update, IndicatorShow)
    await _show(
        update, await in_year(context, b.year, lambda s, fy: indicator_reply(s, fy, b.indicator))
    )


def indicator_reply(session: Session, fy: FiscalYear, indicator_id: int) -> ui.Reply:
    tree = queries.budget_tree(session, fy)
    found = [r for r in performance.indicator_results(session, tree) if r.id == indicator_id]
    if not found:
        raise StaleButton
    missing = view.missing_realization(queries.year_status(session, fy))
    return ui.Reply(view.indicator_block(found[0], missing))


async def on_search_open(update: Update, context: BotContext) -> None:
    """A result of /cari: its screen, with a button back to the results."""
    b = pressed(update, SearchOpen)

    def reply(session: Session, fy: FiscalYear) -> ui.Reply:
        if b.indicator:
            return indicator_reply(session, fy, b.row)
        return node_reply(session, fy, b.row, 0, None)

    await _show(update, view.from_search(await in_year(context, b.year, reply), b))


def register(app: App) -> None:
    app.add_handler(commands.handler("ringkasan", summary))
    app.add_handler(commands.handler("anggaran", budget))
    app.add_handler(commands.handler("dibawahtarget", below))
    app.add_handler(commands.handler("cari", search))
    add_buttons(
        app,
        {
            BudgetNode: on_budget_node,
            BudgetFilter: on_budget_filter,
            IndicatorsPage: on_indicators_page,
            BelowPage: on_below_page,
            SearchPage: on_search_page,
            IndicatorShow: on_indicator_show,
            SearchOpen: on_search_open,
        },
    )
