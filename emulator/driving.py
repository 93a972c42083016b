"""The test-driving API: act as Telegram users, then wait for the bot and read what it did.

``send_text``, ``press`` and their kin queue the updates a user's action makes; ``ask`` and
``click`` do the same and wait until the bot has gone quiet, returning its new or edited
messages. Quiet means no request in progress, no update waiting to be fetched, no chat action
showing and nothing the application reports as still being handled (:meth:`Driving.watch_work`).
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from emulator.errors import JSON
from emulator.files import document_api
from emulator.formatting import sort_entities, utf16_len
from emulator.keyboards import find_button
from emulator.model import Callback, EmuChat, EmuUser, Output, chat_key, message_dict, unix_now
from emulator.state import EmulatorState

CHAT_ACTION_SECONDS = 5.0
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@/])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")


class EmulatorTimeout(TimeoutError):
    """The bot did not produce what a test waited for in time."""


class Driving(EmulatorState):
    """What a test does with the emulator: users' actions, waiting, and reading the outcome."""

    # --- acting as users --------------------------------------------------------------------

    def _user_chat(self, user: EmuUser, chat: EmuChat | int | None) -> EmuChat:
        if chat is None:
            target = self.private_chat(user)
            target.started = True
            return target
        target = self.chat(chat)
        if target.type != "private":
            target.members.setdefault(user.id, "member")
        self.users.setdefault(user.id, user)
        return target

    @staticmethod
    def text_entities(text: str) -> list[JSON]:
        """The entities Telegram detects in what a user types: bot commands and mentions."""
        entities = []
        for pattern, kind in ((_COMMAND_RE, "bot_command"), (_MENTION_RE, "mention")):
            for match in pattern.finditer(text):
                entities.append(
                    {
                        "type": kind,
                        "offset": utf16_len(text[: match.start()]),
                        "length": utf16_len(match.group()),
                    }
                )
        return sort_entities(entities)

    async def send_text(
        self,
        user: EmuUser,
        text: str,
        *,
        chat: EmuChat | int | None = None,
        reply_to: JSON | int | None = None,
    ) -> JSON:
        """``user`` types ``text`` in ``chat`` (None = their private chat with the bot).

        ``/cmd`` and ``/cmd@Bot`` get ``bot_command`` entities as Telegram adds them. Returns the
        queued update; without ``update_id`` when the bot would not receive it (privacy mode).
        """
        target = self._user_chat(user, chat)
        content: JSON = {"text": text, **self._reply_snapshot(target, reply_to)}
        entities = self.text_entities(text)
        if entities:
            content["entities"] = entities
        update = self._add_user_message(user, target, content)
        await asyncio.sleep(0)
        return update

    async def send(
        self, user: EmuUser, *, chat: EmuChat | int | None = None, **content: Any
    ) -> JSON:
        """``user`` sends a message with arbitrary Bot API ``content`` (e.g. ``location={...}``)."""
        update = self._add_user_message(user, self._user_chat(user, chat), content)
        await asyncio.sleep(0)
        return update

    async def send_photo(
        self,
        user: EmuUser,
        data: bytes,
        *,
        caption: str | None = None,
        chat: EmuChat | int | None = None,
    ) -> JSON:
        """``user`` sends a photo; its file ids resolve through getFile like the bot's own."""
        stored = self._file_store.store(data, "photo", None, None)
        content: JSON = {"photo": self._file_store.photo_sizes(stored)}
        if caption:
            content["caption"] = caption
        return await self.send(user, chat=chat, **content)

    async def send_document(
        self,
        user: EmuUser,
        data: bytes,
        *,
        file_name: str = "document.bin",
        mime_type: str | None = None,
        caption: str | None = None,
        chat: EmuChat | int | None = None,
    ) -> JSON:
        """``user`` sends a file as a document."""
        stored = self._file_store.store(data, "document", file_name, mime_type)
        content: JSON = {"document": document_api(stored)}
        if caption:
            content["caption"] = caption
        return await self.send(user, chat=chat, **content)

    async def send_sticker(
        self, user: EmuUser, *, emoji: str = "👍", chat: EmuChat | int | None = None
    ) -> JSON:
        """``user`` sends a (static) sticker."""
        stored = self._file_store.store(
            b"RIFF\x00\x00\x00\x00WEBPVP8 ", "sticker", None, "image/webp"
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.data),
        }
        return await self.send(user, chat=chat, sticker=sticker)

    def _current(self, message: Any) -> tuple[EmuChat, JSON | None]:
        data = message_dict(message)
        chat = self.chat(int(data["chat"]["id"]))
        return chat, chat.message(int(data["message_id"]))

    async def edit_text(self, user: EmuUser, message: Any, text: str) -> JSON:
        """``user`` edits their own text message (a message or the update that carried it):
        the bot gets an ``edited_message`` update."""
        _, current = self._current(message)
        if current is None or current.get("from", {}).get("id") != user.id:
            raise LookupError("only the author can edit a message that is still in the chat")
        current["text"] = text
        current["edit_date"] = unix_now()
        current.pop("entities", None)
        entities = self.text_entities(text)
        if entities:
            current["entities"] = entities
        update = self._queue({"edited_message": current})
        await asyncio.sleep(0)
        return update

    async def press(self, user: EmuUser, message: Any, button: str) -> str:
        """``user`` presses an inline button (by label or exact callback data) on a bot message
        (a message dict or a python-telegram-bot ``Message``).

        Uses the message's current keyboard; returns the callback query id (see
        :attr:`callback_answers`). URL buttons raise ValueError: they never reach the bot.
        """
        chat, current = self._current(message)
        if current is None:
            raise LookupError(f"the message is no longer in chat {chat.id}")
        found = find_button(current, button)
        data = found.get("callback_data")
        if not isinstance(data, str):
            raise ValueError(f"button {found.get('text')!r} does not send a callback to the bot")
        query_id = self._ids.new("cb")
        self._callbacks[query_id] = Callback(user, chat.id, int(current["message_id"]), data)
        self._queue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_api(),
                    "message": current,
                    "chat_instance": str(abs(hash((chat.id, self.bot.id))) % 10**18),
                    "data": data,
                }
            }
        )
        await asyncio.sleep(0)
        return query_id

    async def push_update(self, update: JSON) -> JSON:
        """Queue any update (without ``update_id``), e.g. ``{"channel_post": {...}}``."""
        queued = self._queue(update)
        await asyncio.sleep(0)
        return queued

    # --- reading what the bot did -----------------------------------------------------------

    def file_bytes(self, file_id: str) -> bytes:
        """The content of a file the bot sent or a user sent (KeyError when unknown)."""
        return self.files[file_id].data

    def last_answer(self, user: EmuUser | None = None) -> JSON | None:
        """The most recent callback answer (for ``user``'s presses when given), or None."""
        for query_id in reversed(list(self.callback_answers)):
            if user is None or self._callbacks[query_id].user.id == user.id:
                return self.callback_answers[query_id]
        return None

    def calls_of(self, method: str) -> list[JSON]:
        """The parameters of every call of ``method`` (any case), in order."""
        name = method.lower()
        return [params for called, params in self.calls if called == name]

    def mark(self) -> int:
        """A position in :attr:`outputs`; later outputs are 'since' it."""
        return len(self.outputs)

    def outputs_since(self, since: int, chat: EmuChat | int | None = None) -> list[Output]:
        return [
            out for out in self.outputs[since:] if chat is None or out.chat_id == chat_key(chat)
        ]

    def messages_of(self, outputs: Iterable[Output]) -> list[JSON]:
        """Current versions of the messages sent or edited in ``outputs``, each once, skipping
        those deleted since, in order of their first appearance."""
        seen: set[tuple[int, int]] = set()
        result = []
        for out in outputs:
            if out.kind not in ("send", "edit") or not isinstance(out.ref, int):
                continue
            key = (out.chat_id, out.ref)
            chat = self.chats.get(out.chat_id)
            message = chat.message(out.ref) if chat else None
            if key in seen or message is None:
                continue
            seen.add(key)
            result.append(copy.deepcopy(message))
        return result

    # --- waiting ----------------------------------------------------------------------------

    async def ask(
        self,
        user: EmuUser,
        text: str,
        *,
        chat: EmuChat | int | None = None,
        timeout: float = 10.0,
        settle: float | None = None,
    ) -> list[JSON]:
        """Send ``text`` as ``user`` and return the bot's new or edited messages in that chat.

        Waits for the first output (message, edit, deletion or callback answer) in the chat,
        then until nothing more happens for ``settle`` seconds while no request is being
        served, no update waits to be fetched and no chat action ("typing…") is showing.
        Raises :class:`EmulatorTimeout` when nothing comes within ``timeout``.
        """
        target = self._user_chat(user, chat)
        since = self.mark()
        await self.send_text(user, text, chat=target)
        outputs = await self.wait_quiet(target, since=since, timeout=timeout, settle=settle)
        return self.messages_of(outputs)

    async def click(
        self,
        user: EmuUser,
        message: Any,
        button: str,
        *,
        timeout: float = 10.0,
        settle: float | None = None,
    ) -> list[JSON]:
        """Press ``button`` as ``user`` and wait like :meth:`ask`; the answer is in
        :meth:`last_answer`."""
        since = self.mark()
        await self.press(user, message, button)
        chat_id = int(message_dict(message)["chat"]["id"])
        outputs = await self.wait_quiet(chat_id, since=since, timeout=timeout, settle=settle)
        return self.messages_of(outputs)

    async def wait_quiet(
        self,
        chat: EmuChat | int,
        *,
        since: int,
        timeout: float = 10.0,
        settle: float | None = None,
        require_output: bool = True,
    ) -> list[Output]:
        """The outputs in ``chat`` after ``since`` once the bot has gone quiet (see :meth:`ask`)."""
        chat_id = chat_key(chat)
        quiet = self.settle_seconds if settle is None else settle
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        deadline = loop.time() + timeout
        while require_output and not self.outputs_since(since, chat_id):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise EmulatorTimeout(self._timeout_report(chat_id, timeout))
            await self._activity.wait(remaining)
        while loop.time() < deadline:
            outputs = self.outputs_since(since, chat_id)
            last = max([started, *(o.at for o in outputs)])
            idle_for = time.monotonic() - last
            if not self._busy(chat_id) and idle_for >= quiet:
                break
            pause = 0.05 if self._busy(chat_id) else quiet - idle_for
            await self._activity.wait(min(max(pause, 0.01), deadline - loop.time()))
        return self.outputs_since(since, chat_id)

    async def idle(self, *, timeout: float = 10.0, settle: float | None = None) -> None:
        """Wait until every update was fetched, no request is in progress, and ``settle``
        seconds passed without output anywhere."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet = self.settle_seconds if settle is None else settle
        started = time.monotonic()
        while True:
            last = max([started, *(o.at for o in self.outputs[-1:])])
            idle_for = time.monotonic() - last
            if not self._busy(None) and idle_for >= quiet:
                return
            if loop.time() >= deadline:
                raise EmulatorTimeout(self._timeout_report(None, timeout))
            await self._activity.wait(min(max(quiet - idle_for, 0.02), deadline - loop.time()))

    async def wait_for(
        self, predicate: Callable[[], Any], *, timeout: float = 10.0, interval: float = 0.05
    ) -> Any:
        """Wait until ``predicate()`` (may be async) is truthy and return its value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if inspect.isawaitable(value):
                value = await value
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise EmulatorTimeout(f"condition not met within {timeout}s")
            await self._activity.wait(min(interval, remaining))

    def watch_work(self, probe: Callable[[], bool]) -> Callable[[], None]:
        """Count the bot as busy while ``probe()`` is true (an update still being handled), so
        that waiting for quiet does not end between a button's answer and the edit that follows
        it on a slow machine; returns the function that stops watching."""
        self._work_probes.append(probe)
        return lambda: self._work_probes.remove(probe)

    def _busy(self, chat_id: int | None) -> bool:
        if self._in_flight or any(u["update_id"] > self._delivered_upto for u in self._updates):
            return True
        if any(probe() for probe in self._work_probes):
            return True
        if chat_id is None:
            return False
        action_at = self._chat_action_at.get(chat_id)
        if action_at is None or time.monotonic() - action_at >= CHAT_ACTION_SECONDS:
            return False
        return not any(
            o.at > action_at and o.kind in ("send", "edit") for o in self.outputs_since(0, chat_id)
        )

    def _timeout_report(self, chat_id: int | None, timeout: float) -> str:
        where = f"in chat {chat_id}" if chat_id is not None else "anywhere"
        recent = [name for name, _ in self.calls[-8:]]
        return (
            f"the bot produced nothing {where} within {timeout}s; last calls: {recent}; "
            f"errors: {self.errors[-3:]}; emulator bugs: {self.internal_errors[-1:]}"
        )
