"""The offline terminal chat, driven through text streams like a pipe."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from emulator import BotApiEmulator
from emulator.terminal import run_terminal_chat

AnyApp = Application[Any, Any, Any, Any, Any, Any]
Context = ContextTypes.DEFAULT_TYPE
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + b"\x00\x00\x00\x0dIHDR"
    + b"\x00\x00\x00\x02\x00\x00\x00\x02"
    + b"\x00" * 9
)
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Anggaran", callback_data="ang"),
            InlineKeyboardButton("Capaian", callback_data="cap"),
        ],
        [InlineKeyboardButton("Situs", url="https://binjaikota.go.id")],
    ]
)


async def start(update: Update, context: Context) -> None:
    assert update.effective_chat
    await update.effective_chat.send_message(
        "Halo <b>Kadis</b> &amp; tim\n<pre>Program   Pagu\nA         1.000</pre>",
        parse_mode=ParseMode.HTML,
        reply_markup=KEYBOARD,
    )


async def pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Data 2022 dipakai", show_alert=True)
    await query.edit_message_text(f"Anda memilih <i>{query.data}</i>", parse_mode=ParseMode.HTML)


async def export(update: Update, context: Context) -> None:
    assert update.effective_chat
    await update.effective_chat.send_document(
        b"isi laporan",
        filename="laporan-2022.txt",
        caption="Laporan <b>2022</b>",
        parse_mode="HTML",
    )


async def chart(update: Update, context: Context) -> None:
    assert update.effective_chat
    await update.effective_chat.send_photo(PNG, caption="Grafik")


def make_app(emu: BotApiEmulator) -> AnyApp:
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("ekspor", export))
    app.add_handler(CommandHandler("grafik", chart))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


async def chat(lines: str, out_dir: Path) -> str:
    async with BotApiEmulator() as emu:
        user = emu.user(1001, "Kepala Dinas", username="kadis")
        stdout = io.StringIO()
        await run_terminal_chat(
            make_app(emu),
            emu,
            user=user,
            out_dir=out_dir,
            stdin=io.StringIO(lines),
            stdout=stdout,
            reply_timeout=5,
        )
        return stdout.getvalue()


async def test_transcript_with_buttons_and_files(tmp_path: Path) -> None:
    out_dir = tmp_path / "berkas"
    transcript = await chat("/start\n#2\n#1\n#9\n/ekspor\n/grafik\n/keluar\n/start\n", out_dir)
    assert transcript.startswith("Obrolan luring")
    assert "#1" in transcript.split("\n\n")[0] and "/keluar" in transcript
    expected = [
        "> /start",
        "",
        "🤖",
        "Halo Kadis & tim",
        "Program   Pagu",
        "A         1.000",
        "[1] Anggaran  [2] Capaian",
        "[3] Situs",
        "> #2",
        "",
        "✎ (pesan diperbarui)",
        "Anda memilih cap",
        "⚠ Data 2022 dipakai",
        "> #1",
        "Belum ada pesan bertombol untuk ditekan.",
        "> #9",
        "Belum ada pesan bertombol untuk ditekan.",
        "> /ekspor",
        "",
        "🤖",
        f"📎 disimpan: {out_dir / 'laporan-2022.txt'}",
        "Laporan 2022",
        "> /grafik",
        "",
        "🤖",
        f"📎 disimpan: {out_dir / 'foto-6.png'}",
        "Grafik",
        "> /keluar",
        "Sampai jumpa.",
    ]
    body = transcript.splitlines()
    assert body[body.index("> /start") :] == expected
    assert (out_dir / "laporan-2022.txt").read_bytes() == b"isi laporan"
    assert (out_dir / "foto-6.png").read_bytes() == PNG


async def test_buttons_are_numbered_and_links_are_not_pressed(tmp_path: Path) -> None:
    transcript = await chat("/start\n#3\n#4\n#1\n", tmp_path)
    assert "🔗 Tombol ini membuka tautan: https://binjaikota.go.id" in transcript
    assert "Tombol #4 tidak ada; pilih #1 sampai #3." in transcript
    assert "Anda memilih ang" in transcript


async def test_end_of_input_ends_the_chat(tmp_path: Path) -> None:
    transcript = await chat("/start", tmp_path)
    assert transcript.rstrip().endswith("Sampai jumpa.")
    assert "[1] Anggaran  [2] Capaian" in transcript


async def test_silence_is_reported(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        user = emu.user(1001, "Kepala Dinas")
        stdout = io.StringIO()
        await run_terminal_chat(
            make_app(emu),
            emu,
            user=user,
            out_dir=tmp_path,
            stdin=io.StringIO("/tidakdikenal\n"),
            stdout=stdout,
            reply_timeout=0.3,
        )
    assert "(bot tidak membalas dalam 0.3 detik)" in stdout.getvalue()
