"""python-telegram-bot persistence in the project's database.

An officer halfway through /lapor when the bot restarts finds the conversation where it was:
conversation states and user data are stored as JSON rows (``PersistedData``) next to the
figures, so a deployment has one thing to back up. Bot data holds the engine and settings
(not serializable, rebuilt at start) and is not persisted; neither is chat data.

PTB hands over the user data of every user who sent anything since the last run (each
``update_interval``), changed or not. Most updates change nothing (a /bantuan, a button of
/anggaran), so the store remembers what each row holds and writes only what changed: a burst of
read commands then costs no database writes at all.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select
from telegram.ext import BasePersistence, PersistenceInput

from lakip_model.app_state import PersistedData
from lakip_model.db import session_scope
from lakip_model.models import utcnow

# The shapes BasePersistence uses (PTB keeps its own aliases private).
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

USER = "user"
CONVERSATION = "conv:"


def _key(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _unkey(text: str) -> ConversationKey:
    return tuple(json.loads(text))


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Stores user data and conversation states; writes go to a worker thread."""

    def __init__(self, engine: Engine, update_interval: float = 1) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.engine = engine
        # What each row holds (its JSON text), as loaded or last written; no entry: no row.
        self._stored: dict[tuple[str, str], str] = {}

    # --- reading, once at start ---------------------------------------------------------------

    def _rows(self, kind: str) -> list[PersistedData]:
        with Session(self.engine) as session:
            return list(session.exec(select(PersistedData).where(PersistedData.kind == kind)))

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        rows = await asyncio.to_thread(self._rows, USER)
        data: dict[int, dict[str, Any]] = defaultdict(dict)
        for row in rows:
            data[int(row.key)] = json.loads(row.data)
            self._stored[(USER, row.key)] = row.data
        return data

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return defaultdict(dict)

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        rows = await asyncio.to_thread(self._rows, CONVERSATION + name)
        for row in rows:
            self._stored[(CONVERSATION + name, row.key)] = row.data
        return {_unkey(row.key): json.loads(row.data) for row in rows}

    # --- writing ------------------------------------------------------------------------------

    def _put(self, kind: str, key: str, text: str | None) -> None:
        with session_scope(self.engine) as session:
            row = session.exec(
                select(PersistedData).where(PersistedData.kind == kind, PersistedData.key == key)
            ).first()
            if text is None:
                if row is not None:
                    session.delete(row)
                return
            if row is None:
                row = PersistedData(kind=kind, key=key, data="")
            row.data = text
            row.updated_at = utcnow()
            session.add(row)

    async def _store(self, kind: str, key: str, value: object | None) -> None:
        """Write the row if it would change; remember it only once the write has committed."""
        text = None if value is None else json.dumps(value, default=str)
        if self._stored.get((kind, key)) == text:
            return
        await asyncio.to_thread(self._put, kind, key, text)
        if text is None:
            self._stored.pop((kind, key), None)
        else:
            self._stored[(kind, key)] = text

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        await self._store(CONVERSATION + name, _key(key), new_state)

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        await self._store(USER, str(user_id), data or None)

    async def drop_user_data(self, user_id: int) -> None:
        await self._store(USER, str(user_id), None)

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None
