"""/grafik, /ekspor and /laporan: the chart as a photo, the Bab III tables as a workbook and
the year's LKjIP draft as a Word document.

Every document is built off the event loop (the figures on a database worker, the file in a
thread or, for the chart, a child process), with the upload action shown while it is made; a
second request for the same kind of document in a chat while one is being built is told to wait
(``bot.documents.building``), not built twice. matplotlib is loaded only by the drawing process
(``bot.documents.chartdraw``), openpyxl and python-docx only when their file is asked for, so
the long-running bot never holds them from the start.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from telegram import Chat, Update
from telegram.constants import ChatAction

from bot import commands, texts
from bot.common import add_buttons, pressed, read_args, send
from bot.context import App, BotContext
from bot.documents import building
from bot.journeys.status import in_year, split_quarter
from bot.texts import lkjip as report_texts
from bot.views import status as view
from bot.views.common import esc
from bot.views.status import Chart, Export


async def chart(update: Update, context: BotContext) -> None:
    args = await read_args(update, context, allow_words=False, example="/grafik 2022")
    if args is not None:
        await send_chart(update, context, args.year)


async def export_xlsx(update: Update, context: BotContext) -> None:
    """/ekspor [tahun] [tw]: the quarter chooses the Renja evaluation sheet's triwulan (else
    the latest with a verified figure)."""
    example = "/ekspor 2026 tw2"
    args = await read_args(update, context, allow_words=True, example=example)
    if args is None:
        return
    rest, quarter = split_quarter(args.words)
    if rest:
        await send(update, texts.CAPAIAN_USAGE.format(example=example))
        return
    await send_export(update, context, args.year, quarter)


async def report_docx(update: Update, context: BotContext) -> None:
    args = await read_args(update, context, allow_words=False, example="/laporan 2022")
    if args is not None:
        await send_report(update, context, args.year)


async def on_chart(update: Update, context: BotContext) -> None:
    await send_chart(update, context, pressed(update, Chart).year)


async def on_export(update: Update, context: BotContext) -> None:
    await send_export(update, context, pressed(update, Export).year)


async def send_chart(update: Update, context: BotContext, year: int | None) -> None:
    from bot.documents import (
        chart as charts,  # matplotlib is loaded by the renderer process, never here
    )

    async def make(chat: Chat) -> None:
        data = await in_year(context, year, charts.chart_data)
        async with _started(update, chat, ChatAction.UPLOAD_PHOTO):
            await chat.send_photo(
                await charts.render_png(data),
                caption=view.chart_caption(data.agency, data.year),
                filename=f"grafik-anggaran-{data.year}.png",
            )

    await _one_at_a_time(update, context, "grafik", make)


async def send_export(
    update: Update, context: BotContext, year: int | None, quarter: int | None = None
) -> None:
    from bot.documents import (
        workbook as export,  # openpyxl only in the process that builds the workbook
    )

    async def make(chat: Chat) -> None:
        data = await in_year(context, year, lambda s, fy: export.export_data(s, fy, quarter))
        async with _started(update, chat, ChatAction.UPLOAD_DOCUMENT):
            await chat.send_document(
                await export.render_xlsx(data),
                filename=f"lakip-{data.agency_code}-{data.year}.xlsx",
                caption=view.export_caption(data.agency, data.year),
            )

    await _one_at_a_time(update, context, "ekspor", make)


async def send_report(update: Update, context: BotContext, year: int | None) -> None:
    from bot.documents import lkjipbuild as lkjip  # python-docx only in the building process

    async def make(chat: Chat) -> None:
        data = await in_year(context, year, lkjip.report_data)
        async with _started(update, chat, ChatAction.UPLOAD_DOCUMENT):
            await chat.send_document(
                await lkjip.render_docx(data, context.today()),
                filename=lkjip.file_name(data),
                caption=report_texts.CAPTION.format(agency=esc(data.agency_short), year=data.year),
            )

    await _one_at_a_time(update, context, "laporan", make)


async def _one_at_a_time(
    update: Update, context: BotContext, kind: str, make: Callable[[Chat], Awaitable[None]]
) -> None:
    """``make`` the document unless one of its kind is being built for this chat: then the
    asker is told to wait (a pressed button gets it as a notice)."""
    chat = update.effective_chat
    assert chat is not None
    async with building.claim(context.application, chat.id, kind) as claimed:
        if claimed:
            await make(chat)
            return
    wait = report_texts.BUILDING_WAIT.format(what=report_texts.WHAT[kind])
    if update.callback_query is not None:
        await update.callback_query.answer(wait)
    else:
        await send(update, wait)


@contextlib.asynccontextmanager
async def _started(update: Update, chat: Chat, action: str) -> AsyncIterator[None]:
    """Acknowledge a button press (a year without data was answered by the error handler) and
    show "sending a photo/file…" while the file is made."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    async with building.showing(chat, action):
        yield


def register(app: App) -> None:
    app.add_handler(commands.handler("grafik", chart))
    app.add_handler(commands.handler("ekspor", export_xlsx))
    app.add_handler(commands.handler("laporan", report_docx))
    add_buttons(app, {Chart: on_chart, Export: on_export})
