"""A /lapor draft restored after a crash is saved once: its idempotency key is made with the
draft, so whichever state of it the database held names the entry already saved.

The real crash (SIGKILL of ``lakip-bot run`` between the commit and the "Tersimpan" reply) is
``tests/robustness/test_faults.py::test_sigkill_between_commit_and_reply_saves_once``; here the
older state a crash can leave (the persistence writes on an interval) is put back by hand.
"""

from __future__ import annotations

import copy
import json
import re

from sqlalchemy import Engine
from sqlmodel import col, select

from bot.journeys.lapor_draft import LaporDraft
from emulator import BotApiEmulator, plain_text, running
from lakip_model.app_state import PersistedData
from lakip_model.db import session_scope
from lakip_model.years import open_year
from tests.bot.journeys.conftest import PNG, button, entries
from tests.support.bot import (
    BOT_USERNAME,
    OPERATOR_ID,
    add_people,
    application,
    emu_users,
    make_settings,
)

SAVED = re.compile(r"Tersimpan sebagai entri #(\d+)")


def test_a_draft_has_its_key_from_the_start_and_keeps_it() -> None:
    draft = LaporDraft(year=2026)
    assert draft.key and draft.key != LaporDraft(year=2026).key
    restored = LaporDraft.from_dict(json.loads(json.dumps(draft.to_dict())))
    assert restored is not None and restored.key == draft.key
    draft.node_id, draft.month = 5, 5
    assert draft.domain().key == draft.key
    # the previous release stored no key: such a draft loads, and gets one
    legacy = {k: v for k, v in draft.to_dict().items() if k != "key"}
    loaded = LaporDraft.from_dict(legacy)
    assert loaded is not None and loaded.key and loaded.key != draft.key


def persisted(engine: Engine, user_id: int) -> dict[tuple[str, str], str]:
    """The operator's rows of the persistence: user data and conversation state."""
    keys = [str(user_id), json.dumps([user_id, user_id])]
    with session_scope(engine) as session:
        rows = session.exec(select(PersistedData).where(col(PersistedData.key).in_(keys)))
        return {(row.kind, row.key): row.data for row in rows}


def put_back(engine: Engine, rows: dict[tuple[str, str], str]) -> None:
    with session_scope(engine) as session:
        for (kind, key), data in rows.items():
            row = session.exec(
                select(PersistedData).where(PersistedData.kind == kind, PersistedData.key == key)
            ).first()
            row = row or PersistedData(kind=kind, key=key, data="")
            row.data = data
            session.add(row)


async def test_an_older_restored_draft_is_not_saved_twice(db_url: str, engine: Engine) -> None:
    """The database held the photo step when the bot died after committing the entry: the
    officer goes on from there, is shown the entry that now stands (their own), and whatever
    they choose, Simpan answers with that entry instead of saving a correction of it."""
    add_people(engine)
    with session_scope(engine) as session:
        open_year(session, 2026, 2022)
    settings = make_settings(db_url)
    async with BotApiEmulator(bot_username=BOT_USERNAME) as emu:
        op = emu_users(emu)["operator"]
        first = application(emu, settings, engine)
        async with running(first, emu):
            [nodes] = await emu.ask(op, "/lapor")
            [months] = await emu.click(op, nodes, button(nodes, "P7.K2.S1"))
            await emu.click(op, months, button(months, "• Mei 2026"))
            await emu.ask(op, "1")
            [note] = await emu.ask(op, "1000000")
            [photo] = await emu.click(op, note, "Lewati ➡️")
            await first.update_persistence()
            older = persisted(engine, OPERATOR_ID)  # what the last write before the crash held
            assert json.loads(older[("user", str(OPERATOR_ID))])["lapor"]["photo"] is None
            [confirm] = await emu.click(op, photo, "Lewati ➡️")
            shown = copy.deepcopy(confirm)
            [saved] = await emu.click(op, confirm, "💾 Simpan")
            found = SAVED.search(plain_text(saved))
            assert found
            entry_id = int(found.group(1))
        # the crash: committed, but the reply never arrived and the database is a step behind
        put_back(engine, older)
        message = emu.private_chat(op).message(shown["message_id"])
        assert message is not None
        message.clear()
        message.update(shown)
        second = application(emu, settings, engine)
        async with running(second, emu):
            await emu.click(op, shown, "💾 Simpan")  # the restored step is the photo's
            answer = emu.last_answer(op)
            assert answer is not None and "sudah lewat" in (answer["text"] or "")
            since = emu.mark()
            await emu.send_photo(op, PNG)
            [offer] = emu.messages_of(await emu.wait_quiet(op.id, since=since))
            assert "Sudah ada laporan Mei 2026" in plain_text(offer)  # their own entry stands
            [confirm] = await emu.click(op, offer, "Ganti (koreksi)")
            assert "Periksa sebelum menyimpan" in plain_text(confirm)
            [again] = await emu.click(op, confirm, "💾 Simpan")
        said = plain_text(again)
        assert f"sudah tersimpan sebagai entri #{entry_id}" in said, said
        assert "Tersimpan sebagai entri" not in said
    assert [e.id for e in entries(engine)] == [entry_id]
