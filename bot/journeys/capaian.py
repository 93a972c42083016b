"""/capaian [tahun] [tw]: performance indicators.

Without a quarter: the year as the report measures it (``performance.indicator_results``, the
status journey's screens), with buttons to the quarters. With ``tw1``–``tw4`` (or a quarter
button): every indicator in that quarter from ``lakip_model.indicators`` — IKU first, per
sasaran strategis, target, realization, achievement, category, trend against the previous
quarter, and "rencana aksi belum diisi" where the quarterly targets are missing; a quarter
without approved figures says so. Tapping an indicator shows its four quarters and the year,
and the programs that serve it with their budget absorption (capaian kinerja vs serapan).
/ringkasan and /dibawahtarget add the latest quarter's indicators (``bot.journeys.status``).
"""

from __future__ import annotations

from sqlmodel import Session
from telegram import InlineKeyboardMarkup, Update

from bot import commands, texts
from bot.callbacks import StaleButton
from bot.common import add_buttons, edit, pressed, read_args, send
from bot.context import App, BotContext
from bot.journeys.status import in_year, indicators_reply, split_quarter
from bot.views import common as ui
from bot.views import indicators as view
from bot.views.common import key
from bot.views.indicators import CapaianBack, CapaianIndicator, CapaianQuarter
from lakip_model import indicators, queries
from lakip_model.errors import NotFound
from lakip_model.models import FiscalYear, Indicator

EXAMPLE = "/capaian 2026 tw2"


def quarter_reply(session: Session, fy: FiscalYear, quarter: int | None, page: int = 0) -> ui.Reply:
    rows = indicators.quarter_results(session, int(fy.id or 0), quarter)
    reply = view.capaian(fy.year, quarter, rows, page)
    switch = [
        key(("• " if q == quarter else "") + view.quarter_name(q), CapaianQuarter(fy.year, q))
        for q in indicators.QUARTER_NUMBERS
    ]
    keyboard = [list(r) for r in reply.keyboard.inline_keyboard] if reply.keyboard else []
    return ui.Reply(reply.text, InlineKeyboardMarkup([*keyboard, switch]))


def detail_reply(session: Session, indicator_id: int, quarter: int, agency_id: int) -> ui.Reply:
    ind = session.get(Indicator, indicator_id)
    fy = session.get(FiscalYear, ind.fiscal_year_id) if ind is not None else None
    if ind is None or fy is None or fy.agency_id != agency_id:
        raise StaleButton
    found = indicators.indicator_detail(session, indicator_id)
    programs = []
    if found.programs:
        tree = queries.budget_tree(session, fy)
        for node in found.programs:
            figures = tree.node(int(node.id or 0))
            if figures is None:
                continue
            programs.append(
                view.ProgramLine(node.name, figures.absorption, figures.output_achievement)
            )
    return view.detail(fy.year, quarter, found, programs)


async def capaian(update: Update, context: BotContext) -> None:
    args = await read_args(update, context, allow_words=True, example=EXAMPLE)
    if args is None:
        return
    rest, quarter = split_quarter(args.words)
    if rest:
        await send(update, texts.CAPAIAN_USAGE.format(example=EXAMPLE))
        return
    if quarter is None:
        reply = await in_year(context, args.year, lambda s, fy: indicators_reply(s, fy, 0))
        await send(update, reply)
        return
    await send(
        update, await in_year(context, args.year, lambda s, fy: quarter_reply(s, fy, quarter))
    )


async def _show(update: Update, reply: ui.Reply) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer()
    await edit(update, reply)


async def on_quarter(update: Update, context: BotContext) -> None:
    b = pressed(update, CapaianQuarter)
    quarter = b.quarter or None
    reply = await in_year(context, b.year, lambda s, fy: quarter_reply(s, fy, quarter, b.page))
    await _show(update, reply)


async def on_indicator(update: Update, context: BotContext) -> None:
    b = pressed(update, CapaianIndicator)
    agency = context.agency_code

    def reply(session: Session) -> ui.Reply:
        fy = queries.resolve_year(session, None, agency)
        try:
            return detail_reply(session, b.indicator, b.quarter, fy.agency_id)
        except NotFound as exc:
            raise StaleButton from exc

    await _show(update, await context.db(reply))


async def on_back(update: Update, context: BotContext) -> None:
    b = pressed(update, CapaianBack)
    quarter = b.quarter or None
    await _show(update, await in_year(context, b.year, lambda s, fy: quarter_reply(s, fy, quarter)))


def register(app: App) -> None:
    app.add_handler(commands.handler("capaian", capaian))
    add_buttons(
        app,
        {CapaianQuarter: on_quarter, CapaianIndicator: on_indicator, CapaianBack: on_back},
    )
