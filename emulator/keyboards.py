"""Reply markup: validated as Telegram validates it, and read back by tests and the terminal."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from emulator.errors import JSON, bad_request

CALLBACK_DATA_LIMIT = 64

# --- reply markup ------------------------------------------------------------------------------

_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_RE = re.compile(r"(?:https?://[^\s/$.?#][^\s]*|tg://\S+)", re.IGNORECASE)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if "text" not in button:
        raise bad_request("can't parse inline keyboard button: Can't find field \"text\"")
    text = button["text"]
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_DATA_INVALID")
    actions = [
        key
        for key in _BUTTON_ACTIONS
        if key in button and (button[key] not in ("", None, False) or key.startswith("switch_"))
    ]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and (
        not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    ):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and (not isinstance(url, str) or not _URL_RE.fullmatch(url)):
        raise bad_request("BUTTON_URL_INVALID")


def _validate_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "keyboard" must be an Array of Arrays')
    for row in rows:
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text:
                raise bad_request("can't parse keyboard button: Text must be non-empty")


def validate_reply_markup(markup: Any) -> JSON | None:
    """The markup as Telegram would accept it, or :class:`ApiError` like Telegram's."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "inline_keyboard" must be an Array of Arrays')
        for row in rows:
            for button in row:
                _validate_inline_button(button)
        if sum(len(row) for row in rows) > 100:
            raise bad_request("reply markup is too long")
        return {"inline_keyboard": [[dict(b) for b in row] for row in rows if row]}
    if "keyboard" in markup:
        _validate_reply_keyboard(markup["keyboard"])
        return dict(markup)
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return dict(markup)
    raise bad_request("can't parse reply keyboard markup JSON object")


# --- reading keyboards -------------------------------------------------------------------------


def keyboard_rows(message: Mapping[str, Any]) -> list[list[JSON]]:
    """The inline keyboard of a Bot API message dict, row by row ([] when it has none)."""
    markup = message.get("reply_markup") or {}
    rows = markup.get("inline_keyboard") or []
    return [list(row) for row in rows]


def button_texts(message: Mapping[str, Any]) -> list[str]:
    """The labels of a message's inline buttons, left to right, top to bottom."""
    return [button["text"] for row in keyboard_rows(message) for button in row]


def find_button(message: Mapping[str, Any], label_or_data: str) -> JSON:
    """The inline button whose text, or else whose callback data, equals ``label_or_data``."""
    buttons = [button for row in keyboard_rows(message) for button in row]
    for key in ("text", "callback_data"):
        for button in buttons:
            if button.get(key) == label_or_data:
                return button
    raise LookupError(
        f"no button {label_or_data!r} on message {message.get('message_id')}; "
        f"buttons: {[b.get('text') for b in buttons]}"
    )
