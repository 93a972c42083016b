"""/laporan (/lkjip) end to end: the draft arrives as a Word document with the upload action, a
second request while it is being built is told to wait (and nothing is sent twice), a year
without data and a stranger get a clear reply, and `lakip-bot lkjip` writes the same draft."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from bot.cli import main
from bot.settings import get_settings
from emulator import plain_text
from tests.support.bot import BotEnv

WAIT = "sedang dibuat, tunggu"


def _content(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """The draft's paragraphs (the line with the day it was made left out) and its tables."""
    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs if not p.text.startswith("Draf disusun")]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


async def test_the_draft_arrives_and_the_cli_writes_the_same(
    env: BotEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu = env.emu
    [sent] = await emu.ask(env.kadis, "/laporan 2022", timeout=30)
    assert any(c["action"] == "upload_document" for c in emu.calls_of("sendChatAction"))
    assert sent["document"]["file_name"] == "lkjip-dp3am-binjai-2022.docx"
    assert "2022" in plain_text(sent)
    from_bot = emu.file_bytes(sent["document"]["file_id"])
    paragraphs, tables = _content(from_bot)
    assert paragraphs[0] == "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)"
    assert any(
        row[3].startswith("Jumlah Keseluruhan") and row[6] == "5.993.530.294"
        for t in tables
        for row in t
        if len(row) == 11
    )

    out = tmp_path / "lkjip.docx"
    monkeypatch.setenv("DATABASE_URL", env.settings.database_url)
    get_settings.cache_clear()
    try:
        assert main(["lkjip", "2022", "--out", str(out)]) == 0
        missing = tmp_path / "lkjip-2019.docx"
        assert main(["lkjip", "2019", "--out", str(missing)]) == 1  # no data: nothing written
        assert not missing.exists()
    finally:
        get_settings.cache_clear()
    assert _content(out.read_bytes()) == (paragraphs, tables)


@pytest.mark.parametrize(
    ("first", "second", "method"),
    [
        ("/laporan 2022", "/lkjip", "sendDocument"),
        ("/ekspor 2022", "/ekspor", "sendDocument"),
        ("/grafik 2022", "/chart", "sendPhoto"),
    ],
)
async def test_a_second_request_while_building_is_told_to_wait(
    env: BotEnv, first: str, second: str, method: str
) -> None:
    emu = env.emu
    chat = emu.private_chat(env.kadis)
    held = emu.hold(method, chat=env.kadis)
    await emu.send_text(env.kadis, first)
    await held.arrival(timeout=30)  # built, and being sent: the build still holds its claim
    await emu.send_text(env.kadis, second)
    await emu.wait_for(lambda: any(WAIT in t for t in chat.texts()), timeout=10)
    held.release()
    kind = "photo" if method == "sendPhoto" else "document"
    await emu.wait_for(lambda: chat.last_bot_message and kind in chat.last_bot_message)
    await emu.idle()
    assert len(emu.calls_of(method)) == 1  # the second request built and sent nothing
    assert sum(WAIT in t for t in chat.texts()) == 1
    # once it is sent, the next request builds again
    [again] = await emu.ask(env.kadis, second, timeout=30)
    assert kind in again and len(emu.calls_of(method)) == 2


async def test_a_year_without_data_and_a_stranger_get_a_clear_reply(env: BotEnv) -> None:
    emu = env.emu
    [reply] = await emu.ask(env.kadis, "/laporan 2019")
    assert "2019" in plain_text(reply) and "2022" in plain_text(reply)
    [refused] = await emu.ask(env.stranger, "/lkjip 2022")
    assert "/daftar" in plain_text(refused)
    [bad] = await emu.ask(env.kadis, "/laporan duaribu")
    assert "/laporan 2022" in plain_text(bad)
    assert emu.calls_of("sendDocument") == []
    # an officer reads like the Kepala Dinas (as /ekspor)
    [sent] = await emu.ask(env.operator, "/laporan", timeout=30)
    assert sent["document"]["file_name"].endswith(".docx")
