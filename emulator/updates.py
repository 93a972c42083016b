"""Bot API methods about the bot itself and its updates: ``getMe``, ``getUpdates`` (long
polling, as Telegram answers it, 409 included), webhooks, the command list and menu button."""

from __future__ import annotations

import asyncio
import copy
import re
from typing import Any

from emulator.api import api_method, client_gone, flag, int_param, str_param
from emulator.errors import JSON, ApiError, bad_request
from emulator.state import EmulatorState

# Update types delivered when getUpdates never specified allowed_updates (Telegram's default).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class UpdateMethods(EmulatorState):
    """The bot and its updates."""

    # --- Bot API: the bot and updates -------------------------------------------------------

    @api_method("getMe")
    async def _get_me(self, params: JSON) -> JSON:
        return {
            **self.bot.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    @api_method("logOut")
    async def _log_out(self, params: JSON) -> bool:
        return True

    @api_method("close")
    async def _close(self, params: JSON) -> bool:
        return True

    @api_method("getUpdates")
    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int_param(params, "offset", required=False)
        limit = min(max(int_param(params, "limit", required=False) or 100, 1), 100)
        try:
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            raise bad_request("invalid timeout specified") from None
        self._set_allowed_updates(params.get("allowed_updates"))
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.fire()
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if generation != self._poll_generation:
                if client_gone():
                    return []
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            pending = self._pending(limit)
            remaining = deadline - asyncio.get_running_loop().time()
            if pending or self._closing or remaining <= 0:
                return pending
            await self._updates_signal.wait(remaining)

    def _set_allowed_updates(self, allowed: Any) -> None:
        if allowed is None:
            return
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed updates")
        self._allowed_updates = frozenset(str(a) for a in allowed) if allowed else None

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _allowed(self, update: JSON) -> bool:
        kind = next((k for k in update if k != "update_id"), "")
        if self._allowed_updates is None:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in self._allowed_updates

    def _pending(self, limit: int) -> list[JSON]:
        """Updates to deliver; those the bot did not subscribe to are dropped like Telegram."""
        self._updates = [u for u in self._updates if self._allowed(u)]
        batch = self._updates[:limit]
        if batch:
            self._delivered_upto = max(self._delivered_upto, batch[-1]["update_id"])
        elif self._updates == []:
            self._delivered_upto = self._next_update_id - 1
        self._activity.fire()
        return copy.deepcopy(batch)

    @api_method("setWebhook")
    async def _set_webhook(self, params: JSON) -> bool:
        url = str_param(params, "url") or ""
        if url and not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if flag(params, "drop_pending_updates"):
            self._updates.clear()
        self._set_allowed_updates(params.get("allowed_updates"))
        self.webhook = {"url": url, **{k: v for k, v in params.items() if k != "url"}}
        return True

    @api_method("deleteWebhook")
    async def _delete_webhook(self, params: JSON) -> bool:
        if flag(params, "drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        return True

    @api_method("getWebhookInfo")
    async def _get_webhook_info(self, params: JSON) -> JSON:
        url = self.webhook.get("url", "")
        info: JSON = {
            "url": url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if url:
            info["max_connections"] = self.webhook.get("max_connections", 40)
        return info

    @api_method("setMyCommands")
    async def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse commands JSON object")
            name, description = command.get("command"), command.get("description")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    @api_method("getMyCommands")
    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        return list(self.commands.get(key, []))

    @api_method("deleteMyCommands")
    async def _delete_my_commands(self, params: JSON) -> bool:
        self.commands.pop(
            self._commands_key(params.get("scope"), params.get("language_code")), None
        )
        return True

    @api_method("setChatMenuButton")
    async def _set_chat_menu_button(self, params: JSON) -> bool:
        chat_id = int_param(params, "chat_id", required=False)
        self.menu_buttons[chat_id] = params.get("menu_button") or {"type": "default"}
        return True

    @api_method("getChatMenuButton")
    async def _get_chat_menu_button(self, params: JSON) -> JSON:
        chat_id = int_param(params, "chat_id", required=False)
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "commands"}
