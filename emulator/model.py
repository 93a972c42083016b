"""What the emulated Telegram is made of: users, chats with their history, and what the bot did.

Messages are kept as Bot API dicts (what the bot receives and what tests read); these classes
hold them and build the Bot API objects (``User``, ``Chat``, ``ChatMember``) for them.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from emulator.errors import JSON
from emulator.formatting import plain_text

MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")


def unix_now() -> int:
    """Now as a Bot API date: Unix time in whole seconds."""
    return int(time.time())


@dataclass(eq=False)
class EmuUser:
    """A Telegram user (or the bot itself) known to the emulator."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = "id"
    is_bot: bool = False

    def to_api(self) -> JSON:
        """The Bot API ``User`` object."""
        user: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code and not self.is_bot:
            user["language_code"] = self.language_code
        return user


@dataclass(eq=False)
class EmuChat:
    """A chat and everything that happened in it.

    ``history`` holds every message in order (users' and the bot's) in Bot API format with edits
    applied; ``messages`` (= ``bot_messages``) only the bot's. ``members`` maps user ids to a
    ChatMember status; the bot's own status decides whether it may send.
    """

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    user: EmuUser | None = None
    is_forum: bool = False
    bot_id: int = 0
    members: dict[int, str] = field(default_factory=dict)
    blocked: bool = False
    started: bool = True
    deactivated: bool = False
    migrated_to: int | None = None
    history: list[JSON] = field(default_factory=list)
    deleted: list[JSON] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    reply_keyboard: JSON | None = None
    pinned: int | None = None
    next_message_id: int = 1

    def to_api(self) -> JSON:
        """The Bot API ``Chat`` object."""
        chat: JSON = {"id": self.id, "type": self.type}
        if self.type == "private" and self.user is not None:
            chat.update({k: v for k, v in self.user.to_api().items() if k in _PRIVATE_CHAT_KEYS})
        else:
            chat["title"] = self.title or ""
        if self.username and self.type != "private":
            chat["username"] = self.username
        if self.is_forum:
            chat["is_forum"] = True
        return chat

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def message(self, message_id: int) -> JSON | None:
        """The current version of a message still in the chat."""
        for message in self.history:
            if message["message_id"] == message_id:
                return message
        return None

    def _is_bot(self, message: JSON) -> bool:
        return bool(message.get("from", {}).get("id") == self.bot_id)

    @property
    def bot_messages(self) -> list[JSON]:
        """The bot's messages still in the chat, oldest first, edits applied."""
        return [m for m in self.history if self._is_bot(m)]

    @property
    def messages(self) -> list[JSON]:
        """Alias of :attr:`bot_messages`: what the bot has shown in this chat."""
        return self.bot_messages

    @property
    def user_messages(self) -> list[JSON]:
        """Messages users sent in the chat."""
        return [m for m in self.history if not self._is_bot(m)]

    @property
    def last_bot_message(self) -> JSON | None:
        messages = self.bot_messages
        return messages[-1] if messages else None

    def texts(self) -> list[str]:
        """The plain text (or caption) of each bot message."""
        return [plain_text(m) for m in self.bot_messages]


_PRIVATE_CHAT_KEYS = ("first_name", "last_name", "username")


def chat_key(chat: EmuChat | int) -> int:
    """The id of a chat given as itself or as its id."""
    return chat.id if isinstance(chat, EmuChat) else int(chat)


def message_dict(message: Any) -> JSON:
    """A Bot API message dict from a message dict, an update dict holding one (as returned by
    :meth:`BotApiEmulator.send_text`) or a python-telegram-bot ``Message``."""
    data = message.to_dict() if hasattr(message, "to_dict") else message
    if not isinstance(data, Mapping):
        raise TypeError(f"not a message: {message!r}")
    if "message_id" not in data:
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            if isinstance(data.get(key), Mapping):
                data = data[key]
                break
    if "message_id" not in data or not isinstance(data.get("chat"), Mapping):
        raise TypeError(f"not a message: {message!r}")
    return dict(data)


@dataclass(frozen=True)
class Output:
    """Something the bot did that a person sees: ``kind`` is send, edit, delete or answer."""

    seq: int
    chat_id: int
    kind: str
    ref: int | str
    at: float


@dataclass
class Callback:
    """A button press the bot was told of, until it answers it."""

    user: EmuUser
    chat_id: int
    message_id: int
    data: str
    answered: bool = False


class Ids:
    """Ids the emulator hands out (callback queries, files): a running number, then random."""

    def __init__(self) -> None:
        self.count = 0

    def new(self, prefix: str = "") -> str:
        self.count += 1
        return f"{prefix}{self.count}{secrets.token_hex(4)}"


def member_api(user: EmuUser, status: str) -> JSON:
    """The Bot API ``ChatMember`` object of ``user`` with ``status``."""
    member: JSON = {"status": status, "user": user.to_api()}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "restricted":
        member.update(_RESTRICTED_RIGHTS)
    elif status == "kicked":
        member["until_date"] = 0
    return member


_ADMIN_RIGHTS: JSON = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}
_RESTRICTED_RIGHTS: JSON = {
    "is_member": True,
    "until_date": 0,
    **{
        name: False
        for name in (
            "can_change_info",
            "can_invite_users",
            "can_pin_messages",
            "can_send_messages",
            "can_send_polls",
            "can_send_other_messages",
            "can_add_web_page_previews",
            "can_manage_topics",
            "can_send_audios",
            "can_send_documents",
            "can_send_photos",
            "can_send_videos",
            "can_send_video_notes",
            "can_send_voice_notes",
            "can_edit_tag",
        )
    },
}
