"""/impor and a workbook sent to the bot: an admin's Excel import, preview first.

An admin sends an .xlsx (the /ekspor file, or the template filled with a DPA) in a private
chat; the bot downloads it (refusing a file over the format's limit before downloading),
plans the import in one read-only transaction and shows the preview with Simpan / Batal.
Nothing is written until Simpan: the press downloads the same file again (its file id and
digest are kept in the user's data, which survives a restart), checks that it is the file
previewed, and commits it through ``seed.workbook.importer``, which re-checks the presser as
an admin of the agency inside the transaction. openpyxl is loaded only when a file comes.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import math
from decimal import Decimal

from sqlmodel import Session
from telegram import Document, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import callbacks, commands
from bot.common import edit, private_only, send
from bot.context import App, BotContext
from bot.documents import load_openpyxl
from bot.texts import imports as t
from bot.views import imports as view
from lakip_model.numbers import format_decimal

PENDING = "import_pending"  # user_data key: the previewed file (id, digest, name, seq)
MB = 2**20


async def import_command(update: Update, context: BotContext) -> None:
    if not await private_only(update):
        return
    if context.user is None or not context.user.is_admin:
        await send(update, t.IMPORT_ADMIN_ONLY)
        return
    await send(update, view.how_to())


async def _download(context: BotContext, file_id: str) -> bytes | None:
    try:
        tg_file = await context.bot.get_file(file_id)
        buf = io.BytesIO()
        await tg_file.download_to_memory(buf)
    except TelegramError:
        return None
    return buf.getvalue()


def _limit() -> int:
    from seed.workbook.columns import MAX_BYTES

    return MAX_BYTES


async def on_document(update: Update, context: BotContext) -> None:
    """A workbook from an admin: download, plan, preview. Writes nothing."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    doc: Document | None = message.document
    assert doc is not None
    if context.user is None or not context.user.is_admin:
        await send(update, t.IMPORT_ADMIN_ONLY)
        return
    limit = _limit()
    if doc.file_size is not None and doc.file_size > limit:
        tenths = Decimal(math.ceil(doc.file_size * 10 / MB)) / 10  # 5,1 MB, never "5,0 > 5"
        await send(update, t.IMPORT_TOO_BIG.format(size=format_decimal(tenths), mb=limit // MB))
        return
    chat = update.effective_chat
    assert chat is not None
    await chat.send_chat_action(ChatAction.TYPING)
    data = await _download(context, doc.file_id)
    if data is None:
        await send(update, t.IMPORT_DOWNLOAD_FAILED)
        return
    load_openpyxl()  # openpyxl: only once a file comes, without numpy
    from seed.workbook.importer import plan_import

    admin_id = user.id
    plan = await context.db(lambda s: plan_import(s, data, actor_id=admin_id))
    user_data = context.user_data
    assert user_data is not None
    seq = int((user_data.get(PENDING) or {}).get("seq", 0)) + 1
    name = doc.file_name or "berkas.xlsx"
    if plan.ok:
        user_data[PENDING] = {
            "file_id": doc.file_id,
            "digest": hashlib.sha256(data).hexdigest(),
            "name": name,
            "seq": seq,
        }
    else:
        user_data.pop(PENDING, None)
    await send(update, view.preview(plan, name, seq))


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    pressed = callbacks.expect(query.data, *view.IMPORT_BUTTONS)
    user_data = context.user_data
    assert user_data is not None
    if isinstance(pressed, view.ImportTemplate):
        await query.answer()
        load_openpyxl()  # without numpy, before the worker thread imports it
        from seed.workbook.writer import template_bytes

        chat = update.effective_chat
        assert chat is not None
        await chat.send_chat_action(ChatAction.UPLOAD_DOCUMENT)
        await chat.send_document(
            await asyncio.to_thread(template_bytes),
            filename="templat-lakip.xlsx",
            caption=t.IMPORT_TEMPLATE_CAPTION,
        )
        return
    pending = user_data.get(PENDING)
    if isinstance(pressed, view.ImportCancel):
        user_data.pop(PENDING, None)
        await query.answer()
        await edit(update, view.message(t.IMPORT_CANCELLED))
        return
    assert isinstance(pressed, view.ImportSave)
    if not pending or pending.get("seq") != pressed.seq:
        await query.answer()
        await edit(update, view.message(t.IMPORT_STALE))
        return
    await query.answer()
    data = await _download(context, str(pending["file_id"]))
    if data is None:
        await send(update, t.IMPORT_DOWNLOAD_FAILED)
        return
    if hashlib.sha256(data).hexdigest() != pending["digest"]:
        user_data.pop(PENDING, None)
        await edit(update, view.message(t.IMPORT_CHANGED))
        return
    load_openpyxl()
    from seed.workbook.importer import commit_import

    admin_id = query.from_user.id

    def work(session: Session) -> view.Plan:
        plan = commit_import(session, data, actor_id=admin_id)
        if not plan.ok:
            session.rollback()  # the database moved since the preview: nothing is written
        return plan

    plan = await context.db(work)  # a refusal (no longer an admin): its sentence
    user_data.pop(PENDING, None)
    await edit(update, view.done(plan) if plan.ok else view.preview(plan, pending["name"], 0))


def register(app: App) -> None:
    app.add_handler(commands.handler("impor", import_command))
    workbook = filters.Document.FileExtension("xlsx") | filters.Document.MimeType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & workbook, on_document
        )
    )
    app.add_handler(
        CallbackQueryHandler(on_button, pattern=callbacks.pattern(*view.IMPORT_BUTTONS))
    )
