"""Bot API methods on chats and their members: ``getChat``, ``getChatMember``, the
administrators, the member count, and ``leaveChat``."""

from __future__ import annotations

import copy

from emulator.api import api_method, require_int
from emulator.errors import JSON, bad_request, forbidden
from emulator.model import EmuChat, member_api
from emulator.state import EmulatorState


class ChatMethods(EmulatorState):
    """Chats and members as the bot asks about them."""

    # --- Bot API: chats and members ---------------------------------------------------------

    @api_method("getChat")
    async def _get_chat(self, params: JSON) -> JSON:
        chat = self._chat(params)
        info = {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        pinned = chat.message(chat.pinned) if chat.pinned else None
        if pinned is not None:
            info["pinned_message"] = copy.deepcopy(pinned)
        return info

    def _member_status(self, chat: EmuChat, user_id: int) -> str:
        if chat.type == "private":
            if user_id not in (chat.id, self.bot.id):
                raise bad_request("user not found")
            return "kicked" if chat.blocked and user_id == self.bot.id else "member"
        if user_id not in self.users:
            raise bad_request("user not found")
        return chat.members.get(user_id, "left")

    @api_method("getChatMember")
    async def _get_chat_member(self, params: JSON) -> JSON:
        chat = self._chat(params)
        user_id = require_int(params, "user_id")
        status = self._member_status(chat, user_id)
        return member_api(self.users[user_id], status)

    @api_method("getChatAdministrators")
    async def _get_chat_administrators(self, params: JSON) -> list[JSON]:
        chat = self._chat(params)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        return [
            member_api(self.users[user_id], status)
            for user_id, status in chat.members.items()
            if status in ("creator", "administrator")
        ]

    @api_method("getChatMemberCount")
    async def _get_chat_member_count(self, params: JSON) -> int:
        chat = self._chat(params)
        present = ("creator", "administrator", "member", "restricted")
        return sum(1 for status in chat.members.values() if status in present)

    @api_method("leaveChat")
    async def _leave_chat(self, params: JSON) -> bool:
        chat = self._chat(params)
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        old = chat.members.get(self.bot.id, "left")
        if old in ("left", "kicked"):
            raise forbidden(f"bot is not a member of the {chat.type} chat")
        chat.members[self.bot.id] = "left"
        self._queue_my_chat_member(chat, self.bot, old, "left")
        return True
