"""/grafik and /ekspor: the chart as a photo and the Bab III tables as a workbook.

matplotlib is loaded only by the drawing process (``bot.documents.chartdraw``) and openpyxl
only when a workbook is asked for, so the long-running bot never holds them from the start.
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.constants import ChatAction

from bot import commands
from bot.common import add_buttons, command_args, pressed
from bot.context import App, BotContext
from bot.journeys.status import in_year
from bot.views import status as view
from bot.views.status import Chart, Export


async def chart(update: Update, context: BotContext) -> None:
    args = await command_args(update, context.args, allow_words=False, example="/grafik 2022")
    if args is not None:
        await send_chart(update, context, args.year)


async def export_xlsx(update: Update, context: BotContext) -> None:
    args = await command_args(update, context.args, allow_words=False, example="/ekspor 2022")
    if args is not None:
        await send_export(update, context, args.year)


async def on_chart(update: Update, context: BotContext) -> None:
    await send_chart(update, context, pressed(update, Chart).year)


async def on_export(update: Update, context: BotContext) -> None:
    await send_export(update, context, pressed(update, Export).year)


async def send_chart(update: Update, context: BotContext, year: int | None) -> None:
    from bot.documents import (
        chart as charts,  # matplotlib is loaded by the renderer process, never here
    )

    data = await in_year(context, year, charts.chart_data)
    chat = await _started(update, ChatAction.UPLOAD_PHOTO)
    await chat.send_photo(
        await charts.render_png(data),
        caption=view.chart_caption(data.agency, data.year),
        filename=f"grafik-anggaran-{data.year}.png",
    )


async def send_export(update: Update, context: BotContext, year: int | None) -> None:
    from bot.documents import (
        workbook as export,  # openpyxl only in a process that is asked for a workbook
    )

    data = await in_year(context, year, export.export_data)
    chat = await _started(update, ChatAction.UPLOAD_DOCUMENT)
    await chat.send_document(
        await export.render_xlsx(data),
        filename=f"lakip-{data.agency_code}-{data.year}.xlsx",
        caption=view.export_caption(data.agency, data.year),
    )


async def _started(update: Update, action: str) -> Chat:
    """Acknowledge a button press (a year without data was answered by the error handler) and
    show "sending a photo/file…" while the file is made."""
    chat = update.effective_chat
    assert chat is not None
    if update.callback_query is not None:
        await update.callback_query.answer()
    await chat.send_chat_action(action)
    return chat


def register(app: App) -> None:
    app.add_handler(commands.handler("grafik", chart))
    app.add_handler(commands.handler("ekspor", export_xlsx))
    add_buttons(app, {Chart: on_chart, Export: on_export})
