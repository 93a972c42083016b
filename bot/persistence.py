"""python-telegram-bot persistence in the project's database.

An officer halfway through /lapor when the bot restarts finds the conversation where it was:
conversation states and user data are stored as JSON rows (``PersistedData``) next to the
figures, so a deployment has one thing to back up. Bot data holds the engine and settings
(not serializable, rebuilt at start) and is not persisted; neither is chat data.

PTB hands over the user data of every user who sent anything since the last run (each
``update_interval``), changed or not. Most updates change nothing (a /bantuan, a button of
/anggaran), so the store remembers what each row holds and writes only what changed: a burst of
read commands then costs no database writes at all.

**Several processes** (PostgreSQL, docs/processes.md). PTB reads a persistence once, at start,
and then trusts its own memory: ``refresh_user_data`` is its only per-update hook, and the
conversation states have none. Behind one webhook URL the next update of a /lapor may reach
another process, whose memory still says "no conversation". So with the asyncio engine
(``async_engine``: PostgreSQL) the store is *shared*: :func:`register` adds

- a refresh before the journeys (group -2): one read of the user's row and of the rows of the
  conversations this update could continue; a row another process changed (it differs from what
  this process last wrote or read) replaces what this process holds;
- a flush after them (group 100): what the update changed (the user's data and conversation
  states) is written in one transaction right after the reply, from the live data, instead of
  PTB's interval writes of copies (which are off then: an older copy landing after a newer
  write would put a step back for the other processes);
- a guard on the conversation timeouts: a timeout this process scheduled does not fire when
  another process has moved the conversation on since.

SQLite (one process) keeps the start-up load and the interval writes, on a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, and_, delete, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import Session, col, select
from telegram import Update
from telegram.ext import (
    BaseHandler,
    BasePersistence,
    CallbackContext,
    ConversationHandler,
    PersistenceInput,
    TypeHandler,
)
from telegram.ext._handlers.conversationhandler import PendingState

from lakip_model.app_state import PersistedData
from lakip_model.db import run_async, session_scope
from lakip_model.models import utcnow

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.context import App, BotContext

T = TypeVar("T")
log = logging.getLogger(__name__)

# The shapes BasePersistence uses (PTB keeps its own aliases private).
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

USER = "user"
CONVERSATION = "conv:"
REFRESH_GROUP = -2  # after the flood limit (-3), before the access gate (-1) and the journeys
FLUSH_GROUP = 100  # after every journey


def _key(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _unkey(text: str) -> ConversationKey:
    return tuple(json.loads(text))


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Stores user data and conversation states; on a worker thread, or on the asyncio engine
    (then shared by every process on the database: see :func:`register`)."""

    def __init__(
        self,
        engine: Engine,
        update_interval: float = 1,
        async_engine: AsyncEngine | None = None,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.engine = engine
        self.async_engine = async_engine
        # One write at a time in this process: each reads the live data inside it, so the last
        # write is always of the newest data (and no two insert the same row).
        self.write_lock = asyncio.Lock()
        # What each row holds (its JSON text), as loaded or last written; no entry: no row.
        self._stored: dict[tuple[str, str], str] = {}

    # --- reading, once at start ---------------------------------------------------------------

    @property
    def shared(self) -> bool:
        """Whether other processes may use the same rows (PostgreSQL)."""
        return self.async_engine is not None

    async def _run(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` as one transaction: on the loop (PostgreSQL) or a worker thread."""
        if self.async_engine is not None:
            return await run_async(self.async_engine, fn)

        def work() -> T:
            with session_scope(self.engine) as session:
                return fn(session)

        return await asyncio.to_thread(work)

    async def _rows(self, kind: str) -> list[PersistedData]:
        return await self._run(
            lambda s: list(s.exec(select(PersistedData).where(PersistedData.kind == kind)))
        )

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        rows = await self._rows(USER)
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
        rows = await self._rows(CONVERSATION + name)
        for row in rows:
            self._stored[(CONVERSATION + name, row.key)] = row.data
        return {_unkey(row.key): json.loads(row.data) for row in rows}

    # --- writing ------------------------------------------------------------------------------

    @staticmethod
    def _put(session: Session, kind: str, key: str, text: str | None) -> None:
        if text is None:
            session.execute(
                delete(PersistedData).where(
                    col(PersistedData.kind) == kind, col(PersistedData.key) == key
                )
            )
            return
        if session.get_bind().dialect.name == "postgresql":
            # two processes may write a new row of one user at once: the later one updates it
            upsert = pg_insert(PersistedData).values(
                kind=kind, key=key, data=text, updated_at=utcnow()
            )
            session.execute(
                upsert.on_conflict_do_update(
                    index_elements=["kind", "key"],
                    set_={"data": upsert.excluded.data, "updated_at": upsert.excluded.updated_at},
                )
            )
            return
        row = session.exec(
            select(PersistedData).where(PersistedData.kind == kind, PersistedData.key == key)
        ).first()
        if row is None:
            row = PersistedData(kind=kind, key=key, data="")
        row.data = text
        row.updated_at = utcnow()
        session.add(row)

    async def _store(self, kind: str, key: str, value: object | None) -> None:
        """PTB's interval write of one row. With a shared store the flush after each update
        (and after each timeout) writes instead, from the live data: an interval write of an
        older copy landing after it would put a step back for the other processes."""
        if self.shared:
            return
        async with self.write_lock:
            await self._write([(kind, key, _json(value))])

    async def write_current(self, app: App, update: Update) -> None:
        """Write the user's data and conversation states of ``update`` as they are now."""
        async with self.write_lock:
            await self._write(_current_rows(app, update))

    async def _write(self, rows: list[tuple[str, str, str | None]]) -> None:
        """Write the rows (kind, key, JSON text or None to delete) that would change, in one
        transaction; remember them only once it has committed."""
        changed = [(k, key, text) for k, key, text in rows if self._stored.get((k, key)) != text]
        if not changed:
            return

        def put_all(session: Session) -> None:
            for kind, key, text in changed:
                self._put(session, kind, key, text)

        await self._run(put_all)
        for kind, key, text in changed:
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
        async with self.write_lock:
            await self._write([(USER, str(user_id), None)])

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

    # --- several processes ----------------------------------------------------------------------

    async def read_rows(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The rows among ``wanted`` (kind, key) that exist, in one query."""
        if not wanted:
            return {}
        where = or_(
            *(
                and_(col(PersistedData.kind) == k, col(PersistedData.key) == key)
                for k, key in wanted
            )
        )

        def read(session: Session) -> dict[tuple[str, str], str]:
            rows = session.exec(
                select(PersistedData.kind, PersistedData.key, PersistedData.data).where(where)
            )
            return {(kind, key): data for kind, key, data in rows}

        return await self._run(read)

    def adopt(self, kind: str, key: str, text: str | None) -> bool:
        """Take ``text`` as what the row holds now; True when another process had changed it."""
        if self._stored.get((kind, key)) == text:
            return False
        if text is None:
            self._stored.pop((kind, key), None)
        else:
            self._stored[(kind, key)] = text
        return True


def conversations(app: App) -> Iterator[ConversationHandler[Any]]:
    """The persistent conversation handlers of ``app``, in every group."""
    for handlers in app.handlers.values():
        for handler in handlers:
            if isinstance(handler, ConversationHandler) and handler.persistent and handler.name:
                yield handler


def _conversation_key(handler: ConversationHandler[Any], update: Update) -> ConversationKey | None:
    try:
        return handler._get_key(update)  # PTB has no public way to build the key
    except RuntimeError:  # an update without the chat or user this handler keys on
        return None


def _state_of(handler: ConversationHandler[Any]) -> Any:
    """The handler's states (PTB's ``TrackingDict``): written here without marking them for
    persistence, since they come from it."""
    return handler._conversations


async def refresh(update: object, context: BotContext) -> None:
    """Bring this process's user data and conversation states up to what the database holds."""
    if not isinstance(update, Update):
        return
    persistence = context.application.persistence
    if not isinstance(persistence, DatabasePersistence):
        return
    user = update.effective_user
    keys: list[tuple[ConversationHandler[Any], ConversationKey, str, str]] = []
    for handler in conversations(context.application):
        key = _conversation_key(handler, update)
        if key is not None:
            keys.append((handler, key, CONVERSATION + str(handler.name), _key(key)))
    wanted = [(kind, text) for _h, _k, kind, text in keys]
    if user is not None:
        wanted.append((USER, str(user.id)))
    # not while this process writes: a row read between its commit and the bookkeeping after
    # it would look changed by someone else
    async with persistence.write_lock:
        rows = await persistence.read_rows(wanted)
        if user is not None:
            text = rows.get((USER, str(user.id)))
            if persistence.adopt(USER, str(user.id), text):
                data = context.application.user_data[user.id]
                data.clear()
                data.update(json.loads(text) if text else {})
        for handler, key, kind, text_key in keys:
            text = rows.get((kind, text_key))
            if persistence.adopt(kind, text_key, text):
                _take_over(handler, key, None if text is None else json.loads(text))


def _take_over(handler: ConversationHandler[Any], key: ConversationKey, state: object) -> None:
    """Another process moved this conversation: its state here, and no timeout of ours."""
    states = _state_of(handler)
    if state is None or state == ConversationHandler.END:
        states.data.pop(key, None)
    else:
        states.update_no_track({key: state})
    job = handler.timeout_jobs.pop(key, None)
    if job is not None:
        job.schedule_removal()


async def flush(update: object, context: BotContext) -> None:
    """Write what this update changed, in one transaction, and guard the timeouts it set.

    One transaction for the user's data and their conversation states, so another process
    never reads a conversation's new state beside its old draft."""
    app = context.application
    persistence = app.persistence
    if not isinstance(update, Update) or not isinstance(persistence, DatabasePersistence):
        return
    await persistence.write_current(app, update)
    for handler in conversations(app):
        for job_key, job in handler.timeout_jobs.items():
            if not getattr(job.callback, "guarded", False):
                job.callback = _guarded(persistence, handler, job_key, job.callback)


def _current_rows(app: App, update: Update) -> list[tuple[str, str, str | None]]:
    """The rows of ``update``'s user and conversations, from this process's live data."""
    rows: list[tuple[str, str, str | None]] = []
    user = update.effective_user
    if user is not None:
        rows.append((USER, str(user.id), _json(app.user_data.get(user.id) or None)))
    for handler in conversations(app):
        key = _conversation_key(handler, update)
        if key is None:
            continue
        state = _state_of(handler).get(key)
        if isinstance(state, PendingState):
            continue  # the bot's conversations are blocking; a non-blocking one is not shared
        rows.append((CONVERSATION + str(handler.name), _key(key), _json(state)))
    return rows


def _json(value: object | None) -> str | None:
    return None if value is None else json.dumps(value, default=str)


def _guarded(
    persistence: DatabasePersistence,
    handler: ConversationHandler[Any],
    key: ConversationKey,
    fire: Callable[[CallbackContext[Any, Any, Any, Any]], Any],
) -> Callable[[CallbackContext[Any, Any, Any, Any]], Any]:
    """The timeout ``fire``, unless another process has changed the conversation since."""
    kind, text_key = CONVERSATION + str(handler.name), _key(key)

    async def guarded(context: CallbackContext[Any, Any, Any, Any]) -> None:
        async with persistence.write_lock:
            rows = await persistence.read_rows([(kind, text_key)])
            text = rows.get((kind, text_key))
            moved = persistence.adopt(kind, text_key, text)
        if moved:
            log.info("conversation %s %s continued elsewhere; its timeout here is void", kind, key)
            handler.timeout_jobs.pop(key, None)
            _take_over(handler, key, None if text is None else json.loads(text))
            return
        await fire(context)
        timed_out = getattr(context.job, "data", None)  # PTB's _ConversationTimeoutContext
        update = getattr(timed_out, "update", None)
        if isinstance(update, Update):  # the ended conversation, for the other processes too
            await persistence.write_current(context.application, update)

    guarded.guarded = True  # type: ignore[attr-defined]
    return guarded


def register(app: App) -> None:
    """With a shared store, keep this process in step with the others on every update."""
    persistence = app.persistence
    if not isinstance(persistence, DatabasePersistence) or not persistence.shared:
        return
    handlers: list[tuple[BaseHandler[Any, Any, Any], int]] = [
        (TypeHandler(Update, refresh), REFRESH_GROUP),
        (TypeHandler(Update, flush), FLUSH_GROUP),
    ]
    for handler, group in handlers:
        app.add_handler(handler, group=group)
