"""Bot API methods on messages: sending (text, photos, documents, stickers, chat actions),
``getFile``, editing, deleting and pinning, and answering button presses.

Text and captions go through the parse modes of :mod:`emulator.formatting` and keyboards through
:mod:`emulator.keyboards`, with Telegram's limits and its answers when they are broken.
"""

from __future__ import annotations

import copy
import time

from emulator.api import api_method, flag, int_param, require_int, str_param
from emulator.errors import JSON, bad_request
from emulator.files import DOWNLOAD_LIMIT, document_api, image_size
from emulator.formatting import parse_formatted, rstrip_formatted, utf16_len
from emulator.keyboards import validate_reply_markup
from emulator.model import EmuChat, unix_now
from emulator.state import EmulatorState

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


class MessageMethods(EmulatorState):
    """Messages the bot sends, edits and deletes, and its answers to button presses."""

    # --- Bot API: sending -------------------------------------------------------------------

    def _formatted(
        self, params: JSON, text_key: str, entities_key: str, *, limit: int, caption: bool
    ) -> tuple[str, list[JSON]]:
        raw = params.get(text_key)
        if raw is None or raw == "":
            if caption:
                return "", []
            raise bad_request("message text is empty")
        text, entities = parse_formatted(
            str(raw),
            str_param(params, "parse_mode"),
            params.get(entities_key),
            strict_html=self.strict_html,
        )
        text, entities = rstrip_formatted(text, entities)
        if not text.strip() and not caption:
            raise bad_request("message must be non-empty")
        if utf16_len(text) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        return text, entities

    def _reply_to(self, chat: EmuChat, params: JSON) -> JSON:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow_missing = bool(reply.get("allow_sending_without_reply"))
        else:
            message_id = params.get("reply_to_message_id")
            allow_missing = flag(params, "allow_sending_without_reply")
        if message_id is None:
            return {}
        try:
            return self._reply_snapshot(chat, int(message_id))
        except (LookupError, TypeError, ValueError):
            if allow_missing:
                return {}
            raise bad_request("message to be replied not found") from None

    def _bot_message(self, chat: EmuChat, params: JSON, content: JSON) -> JSON:
        """Store a message the bot sends, with its keyboard and reply, and return a copy."""
        markup = validate_reply_markup(params.get("reply_markup"))
        message: JSON = {
            "message_id": 0,
            "from": self.bot.to_api(),
            "chat": chat.to_api(),
            "date": unix_now(),
            **self._reply_to(chat, params),
            **content,
        }
        thread = int_param(params, "message_thread_id", required=False)
        if thread:
            message["message_thread_id"] = thread
            message["is_topic_message"] = chat.is_forum
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif markup:
            chat.reply_keyboard = None if markup.get("remove_keyboard") else markup
        if flag(params, "protect_content"):
            message["has_protected_content"] = True
        message["message_id"] = chat.take_message_id()
        chat.history.append(message)
        self._output(chat.id, "send", message["message_id"])
        return copy.deepcopy(message)

    @staticmethod
    def _with_entities(content: JSON, key: str, entities: list[JSON]) -> JSON:
        if entities:
            content[key] = entities
        return content

    @api_method("sendMessage")
    async def _send_message(self, params: JSON) -> JSON:
        chat = self._sendable_chat(params)
        text, entities = self._formatted(
            params, "text", "entities", limit=TEXT_LIMIT, caption=False
        )
        content = self._with_entities({"text": text}, "entities", entities)
        preview = params.get("link_preview_options")
        if isinstance(preview, dict) and preview:
            content["link_preview_options"] = preview
        return self._bot_message(chat, params, content)

    def _caption(self, params: JSON) -> JSON:
        caption, entities = self._formatted(
            params, "caption", "caption_entities", limit=CAPTION_LIMIT, caption=True
        )
        content: JSON = {"caption": caption} if caption else {}
        return self._with_entities(content, "caption_entities", entities)

    @api_method("sendPhoto")
    async def _send_photo(self, params: JSON) -> JSON:
        chat = self._sendable_chat(params)
        caption = self._caption(params)
        stored = self._file_store.input_file(params, "photo")
        content = {"photo": self._file_store.photo_sizes(stored), **caption}
        if flag(params, "has_spoiler"):
            content["has_media_spoiler"] = True
        return self._bot_message(chat, params, content)

    @api_method("sendDocument")
    async def _send_document(self, params: JSON) -> JSON:
        chat = self._sendable_chat(params)
        caption = self._caption(params)
        stored = self._file_store.input_file(params, "document")
        content = {"document": document_api(stored), **caption}
        return self._bot_message(chat, params, content)

    @api_method("sendSticker")
    async def _send_sticker(self, params: JSON) -> JSON:
        chat = self._sendable_chat(params)
        stored = self._file_store.input_file(params, "sticker")
        size = image_size(stored.data) or (512, 512)
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": size[0],
            "height": size[1],
            "is_animated": False,
            "is_video": False,
            "file_size": len(stored.data),
        }
        return self._bot_message(chat, params, {"sticker": sticker})

    @api_method("sendChatAction")
    async def _send_chat_action(self, params: JSON) -> bool:
        chat = self._sendable_chat(params)
        action = str_param(params, "action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append(action)
        self._chat_action_at[chat.id] = time.monotonic()
        self._activity.fire()
        return True

    # --- Bot API: files ---------------------------------------------------------------------

    @api_method("getFile")
    async def _get_file(self, params: JSON) -> JSON:
        file_id = str_param(params, "file_id")
        if not file_id:
            raise bad_request("file_id is empty")
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > DOWNLOAD_LIMIT:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    # --- Bot API: editing and deleting ------------------------------------------------------

    def _own_message(self, params: JSON, *, missing: str) -> tuple[EmuChat, JSON]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._sendable_chat(params)
        message_id = require_int(params, "message_id")
        message = chat.message(message_id)
        if message is None:
            raise bad_request(missing)
        if message.get("from", {}).get("id") != self.bot.id:
            raise bad_request("message can't be edited")
        return chat, message

    def _edited(self, chat: EmuChat, message: JSON, changes: JSON, markup: JSON | None) -> JSON:
        current = {k: message.get(k) for k in changes}
        if current == changes and message.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        for key, value in changes.items():
            if value in (None, [], ""):
                message.pop(key, None)
            else:
                message[key] = value
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = unix_now()
        self._output(chat.id, "edit", message["message_id"])
        return copy.deepcopy(message)

    @staticmethod
    def _inline_markup(params: JSON) -> JSON | None:
        markup = validate_reply_markup(params.get("reply_markup"))
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        return markup if markup and markup["inline_keyboard"] else None

    @api_method("editMessageText")
    async def _edit_message_text(self, params: JSON) -> JSON:
        chat, message = self._own_message(params, missing="message to edit not found")
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._formatted(
            params, "text", "entities", limit=TEXT_LIMIT, caption=False
        )
        markup = self._inline_markup(params)
        return self._edited(chat, message, {"text": text, "entities": entities or None}, markup)

    @api_method("editMessageCaption")
    async def _edit_message_caption(self, params: JSON) -> JSON:
        chat, message = self._own_message(params, missing="message to edit not found")
        if not any(k in message for k in ("photo", "document", "video", "audio", "animation")):
            raise bad_request("there is no caption in the message to edit")
        content = self._caption(params)
        changes = {
            "caption": content.get("caption"),
            "caption_entities": content.get("caption_entities"),
        }
        return self._edited(chat, message, changes, self._inline_markup(params))

    @api_method("editMessageReplyMarkup")
    async def _edit_message_reply_markup(self, params: JSON) -> JSON:
        chat, message = self._own_message(params, missing="message to edit not found")
        return self._edited(chat, message, {}, self._inline_markup(params))

    def _delete(self, chat: EmuChat, message_id: int) -> bool:
        message = chat.message(message_id)
        if message is None:
            return False
        own = message.get("from", {}).get("id") == self.bot.id
        rights = chat.members.get(self.bot.id) in ("administrator", "creator")
        if not (own or chat.type == "private" or rights):
            raise bad_request("message can't be deleted")
        chat.history.remove(message)
        chat.deleted.append(message)
        self._output(chat.id, "delete", message_id)
        return True

    @api_method("deleteMessage")
    async def _delete_message(self, params: JSON) -> bool:
        chat = self._chat(params)
        if not self._delete(chat, require_int(params, "message_id")):
            raise bad_request("message to delete not found")
        return True

    @api_method("deleteMessages")
    async def _delete_messages(self, params: JSON) -> bool:
        chat = self._chat(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad_request("message_ids must be a list of 1-100 identifiers")
        deleted = [self._delete(chat, int(i)) for i in ids]
        if not any(deleted):
            raise bad_request("message to delete not found")
        return True

    @api_method("pinChatMessage")
    async def _pin_chat_message(self, params: JSON) -> bool:
        chat = self._sendable_chat(params)
        message_id = require_int(params, "message_id")
        if chat.message(message_id) is None:
            raise bad_request("message to pin not found")
        chat.pinned = message_id
        return True

    @api_method("unpinChatMessage")
    async def _unpin_chat_message(self, params: JSON) -> bool:
        self._chat(params).pinned = None
        return True

    # --- Bot API: callback queries ----------------------------------------------------------

    @api_method("answerCallbackQuery")
    async def _answer_callback_query(self, params: JSON) -> bool:
        query_id = str_param(params, "callback_query_id")
        callback = self._callbacks.get(query_id or "")
        if query_id is None or callback is None or callback.answered:
            raise bad_request(QUERY_TOO_OLD)
        text = str_param(params, "text") or ""
        if utf16_len(text) > CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        callback.answered = True
        self.callback_answers[query_id] = {
            "callback_id": query_id,
            "text": text or None,
            "show_alert": flag(params, "show_alert"),
            "url": str_param(params, "url"),
            "cache_time": int_param(params, "cache_time", required=False) or 0,
            "data": callback.data,
        }
        self._output(callback.chat_id, "answer", query_id)
        return True
