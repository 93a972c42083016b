"""What the emulator holds: users, chats, files, the updates waiting for the bot, and the record
of what the bot did; the users and chats tests set up, and the chats as the bot may address them.

:class:`EmulatorState` is the base of the emulator's parts: the test-driving API
(:mod:`emulator.driving`), the Bot API methods (:mod:`emulator.updates`,
:mod:`emulator.messages`, :mod:`emulator.chats`) and the HTTP server (:mod:`emulator.server`)
all work on this one state.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from emulator.errors import JSON, ApiError, bad_request, forbidden
from emulator.files import FileStore, StoredFile
from emulator.model import (
    MEMBER_STATUSES,
    Callback,
    EmuChat,
    EmuUser,
    Ids,
    Output,
    chat_key,
    member_api,
    unix_now,
)

_SERVICE_MESSAGE_KEYS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "new_chat_photo",
        "group_chat_created",
        "supergroup_chat_created",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "pinned_message",
    }
)


class Signal:
    """Wakes every waiter on ``fire()``; ``fire`` is synchronous so any code path may call it."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def fire(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, timeout: float) -> bool:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, max(timeout, 0.0))
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)


class EmulatorState:
    """The emulated Telegram in memory (see the module docstring)."""

    def __init__(
        self,
        bot_username: str,
        bot_name: str,
        bot_id: int,
        privacy_mode: bool,
        strict_html: bool,
        settle: float,
    ) -> None:
        self.bot_username = bot_username
        self.bot = EmuUser(bot_id, bot_name, username=bot_username, is_bot=True)
        self.privacy_mode = privacy_mode
        self.strict_html = strict_html
        self.settle_seconds = settle
        self.users: dict[int, EmuUser] = {bot_id: self.bot}
        self.chats: dict[int, EmuChat] = {}
        self._ids = Ids()
        self._file_store = FileStore(self._ids)
        self.files: dict[str, StoredFile] = self._file_store.files
        self.calls: list[tuple[str, JSON]] = []
        self.errors: list[tuple[str, int, str]] = []
        self.internal_errors: list[BaseException] = []
        self.outputs: list[Output] = []
        self.callback_answers: dict[str, JSON] = {}
        self.stats: Counter[str] = Counter()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.webhook: JSON = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self._callbacks: dict[str, Callback] = {}
        self._updates: list[JSON] = []
        self._next_update_id = 100_000_001
        self._delivered_upto = 0
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._updates_signal = Signal()
        self._activity = Signal()
        self._in_flight = 0
        self._work_probes: list[Callable[[], bool]] = []
        self._chat_action_at: dict[int, float] = {}
        self._closing = False

    @property
    def bot_user(self) -> JSON:
        """The bot as a Bot API ``User`` dict."""
        return self.bot.to_api()

    # --- users and chats (test setup) -------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "id",
        started: bool = True,
    ) -> EmuUser:
        """A user; ``started=False`` means they never opened the bot (it cannot write first)."""
        person = EmuUser(user_id, first_name, username, last_name, language_code)
        self.users[user_id] = person
        chat = self.private_chat(person)
        chat.user = person
        chat.started = started
        return person

    def private_chat(self, user: EmuUser) -> EmuChat:
        """The private chat between ``user`` and the bot (its id is the user's id)."""
        chat = self.chats.get(user.id)
        if chat is None:
            self.users.setdefault(user.id, user)
            chat = EmuChat(user.id, "private", user=user, bot_id=self.bot.id)
            chat.members = {user.id: "member", self.bot.id: "member"}
            self.chats[user.id] = chat
        return chat

    def group(
        self,
        chat_id: int,
        title: str,
        *,
        supergroup: bool = True,
        admins: Iterable[EmuUser] = (),
        members: Iterable[EmuUser] = (),
        creator: EmuUser | None = None,
        username: str | None = None,
        is_forum: bool = False,
        bot_status: str = "member",
    ) -> EmuChat:
        """A group (``supergroup=False``) or supergroup with the bot in it as ``bot_status``."""
        chat = EmuChat(
            chat_id,
            "supergroup" if supergroup else "group",
            title=title,
            username=username,
            is_forum=is_forum,
            bot_id=self.bot.id,
        )
        for person, status in (
            *((m, "member") for m in members),
            *((a, "administrator") for a in admins),
            *(((creator, "creator"),) if creator else ()),
        ):
            self.users.setdefault(person.id, person)
            chat.members[person.id] = status
        chat.members[self.bot.id] = bot_status
        self.chats[chat_id] = chat
        return chat

    def channel(
        self,
        chat_id: int,
        title: str,
        *,
        username: str | None = None,
        bot_status: str = "administrator",
    ) -> EmuChat:
        """A channel; the bot can post only as an administrator."""
        chat = EmuChat(chat_id, "channel", title=title, username=username, bot_id=self.bot.id)
        chat.members[self.bot.id] = bot_status
        self.chats[chat_id] = chat
        return chat

    def chat(self, chat: EmuChat | int) -> EmuChat:
        """A chat by id (KeyError when unknown)."""
        return self.chats[chat_key(chat)]

    def set_member_status(self, chat: EmuChat | int, user: EmuUser, status: str) -> None:
        """Set what getChatMember reports for ``user`` (the bot too: ``emu.bot``)."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}")
        self.users.setdefault(user.id, user)
        self.chat(chat).members[user.id] = status

    def block(self, user: EmuUser, *, notify: bool = True) -> None:
        """The user blocks the bot: sending to them fails with 403."""
        chat = self.private_chat(user)
        chat.blocked = True
        if notify:
            self._queue_my_chat_member(chat, user, "member", "kicked")

    def unblock(self, user: EmuUser, *, notify: bool = True) -> None:
        chat = self.private_chat(user)
        chat.blocked = False
        if notify:
            self._queue_my_chat_member(chat, user, "kicked", "member")

    def kick_bot(
        self, chat: EmuChat | int, *, by: EmuUser | None = None, notify: bool = True
    ) -> None:
        """Someone removes the bot from a group: sending there fails with 403."""
        target = self.chat(chat)
        old = target.members.get(self.bot.id, "left")
        target.members[self.bot.id] = "kicked"
        if notify:
            self._queue_my_chat_member(target, by or self._some_admin(target), old, "kicked")

    def migrate(self, chat: EmuChat | int, new_chat_id: int, *, notify: bool = True) -> EmuChat:
        """Upgrade a group to a supergroup: the old id answers 400 with migrate_to_chat_id."""
        old = self.chat(chat)
        new = self.group(new_chat_id, old.title or "", username=old.username)
        new.members = dict(old.members)
        old.migrated_to = new_chat_id
        if notify:
            actor = self._some_admin(old)
            self._add_user_message(actor, old, {"migrate_to_chat_id": new_chat_id})
            self._add_user_message(actor, new, {"migrate_from_chat_id": old.id})
        return new

    def _some_admin(self, chat: EmuChat) -> EmuUser:
        for status in ("creator", "administrator", "member"):
            for user_id, member_status in chat.members.items():
                if member_status == status and user_id != self.bot.id:
                    return self.users[user_id]
        return self.bot

    def _queue_my_chat_member(self, chat: EmuChat, actor: EmuUser, old: str, new: str) -> None:
        self._queue(
            {
                "my_chat_member": {
                    "chat": chat.to_api(),
                    "from": actor.to_api(),
                    "date": unix_now(),
                    "old_chat_member": member_api(self.bot, old),
                    "new_chat_member": member_api(self.bot, new),
                }
            }
        )

    def commands_for(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command list the bot set for ``scope`` (default scope when None)."""
        return list(self.commands.get(self._commands_key(scope, language_code), []))

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope = scope or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(language_code or "")

    # --- updates and outputs ----------------------------------------------------------------

    def _add_user_message(self, user: EmuUser, chat: EmuChat, content: JSON) -> JSON:
        message: JSON = {
            "message_id": chat.take_message_id(),
            "from": user.to_api(),
            "chat": chat.to_api(),
            "date": unix_now(),
            **content,
        }
        chat.history.append(message)
        if self._bot_receives(chat, message):
            return self._queue({"message": message})
        return {"message": copy.deepcopy(message)}

    def _bot_receives(self, chat: EmuChat, message: JSON) -> bool:
        """Privacy mode: in groups a non-admin bot sees commands, replies to it and mentions."""
        if not self.privacy_mode or chat.type not in ("group", "supergroup"):
            return True
        if chat.members.get(self.bot.id) in ("administrator", "creator"):
            return True
        text = str(message.get("text") or message.get("caption") or "")
        replied = message.get("reply_to_message", {}).get("from", {}).get("id")
        command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
        addressed = command is not None and command.group(1) in (None, f"@{self.bot_username}")
        service = any(key in message for key in _SERVICE_MESSAGE_KEYS)
        return addressed or replied == self.bot.id or f"@{self.bot_username}" in text or service

    def _reply_snapshot(self, chat: EmuChat, reply_to: JSON | int | None) -> JSON:
        if reply_to is None:
            return {}
        message_id = reply_to if isinstance(reply_to, int) else int(reply_to["message_id"])
        target = chat.message(message_id)
        if target is None:
            raise LookupError(f"message {message_id} is not in chat {chat.id}")
        snapshot = {k: v for k, v in copy.deepcopy(target).items() if k != "reply_to_message"}
        return {"reply_to_message": snapshot}

    def _queue(self, payload: JSON) -> JSON:
        update = {"update_id": self._next_update_id, **copy.deepcopy(payload)}
        self._next_update_id += 1
        self._updates.append(update)
        self._updates_signal.fire()
        self._activity.fire()
        return copy.deepcopy(update)

    def _output(self, chat_id: int, kind: str, ref: int | str) -> None:
        self.outputs.append(Output(len(self.outputs), chat_id, kind, ref, time.monotonic()))
        self._activity.fire()

    # --- chats as the bot sees them ---------------------------------------------------------

    def _lookup_chat(self, raw: Any) -> EmuChat | None:
        if isinstance(raw, str) and raw.startswith("@"):
            name = raw[1:].lower()
            for chat in self.chats.values():
                if (
                    chat.username or (chat.user.username if chat.user else "") or ""
                ).lower() == name:
                    return chat
            return None
        try:
            return self.chats.get(int(raw))
        except (TypeError, ValueError):
            return None

    def _chat(self, params: JSON, name: str = "chat_id") -> EmuChat:
        raw = params.get(name)
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat = self._lookup_chat(raw)
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        return chat

    def _sendable_chat(self, params: JSON) -> EmuChat:
        chat = self._chat(params)
        if chat.type == "private":
            if chat.blocked:
                raise forbidden("bot was blocked by the user")
            if chat.deactivated:
                raise forbidden("user is deactivated")
            if not chat.started:
                raise forbidden("bot can't initiate conversation with a user")
            return chat
        status = chat.members.get(self.bot.id, "left")
        place = {"group": "group chat", "supergroup": "supergroup chat"}.get(
            chat.type, "channel chat"
        )
        if status == "kicked":
            raise forbidden(f"bot was kicked from the {place}")
        if status == "left":
            raise forbidden(f"bot is not a member of the {place}")
        if chat.type == "channel" and status not in ("administrator", "creator"):
            raise bad_request("need administrator rights in the channel chat")
        if status == "restricted":
            raise bad_request("not enough rights to send text messages to the chat")
        return chat
