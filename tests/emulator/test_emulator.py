"""The Bot API emulator, driven by the real python-telegram-bot ``Bot`` and ``Application``."""

from __future__ import annotations

import asyncio
import html
import struct
import time
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from emulator import (
    BotApiEmulator,
    EmulatorTimeout,
    UploadedFile,
    button_texts,
    find_button,
    message_dict,
    plain_text,
    running,
)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
Context = ContextTypes.DEFAULT_TYPE


def png(width: int = 3, height: int = 2) -> bytes:
    """A real, tiny PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = png()
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MENU = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Satu", callback_data="1"),
            InlineKeyboardButton("Dua", callback_data="2"),
        ],
        [InlineKeyboardButton("Situs", url="https://binjaikota.go.id")],
    ]
)


# --- a tiny bot --------------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    assert update.effective_chat and update.effective_user
    name = html.escape(update.effective_user.first_name)
    await update.effective_chat.send_message(f"Halo, <b>{name}</b>!", parse_mode=ParseMode.HTML)


async def summary(update: Update, context: Context) -> None:
    assert update.effective_chat
    await update.effective_chat.send_message(f"ringkasan {' '.join(context.args or [])}")


async def menu(update: Update, context: Context) -> None:
    assert update.effective_chat
    await update.effective_chat.send_message("Pilih:", reply_markup=MENU)


async def pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"Pilihan {query.data}")
    await query.edit_message_text(
        f"Anda memilih <b>{query.data}</b>", parse_mode=ParseMode.HTML, reply_markup=MENU
    )


async def chart(update: Update, context: Context) -> None:
    assert update.effective_chat
    await update.effective_chat.send_chat_action("upload_photo")
    await update.effective_chat.send_photo(
        PNG, caption="Grafik <b>2022</b>", parse_mode=ParseMode.HTML, filename="grafik.png"
    )


async def export(update: Update, context: Context) -> None:
    assert update.effective_chat
    await update.effective_chat.send_document(b"PK\x03\x04 xlsx", filename="laporan.xlsx")


async def photo_size(update: Update, context: Context) -> None:
    assert update.message and update.message.photo and update.effective_chat
    file = await update.message.photo[-1].get_file()
    data = await file.download_as_bytearray()
    await update.effective_chat.send_message(f"foto {len(data)} byte")


async def echo(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and update.effective_chat
    prefix = "diedit" if update.edited_message else "echo"
    text = message.text or (message.sticker.emoji if message.sticker else "?")
    await update.effective_chat.send_message(
        f"<i>{prefix}</i>: {html.escape(text or '')}", parse_mode=ParseMode.HTML
    )


def make_app(emu: BotApiEmulator) -> AnyApp:
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .concurrent_updates(True)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("ringkasan", summary))
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CommandHandler("grafik", chart))
    app.add_handler(CommandHandler("ekspor", export))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.PHOTO, photo_size))
    app.add_handler(MessageHandler((filters.TEXT | filters.Sticker.ALL) & ~filters.COMMAND, echo))
    return app


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(bot_username="LakipBinjaiBot") as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


@pytest.fixture
async def app(emu: BotApiEmulator) -> AsyncIterator[AnyApp]:
    application = make_app(emu)
    async with running(application, emu):
        yield application


@pytest.fixture
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22's opt-in: RetryAfter.retry_after as a timedelta, without deprecation warnings."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


def retry_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value if isinstance(value, int | float) else value.total_seconds()


# --- wire format -------------------------------------------------------------------------------


async def test_get_me_over_the_wire(emu: BotApiEmulator, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "LakipBinjaiBot"
    assert me.is_bot and me.id == emu.bot_user["id"]
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.base_url}{emu.token}/GETME") as response:
            assert response.status == 200
            body = await response.json()
        async with http.get(f"{emu.base_url}{emu.token}/getMe?foo=1") as response:
            assert (await response.json())["ok"] is True
    assert body["ok"] is True
    assert body["result"]["username"] == "LakipBinjaiBot"


async def test_unknown_method_and_wrong_token(emu: BotApiEmulator) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.base_url}{emu.token}/fooBar") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with http.post(f"{emu.base_url}123:wrong/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"


async def test_wrong_token_raises_invalid_token(emu: BotApiEmulator) -> None:
    stranger = Bot("123:wrong", base_url=emu.base_url, base_file_url=emu.base_file_url)
    with pytest.raises(InvalidToken):
        await stranger.initialize()
    await stranger.shutdown()


async def test_json_body_is_accepted(emu: BotApiEmulator) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    async with aiohttp.ClientSession() as http:
        url = f"{emu.base_url}{emu.token}/sendMessage"
        async with http.post(url, json={"chat_id": kadis.id, "text": "123"}) as response:
            body = await response.json()
    assert body["ok"] is True
    assert body["result"]["text"] == "123"


# --- updates -----------------------------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emu: BotApiEmulator, bot: Bot
) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await emu.wait_for(lambda: emu.calls_of("getUpdates"))
    started = time.monotonic()
    await emu.send_text(kadis, "halo")
    updates = await poll
    assert time.monotonic() - started < 1.0
    assert [u.message.text for u in updates if u.message] == ["halo"]
    confirmed = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert confirmed == ()


async def test_a_second_poller_terminates_the_first(emu: BotApiEmulator, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await emu.wait_for(lambda: emu.calls_of("getUpdates"))
    async with Bot(emu.token, base_url=emu.base_url) as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2.0


async def test_echo_round_trip(emu: BotApiEmulator, app: AnyApp) -> None:
    kadis = emu.user(1001, "Kepala Dinas", username="kadis")
    started = time.monotonic()
    replies = await emu.ask(kadis, "halo <dunia> & co")
    assert time.monotonic() - started < 1.0
    assert [plain_text(r) for r in replies] == ["echo: halo <dunia> & co"]
    assert replies[0]["entities"] == [{"type": "italic", "offset": 0, "length": 4}]
    chat = emu.private_chat(kadis)
    assert [m["text"] for m in chat.user_messages] == ["halo <dunia> & co"]
    assert chat.messages == chat.bot_messages == [replies[0]]


async def test_commands_addressed_to_the_bot_in_groups(emu: BotApiEmulator, app: AnyApp) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    group = emu.group(-100123, "Bidang PPPA", admins=[kadis])
    other = await emu.send_text(kadis, "/ringkasan@OtherBot 2021", chat=group)
    assert other["message"]["entities"] == [
        {"type": "bot_command", "offset": 0, "length": len("/ringkasan@OtherBot")}
    ]
    replies = await emu.ask(kadis, "/ringkasan@LakipBinjaiBot 2022", chat=group)
    assert [plain_text(r) for r in replies] == ["ringkasan 2022"]
    assert group.texts() == ["ringkasan 2022"]
    assert replies[0]["chat"] == {"id": -100123, "type": "supergroup", "title": "Bidang PPPA"}


async def test_edited_messages_stickers_and_raw_updates(emu: BotApiEmulator, app: AnyApp) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    update = await emu.send_text(kadis, "draf")
    await emu.wait_for(lambda: emu.private_chat(kadis).messages)
    since = emu.mark()
    edited = await emu.edit_text(kadis, update, "final")
    assert edited["edited_message"]["text"] == "final"
    outputs = await emu.wait_quiet(kadis.id, since=since)
    assert [plain_text(m) for m in emu.messages_of(outputs)] == ["diedit: final"]
    since = emu.mark()
    await emu.send_sticker(kadis, emoji="👍")
    outputs = await emu.wait_quiet(kadis.id, since=since)
    assert [plain_text(m) for m in emu.messages_of(outputs)] == ["echo: 👍"]
    channel = emu.channel(-100777, "Info DP3AM")
    post = {"message_id": 1, "date": 0, "chat": channel.to_api(), "text": "pengumuman"}
    queued = await emu.push_update({"channel_post": post})
    assert queued["update_id"] > update["update_id"]
    await emu.wait_for(lambda: channel.messages)
    assert channel.texts() == ["echo: pengumuman"]


async def test_ask_times_out_when_the_bot_stays_silent(emu: BotApiEmulator, app: AnyApp) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with pytest.raises(EmulatorTimeout, match="produced nothing"):
        await emu.ask(kadis, "/tidakada", timeout=0.5)


# --- formatting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<b>tebal", 'find end tag corresponding to start tag "b"'),
        ("<p>paragraf</p>", 'unsupported start tag "p" at byte offset 0'),
        ("Rp 5 < 6", 'unsupported start tag "" at byte offset 5'),
        ("<b>x</i>", 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ('<a href="x>tautan</a>', 'unclosed start tag "a"'),
        ("Dana & Program", '"&"'),
        ("Dana&nbsp;Program", '"&"'),
        ("<br/>baris", 'unsupported start tag "br/"'),
    ],
)
async def test_malformed_html_is_rejected(
    emu: BotApiEmulator, bot: Bot, text: str, detail: str
) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as caught:
        await bot.send_message(kadis.id, text, parse_mode=ParseMode.HTML)
    assert detail.lower() in str(caught.value).lower()
    assert emu.private_chat(kadis).messages == []
    assert emu.errors[-1][:2] == ("sendmessage", 400)


async def test_html_becomes_text_and_entities(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    source = (
        "<b>Pagu</b> Rp 5.993.530.294 &amp; <i>88,37%</i> &lt;target&gt; &#128202; "
        '<a href="https://binjaikota.go.id/?a=1&amp;b=2">situs</a>\n'
        '<pre><code class="language-text">Program   Realisasi\nA         90%</code></pre>'
        "<tg-spoiler>rahasia</tg-spoiler><blockquote expandable>kutipan</blockquote>"
    )
    message = await bot.send_message(kadis.id, source, parse_mode=ParseMode.HTML)
    assert message.text == (
        "Pagu Rp 5.993.530.294 & 88,37% <target> 📊 situs\n"
        "Program   Realisasi\nA         90%rahasiakutipan"
    )
    kinds = [(e.type, e.offset, e.length) for e in message.entities]
    assert ("bold", 0, 4) in kinds and ("italic", 24, 6) in kinds
    link = next(e for e in message.entities if e.type == "text_link")
    assert link.url == "https://binjaikota.go.id/?a=1&b=2"
    pre = next(e for e in message.entities if e.type == "pre")
    assert pre.language == "text"
    assert {"spoiler", "expandable_blockquote"} <= {e.type for e in message.entities}
    assert "<b>Pagu</b>" in message.text_html


async def test_limits_count_visible_utf16_units(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    await bot.send_message(kadis.id, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(kadis.id, "📊" * 2048)
    for too_long in ("a" * 4097, "📊" * 2049, "<i>" + "x" * 4097 + "</i>"):
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(kadis.id, too_long, parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)message must be non-empty"):
        await bot.send_message(kadis.id, "<b> </b>\n", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(kadis.id, PNG, caption="c" * 1025)
    assert len(emu.private_chat(kadis).messages) == 2


async def test_markdown_v2_reserved_characters(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with pytest.raises(BadRequest, match=r"(?i)character '.' is reserved"):
        await bot.send_message(kadis.id, "Capaian 88.37%", parse_mode=ParseMode.MARKDOWN_V2)
    message = await bot.send_message(
        kadis.id, r"*Capaian* 88\.37% _naik_", parse_mode=ParseMode.MARKDOWN_V2
    )
    assert message.text == "Capaian 88.37% naik"
    assert [e.type for e in message.entities] == ["bold", "italic"]
    legacy = await bot.send_message(kadis.id, "*Pagu* naik 5.5%", parse_mode=ParseMode.MARKDOWN)
    assert (legacy.text, [e.type for e in legacy.entities]) == ("Pagu naik 5.5%", ["bold"])
    with pytest.raises(BadRequest, match=r"(?i)can't find end of the entity"):
        await bot.send_message(kadis.id, "nama_file", parse_mode=ParseMode.MARKDOWN)


def test_message_helpers() -> None:
    message = {
        "message_id": 7,
        "chat": {"id": 1, "type": "private"},
        "text": "Pilih",
        "reply_markup": MENU.to_dict(),
    }
    assert message_dict({"update_id": 1, "message": message}) == message
    assert button_texts(message) == ["Satu", "Dua", "Situs"]
    assert find_button(message, "Situs")["url"] == "https://binjaikota.go.id"
    assert plain_text(message) == "Pilih"
    assert plain_text("<b>Rp</b> 5 &amp; <i>6</i>") == "Rp 5 & 6"
    with pytest.raises(LookupError, match="buttons"):
        find_button(message, "Tiga")


# --- editing and buttons -----------------------------------------------------------------------


async def test_edit_not_modified_and_not_found(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    sent = await bot.send_message(kadis.id, "<b>Menu</b>", parse_mode="HTML", reply_markup=MENU)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>Menu</b>", kadis.id, sent.message_id, parse_mode="HTML", reply_markup=MENU
        )
    edited = await bot.edit_message_text(
        "<b>Menu</b>", kadis.id, sent.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, Message)
    assert edited.reply_markup is None  # Telegram drops the keyboard when none is passed
    stored = emu.private_chat(kadis).messages[-1]
    assert "reply_markup" not in stored and "edit_date" in stored
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(kadis.id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", kadis.id, 999)
    await bot.delete_message(kadis.id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(kadis.id, sent.message_id)


async def test_buttons_and_callback_answers(emu: BotApiEmulator, app: AnyApp, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    [shown] = await emu.ask(kadis, "/menu")
    assert button_texts(shown) == ["Satu", "Dua", "Situs"]
    assert find_button(shown, "2")["text"] == "Dua"
    [edited] = await emu.click(kadis, shown, "Dua")
    assert edited["message_id"] == shown["message_id"]
    assert plain_text(edited) == "Anda memilih 2"
    answer = emu.last_answer(kadis)
    assert answer is not None
    assert answer["text"] == "Pilihan 2" and answer["show_alert"] is False
    assert emu.callback_answers[answer["callback_id"]] == answer
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(answer["callback_id"], "lagi")
    with pytest.raises(ValueError, match="does not send a callback"):
        await emu.press(kadis, shown, "Situs")
    with pytest.raises(LookupError):
        await emu.press(kadis, shown, "Tiga")


async def test_click_waits_for_a_handler_still_working_after_its_answer(
    emu: BotApiEmulator, app: AnyApp
) -> None:
    """Regression: on a loaded CI machine a button's database work outlasted the settle time
    between the answer and the edit, and ``click`` returned before the edit came."""

    async def slow(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await asyncio.sleep(emu.settle_seconds * 4)  # silent work: no request, no output
        await query.edit_message_text(f"Selesai {query.data}")
        raise ApplicationHandlerStop  # the menu's own handler in group 0 stays out of it

    app.add_handler(CallbackQueryHandler(slow, pattern="^lambat$"), group=-1)
    kadis = emu.user(1001, "Kepala Dinas")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Lambat", callback_data="lambat")]])
    shown = await app.bot.send_message(kadis.id, "Pilih", reply_markup=keyboard)
    [edited] = await emu.click(kadis, shown.to_dict(), "Lambat")
    assert plain_text(edited) == "Selesai lambat"


@pytest.mark.parametrize(
    ("button", "detail"),
    [
        (InlineKeyboardButton("Data", callback_data="x" * 65), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("Data", callback_data="é" * 33), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("", callback_data="x"), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("Teks saja"), "text buttons are unallowed"),
        (InlineKeyboardButton("Situs", url="binjai"), "BUTTON_URL_INVALID"),
    ],
)
async def test_invalid_inline_buttons_are_rejected(
    emu: BotApiEmulator, bot: Bot, button: InlineKeyboardButton, detail: str
) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with pytest.raises(BadRequest, match=f"(?i){detail}"):
        await bot.send_message(kadis.id, "x", reply_markup=InlineKeyboardMarkup([[button]]))
    longest = InlineKeyboardButton("Data", callback_data="é" * 32)
    await bot.send_message(kadis.id, "x", reply_markup=InlineKeyboardMarkup([[longest]]))


async def test_answer_text_is_limited(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    sent = await bot.send_message(kadis.id, "Pilih:", reply_markup=MENU)
    query_id = await emu.press(kadis, sent, "Satu")
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_callback_query(query_id, "x" * 201, show_alert=True)
    await bot.answer_callback_query(query_id, "x" * 200, show_alert=True)
    assert emu.callback_answers[query_id]["show_alert"] is True


# --- files -------------------------------------------------------------------------------------


async def test_photo_and_document_round_trip(emu: BotApiEmulator, app: AnyApp, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    [photo] = await emu.ask(kadis, "/grafik")
    assert emu.private_chat(kadis).actions == ["upload_photo"]
    assert photo["caption"] == "Grafik 2022"
    assert photo["caption_entities"] == [{"type": "bold", "offset": 7, "length": 4}]
    largest = photo["photo"][-1]
    assert (largest["width"], largest["height"]) == (3, 2)
    assert emu.file_bytes(largest["file_id"]) == PNG
    file = await bot.get_file(largest["file_id"])
    assert bytes(await file.download_as_bytearray()) == PNG
    [document] = await emu.ask(kadis, "/ekspor")
    assert document["document"]["file_name"] == "laporan.xlsx"
    assert document["document"]["mime_type"] == XLSX_MIME
    assert emu.file_bytes(document["document"]["file_id"]) == b"PK\x03\x04 xlsx"
    resent = await bot.send_document(kadis.id, document["document"]["file_id"])
    assert resent.document and resent.document.file_name == "laporan.xlsx"


async def test_photos_users_send_can_be_downloaded(emu: BotApiEmulator, app: AnyApp) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    since = emu.mark()
    update = await emu.send_photo(kadis, png(40, 30), caption="bukti")
    assert update["message"]["photo"][-1]["width"] == 40
    outputs = await emu.wait_quiet(kadis.id, since=since)
    assert [plain_text(m) for m in emu.messages_of(outputs)] == [f"foto {len(png(40, 30))} byte"]


async def test_uploads_are_checked(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(kadis.id, b"bukan gambar")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(kadis.id, "BQACtidakada")
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("BQACtidakada")


async def test_multipart_fields_are_decoded(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    sent = await bot.send_photo(
        kadis.id, PNG, caption="<b>123</b>", parse_mode="HTML", reply_markup=MENU, filename="g.png"
    )
    assert sent.reply_markup == MENU
    params = emu.calls_of("sendPhoto")[-1]
    assert params["chat_id"] == kadis.id and params["caption"] == "<b>123</b>"
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "1"
    assert isinstance(params["photo"], UploadedFile) and params["photo"].filename == "g.png"


# --- faults ------------------------------------------------------------------------------------


async def test_429_fault_raises_retry_after(
    emu: BotApiEmulator, bot: Bot, timedelta_periods: None
) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with emu.faults(rate=1.0, kinds=("429",), methods={"sendMessage"}, retry_after=7):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(kadis.id, "x")
        await bot.get_me()
    assert retry_seconds(caught.value) == 7
    assert emu.stats["429"] == 1
    await bot.send_message(kadis.id, "x")
    emu.fail_next("sendMessage", "500")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(kadis.id, "y")
    assert emu.private_chat(kadis).texts() == ["x"]


async def test_dropped_request_is_not_applied(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    emu.fail_next("sendMessage", "drop")
    with pytest.raises(NetworkError):
        await bot.send_message(kadis.id, "hilang")
    assert emu.private_chat(kadis).messages == []
    assert emu.stats["drop"] == 1
    emu.fail_next("sendMessage", "drop_after")
    with pytest.raises(NetworkError):
        await bot.send_message(kadis.id, "terkirim")
    assert emu.private_chat(kadis).texts() == ["terkirim"]


async def test_slow_faults_spare_polling(emu: BotApiEmulator, app: AnyApp) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with emu.faults(rate=1.0, kinds=("slow",), slow_seconds=0.3):
        started = time.monotonic()
        replies = await emu.ask(kadis, "pelan")
    assert time.monotonic() - started >= 0.3
    assert [plain_text(r) for r in replies] == ["echo: pelan"]
    assert emu.stats["slow"] >= 1


async def test_flood_limits(emu: BotApiEmulator, bot: Bot, timedelta_periods: None) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    with emu.flood_limits(per_chat_per_minute=3, global_per_second=None):
        for text in ("1", "2", "3"):
            await bot.send_message(kadis.id, text)
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(kadis.id, "4")
    assert 1 <= retry_seconds(caught.value) <= 60
    assert emu.stats["429"] == 1
    await bot.send_message(kadis.id, "5")
    assert emu.private_chat(kadis).texts() == ["1", "2", "3", "5"]


# --- chats and members -------------------------------------------------------------------------


async def test_chat_members(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas", username="kadis")
    sekretaris = emu.user(1002, "Sekretaris")
    staf = emu.user(1003, "Staf")
    mantan = emu.user(1004, "Mantan")
    group = emu.group(
        -100123, "Bidang PPPA", creator=kadis, admins=[sekretaris], members=[staf, mantan]
    )
    emu.set_member_status(group, mantan, "kicked")
    statuses = [
        (await bot.get_chat_member(group.id, user.id)).status
        for user in (kadis, sekretaris, staf, mantan)
    ]
    assert statuses == ["creator", "administrator", "member", "kicked"]
    assert isinstance(await bot.get_chat_member(group.id, sekretaris.id), ChatMemberAdministrator)
    emu.set_member_status(group, staf, "left")
    assert (await bot.get_chat_member(group.id, staf.id)).status == "left"
    admins = await bot.get_chat_administrators(group.id)
    assert sorted(a.user.id for a in admins) == [kadis.id, sekretaris.id]
    assert await bot.get_chat_member_count(group.id) == 3  # kadis, sekretaris, the bot
    info = await bot.get_chat(group.id)
    assert (info.type, info.title) == ("supergroup", "Bidang PPPA")
    assert (await bot.get_chat(kadis.id)).username == "kadis"
    with pytest.raises(BadRequest, match=r"(?i)user not found"):
        await bot.get_chat_member(group.id, 424242)


async def test_forbidden_and_missing_chats(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    asing = emu.user(1005, "Belum Mulai", started=False)
    group = emu.group(-100123, "Bidang PPPA", members=[kadis])
    emu.block(kadis)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(kadis.id, "x")
    emu.kick_bot(group)
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the supergroup chat"):
        await bot.send_message(group.id, "x")
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(asing.id, "x")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-999, "x")
    updates = await bot.get_updates(timeout=0)
    assert [u.my_chat_member.new_chat_member.status for u in updates if u.my_chat_member] == [
        "kicked",
        "kicked",
    ]


async def test_migrated_group(emu: BotApiEmulator, bot: Bot) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    old = emu.group(-4001, "Rapat", supergroup=False, admins=[kadis])
    new = emu.migrate(old, -1004001)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(old.id, "x")
    assert caught.value.new_chat_id == new.id == -1004001
    sent = await bot.send_message(new.id, "x")
    assert sent.chat.type == "supergroup"


async def test_privacy_mode_hides_plain_group_chatter() -> None:
    async with BotApiEmulator(privacy_mode=True) as emu:
        kadis = emu.user(1001, "Kepala Dinas")
        group = emu.group(-100123, "Bidang PPPA", members=[kadis])
        unseen = await emu.send_text(kadis, "obrolan biasa", chat=group)
        seen = await emu.send_text(kadis, "/ringkasan", chat=group)
        assert "update_id" not in unseen and "update_id" in seen


# --- bot settings and lifecycle ----------------------------------------------------------------


async def test_commands_menu(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("ringkasan", "Ringkasan kinerja")])
    assert [c.command for c in await bot.get_my_commands()] == ["ringkasan"]
    assert emu.commands_for() == [{"command": "ringkasan", "description": "Ringkasan kinerja"}]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Ringkasan", "huruf besar")])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_webhook_blocks_polling(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Exception, match=r"(?i)webhook is active"):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_harness_shuts_down_fast(emu: BotApiEmulator) -> None:
    kadis = emu.user(1001, "Kepala Dinas")
    application = make_app(emu)
    async with running(application, emu, poll_timeout=30):
        assert await emu.ask(kadis, "/start")
        started = time.monotonic()
    assert time.monotonic() - started < 2.0
    assert not application.running
    assert not [e for e in emu.errors if e[0] == "getupdates"]


async def test_running_refuses_an_app_pointed_elsewhere(emu: BotApiEmulator) -> None:
    elsewhere = ApplicationBuilder().token(emu.token).build()
    with pytest.raises(ValueError, match="not to the emulator"):
        async with running(elsewhere, emu):
            pass
