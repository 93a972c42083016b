"""An offline Telegram Bot API server on loopback, for tests and the terminal chat.

:class:`BotApiEmulator` speaks the Bot API wire format (https://core.telegram.org/bots/api):
``POST|GET /bot<token>/<method>`` with JSON, url-encoded or multipart parameters, answered with
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": "...",
"parameters": {...}}``, and ``GET /file/bot<token>/<file_path>`` for downloads. The real
python-telegram-bot ``Application`` is pointed at it with ``base_url=emulator.base_url`` and
``base_file_url=emulator.base_file_url``; tests then act as Telegram users (``send_text``,
``press``, ``ask``, ``click``) and read what the bot did (``chat.messages``, ``calls``,
``callback_answers``).

It is deliberately as strict as Telegram where the bot can get things wrong:

* HTML is parsed like Telegram does (supported tags only, balanced, attributes checked) into
  plain ``text`` + ``entities``; the limits (4096 for text, 1024 for captions, 200 for callback
  answers) are counted in UTF-16 code units after parsing, as Telegram counts them.
  *Stricter than Telegram:* a ``&`` that does not start ``&lt;`` ``&gt;`` ``&amp;`` ``&quot;`` or a
  numeric reference is rejected (Telegram keeps it literally) because it is always an escaping
  bug; pass ``strict_html=False`` for Telegram's leniency.
* Inline keyboards are validated (one action per button, callback data 1-64 bytes).
* Editing to identical content fails with "message is not modified", like Telegram.
* Blocked users, kicked bots, migrated groups and unknown chats fail with Telegram's codes.

Not emulated: webhook delivery (``setWebhook`` is only recorded, and makes ``getUpdates`` fail
with 409 like Telegram), inline mode, payments, media groups, URLs as files (the emulator is
offline), message-reaction updates. Unknown methods answer 404 ``Not Found: method not found``.

Fault injection (:meth:`BotApiEmulator.faults`, :meth:`BotApiEmulator.fail_next`,
:meth:`BotApiEmulator.flood_limits`) makes requests fail the way Telegram and networks do.
"""

from __future__ import annotations

import asyncio
import contextvars
import copy
import inspect
import json
import logging
import math
import mimetypes
import random
import re
import secrets
import struct
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, TypeVar

from aiohttp import BodyPartReader, web

log = logging.getLogger(__name__)

JSON = dict[str, Any]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_ANSWER_LIMIT = 200
CALLBACK_DATA_LIMIT = 64
PHOTO_UPLOAD_LIMIT = 10 * 1024 * 1024
UPLOAD_LIMIT = 50 * 1024 * 1024
DOWNLOAD_LIMIT = 20 * 1024 * 1024
CHAT_ACTION_SECONDS = 5.0

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"

MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")
FAULT_KINDS = ("429", "500", "502", "drop", "drop_after", "slow")
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
# Methods Telegram's flood control counts (messages sent or changed in a chat).
FLOOD_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendsticker",
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
    }
)
# Update types delivered when getUpdates never specified allowed_updates (Telegram's default).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Form fields that are plain strings on the wire; every other form field holds JSON.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "file_id",
        "photo",
        "document",
        "sticker",
        "audio",
        "video",
        "animation",
        "voice",
        "video_note",
        "thumbnail",
        "action",
        "language_code",
        "secret_token",
        "ip_address",
        "name",
        "description",
        "short_description",
        "title",
        "emoji",
        "business_connection_id",
        "message_effect_id",
        "custom_title",
    }
)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _now() -> int:
    return int(time.time())


# --- errors ------------------------------------------------------------------------------------


class ApiError(Exception):
    """A Bot API error answer: HTTP status = ``error_code``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" detail (the text after that prefix)."""


class EmulatorTimeout(TimeoutError):
    """The bot did not produce what a test waited for in time."""


# --- formatted text: HTML ----------------------------------------------------------------------

_HTML_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(
    r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z][a-zA-Z0-9]{0,31}))(;?)"
)
_SPECIAL_RE = re.compile(r"[&<]")
_VALUELESS_ATTRIBUTES = {("blockquote", "expandable")}


def decode_html_entity(source: str, index: int, *, need_semicolon: bool) -> tuple[str, int] | None:
    """The character of the entity starting at ``source[index] == '&'`` and the index after it."""
    match = _ENTITY_RE.match(source, index)
    if match is None or (need_semicolon and not match.group(4)):
        return None
    decimal, hexadecimal, name = match.group(1), match.group(2), match.group(3)
    if name is not None:
        char = _NAMED_ENTITIES.get(name)
        return (char, match.end()) if char is not None else None
    code = int(decimal, 10) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _sort_entities(entities: list[JSON]) -> list[JSON]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


@dataclass
class _OpenTag:
    name: str
    begin: int
    offset: int
    attributes: dict[str, str]
    language: str | None = None


class _HtmlParser:
    """Telegram's HTML parse mode: the visible text and its entities, or the error Telegram gives.

    Error texts and byte offsets follow Telegram's parser so that what fails here fails there.
    """

    def __init__(self, source: str, *, strict: bool) -> None:
        self.src = source
        self.strict = strict
        self.pos = 0
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[JSON] = []

    def parse(self) -> tuple[str, list[JSON]]:
        while self.pos < len(self.src):
            char = self.src[self.pos]
            if char == "&":
                self._entity()
            elif char == "<":
                self._tag()
            else:
                match = _SPECIAL_RE.search(self.src, self.pos)
                end = match.start() if match else len(self.src)
                self._emit(self.src[self.pos : end])
                self.pos = end
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        return "".join(self.parts), _sort_entities(self.entities)

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += utf16_len(text)

    def _byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def _entity(self) -> None:
        decoded = decode_html_entity(self.src, self.pos, need_semicolon=self.strict)
        if decoded is not None:
            self._emit(decoded[0])
            self.pos = decoded[1]
            return
        if self.strict:
            raise EntityParseError(
                f'Unescaped "&" or unsupported HTML entity at byte offset '
                f"{self._byte_offset(self.pos)} (write &amp;; only &lt; &gt; &amp; &quot; and "
                "numeric entities are supported)"
            )
        self._emit("&")
        self.pos += 1

    def _tag(self) -> None:
        if self.src.startswith("</", self.pos):
            self._end_tag()
        else:
            self._start_tag()

    def _skip_spaces(self) -> None:
        while self.pos < len(self.src) and self.src[self.pos].isspace():
            self.pos += 1

    def _start_tag(self) -> None:
        src, begin = self.src, self.pos
        self.pos += 1
        while self.pos < len(src) and not src[self.pos].isspace() and src[self.pos] != ">":
            self.pos += 1
        if self.pos >= len(src):
            raise EntityParseError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
        name = src[begin + 1 : self.pos].lower()
        if name not in _HTML_ENTITY_TYPES:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self._byte_offset(begin)}'
            )
        attributes = self._attributes(name, begin)
        self._check_tag(name, attributes, begin)
        self.stack.append(_OpenTag(name, begin, self.length, attributes))

    def _attributes(self, tag: str, begin: int) -> dict[str, str]:
        src = self.src
        attributes: dict[str, str] = {}
        while True:
            self._skip_spaces()
            if self.pos >= len(src):
                raise EntityParseError(
                    f'Unclosed start tag "{tag}" at byte offset {self._byte_offset(begin)}'
                )
            if src[self.pos] == ">":
                self.pos += 1
                return attributes
            start = self.pos
            while self.pos < len(src) and not src[self.pos].isspace() and src[self.pos] not in "=>":
                self.pos += 1
            name = src[start : self.pos].lower()
            self._skip_spaces()
            if self.pos < len(src) and src[self.pos] == "=":
                self.pos += 1
                attributes[name] = self._attribute_value(tag, begin)
            elif (tag, name) in _VALUELESS_ATTRIBUTES:
                attributes[name] = ""
            else:
                raise EntityParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {self._byte_offset(begin)}'
                )

    def _attribute_value(self, tag: str, begin: int) -> str:
        src = self.src
        self._skip_spaces()
        if self.pos >= len(src):
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {self._byte_offset(begin)}'
            )
        quote = src[self.pos]
        if quote in "\"'":
            end = src.find(quote, self.pos + 1)
            if end < 0:
                raise EntityParseError(
                    f'Unclosed start tag "{tag}" at byte offset {self._byte_offset(begin)}'
                )
            raw = src[self.pos + 1 : end]
            self.pos = end + 1
        else:
            start = self.pos
            while self.pos < len(src) and (src[self.pos].isalnum() or src[self.pos] in ".-_"):
                self.pos += 1
            raw = src[start : self.pos]
        return _unescape_attribute(raw)

    def _check_tag(self, name: str, attributes: dict[str, str], begin: int) -> None:
        offset = self._byte_offset(begin)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        if name == "tg-emoji" and not attributes.get("emoji-id"):
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}'
            )

    def _end_tag(self) -> None:
        begin = self.pos
        end = self.src.find(">", begin + 2)
        if end < 0:
            raise EntityParseError(f"Unclosed end tag at byte offset {self._byte_offset(begin)}")
        name = self.src[begin + 2 : end].strip().lower()
        self.pos = end + 1
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self._byte_offset(begin)}")
        top = self.stack.pop()
        if name != top.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{name}>"'
            )
        self._close(top)

    def _close(self, tag: _OpenTag) -> None:
        if tag.name == "code" and self.stack and self.stack[-1].name == "pre":
            css = tag.attributes.get("class", "")
            if css.startswith("language-"):
                self.stack[-1].language = css[len("language-") :]
            return
        length = self.length - tag.offset
        if length <= 0 or any(open_tag.name in ("pre", "code") for open_tag in self.stack):
            return  # empty, or inside pre/code, which can't contain other entities
        entity: JSON = {
            "type": _HTML_ENTITY_TYPES[tag.name],
            "offset": tag.offset,
            "length": length,
        }
        if tag.name == "a":
            href = tag.attributes.get("href", "")
            if not href:
                return
            entity["url"] = href
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes["emoji-id"]
        self.entities.append(entity)


def _unescape_attribute(raw: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(raw):
        if raw[index] == "&":
            decoded = decode_html_entity(raw, index, need_semicolon=False)
            if decoded is not None:
                out.append(decoded[0])
                index = decoded[1]
                continue
        out.append(raw[index])
        index += 1
    return "".join(out)


def parse_html(source: str, *, strict: bool = True) -> tuple[str, list[JSON]]:
    """Telegram's HTML parse mode: ``(text, entities)``; raises :class:`EntityParseError`."""
    return _HtmlParser(source, strict=strict).parse()


# --- formatted text: Markdown ------------------------------------------------------------------

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
    "[": "text_link",
}
_MD_ENTITY_TITLES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
}


class _MarkdownV2Parser:
    """MarkdownV2: markers, escapes and reserved characters as the Bot API documents them."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[tuple[str, int, int]] = []  # marker, output offset, source index
        self.entities: list[JSON] = []
        self.quote_start: int | None = None

    def parse(self) -> tuple[str, list[JSON]]:
        while self.pos < len(self.src):
            self._step()
        self._end_quote()
        if self.stack:
            marker, _, index = self.stack[-1]
            title = _MD_ENTITY_TITLES[_MDV2_NAMES[marker]]
            raise EntityParseError(
                f"Can't find end of {title} entity at byte offset {self._byte_offset(index)}"
            )
        return "".join(self.parts), _sort_entities(self.entities)

    def _byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += utf16_len(text)

    def _step(self) -> None:
        src, char = self.src, self.src[self.pos]
        at_line_start = self.pos == 0 or src[self.pos - 1] == "\n"
        if char == "\\" and self.pos + 1 < len(src) and 0 < ord(src[self.pos + 1]) <= 126:
            self._emit(src[self.pos + 1])
            self.pos += 2
        elif char == "`":
            self._code()
        elif char == ">" and at_line_start:
            if self.quote_start is None:
                self.quote_start = self.length
            self.pos += 1
        elif char == "\n":
            if not src.startswith(">", self.pos + 1):
                self._end_quote()
            self._emit("\n")
            self.pos += 1
        elif char == "]" and self.stack and self.stack[-1][0] == "[":
            self._link_end()
        elif char in "*_~|[":
            self._marker()
        elif char in _MDV2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            self._emit(char)
            self.pos += 1

    def _end_quote(self) -> None:
        if self.quote_start is not None and self.length > self.quote_start:
            self.entities.append(
                {
                    "type": "blockquote",
                    "offset": self.quote_start,
                    "length": self.length - self.quote_start,
                }
            )
        self.quote_start = None

    def _marker(self) -> None:
        src, char = self.src, self.src[self.pos]
        top = self.stack[-1][0] if self.stack else None
        if char == "|":
            if not src.startswith("||", self.pos):
                raise EntityParseError(
                    "Character '|' is reserved and must be escaped with the preceding '\\'"
                )
            token = "||"
        elif char == "_" and top != "_" and src.startswith("__", self.pos):
            token = "__"
        else:
            token = char
        if token == top and token != "[":
            marker, offset, _ = self.stack.pop()
            self._add_entity(_MDV2_NAMES[marker], offset, self.length - offset)
        else:
            self.stack.append((token, self.length, self.pos))
        self.pos += len(token)

    def _add_entity(self, kind: str, offset: int, length: int, **extra: Any) -> None:
        if length > 0:
            self.entities.append({"type": kind, "offset": offset, "length": length, **extra})

    def _link_end(self) -> None:
        _, offset, _ = self.stack.pop()
        self.pos += 1
        if not self.src.startswith("(", self.pos):
            return
        url, end = self._scan_until(self.pos + 1, ")")
        if end < 0:
            raise EntityParseError(
                f"Can't find end of a URL at byte offset {self._byte_offset(self.pos)}"
            )
        self.pos = end + 1
        if url:
            self._add_entity("text_link", offset, self.length - offset, url=url)

    def _scan_until(self, index: int, closer: str) -> tuple[str, int]:
        """Text up to the unescaped ``closer`` (escapes removed) and the closer's index or -1."""
        out: list[str] = []
        while index < len(self.src):
            if self.src[index] == "\\" and index + 1 < len(self.src):
                out.append(self.src[index + 1])
                index += 2
            elif self.src.startswith(closer, index):
                return "".join(out), index
            else:
                out.append(self.src[index])
                index += 1
        return "".join(out), -1

    def _code(self) -> None:
        start = self.pos
        is_pre = self.src.startswith("```", self.pos)
        fence = "```" if is_pre else "`"
        body, end = self._scan_until(self.pos + len(fence), fence)
        if end < 0:
            title = "Pre" if is_pre else "Code"
            raise EntityParseError(
                f"Can't find end of {title} entity at byte offset {self._byte_offset(start)}"
            )
        self.pos = end + len(fence)
        language = ""
        if is_pre and "\n" in body:
            first, rest = body.split("\n", 1)
            if first and not any(c.isspace() for c in first):
                language, body = first, rest
        offset = self.length
        self._emit(body)
        extra = {"language": language} if language else {}
        self._add_entity("pre" if is_pre else "code", offset, self.length - offset, **extra)


def parse_markdown_v2(source: str) -> tuple[str, list[JSON]]:
    """Telegram's MarkdownV2 parse mode; raises :class:`EntityParseError`."""
    return _MarkdownV2Parser(source).parse()


def parse_markdown(source: str) -> tuple[str, list[JSON]]:
    """Telegram's legacy Markdown parse mode (``*bold*``, ``_italic_``, code, ``[text](url)``)."""
    parts: list[str] = []
    entities: list[JSON] = []
    extra: dict[str, str] = {}
    length = 0
    pos = 0

    def fail(index: int) -> EntityParseError:
        offset = len(source[:index].encode("utf-8"))
        return EntityParseError(f"Can't find end of the entity starting at byte offset {offset}")

    while pos < len(source):
        char = source[pos]
        if char == "\\" and pos + 1 < len(source) and source[pos + 1] in "_*`[":
            piece, kind, extra, pos = source[pos + 1], "", {}, pos + 2
        elif char in "*_`" or char == "[":
            fence = "```" if source.startswith("```", pos) else char
            closer = "](" if char == "[" else fence
            end = source.find(closer, pos + len(fence))
            if end < 0:
                raise fail(pos)
            piece = source[pos + len(fence) : end]
            kind = {"*": "bold", "_": "italic", "`": "code", "```": "pre", "[": "text_link"}[fence]
            extra = {}
            pos = end + len(closer)
            if char == "[":
                url_end = source.find(")", pos)
                if url_end < 0:
                    raise fail(pos)
                extra = {"url": source[pos:url_end]}
                pos = url_end + 1
        else:
            piece, kind, extra, pos = char, "", {}, pos + 1
        size = utf16_len(piece)
        if kind and size:
            entities.append({"type": kind, "offset": length, "length": size, **extra})
        parts.append(piece)
        length += size
    return "".join(parts), _sort_entities(entities)


def parse_formatted(
    text: str, parse_mode: str | None, entities: Any = None, *, strict_html: bool = True
) -> tuple[str, list[JSON]]:
    """``(visible text, entities)`` for a text sent with ``parse_mode`` or explicit entities."""
    mode = (parse_mode or "").lower()
    if not mode:
        if entities is None:
            return text, []
        if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
            raise bad_request("can't parse entities JSON object")
        return text, _sort_entities([dict(e) for e in entities])
    parsers: dict[str, Callable[[str], tuple[str, list[JSON]]]] = {
        "html": lambda s: parse_html(s, strict=strict_html),
        "markdownv2": parse_markdown_v2,
        "markdown": parse_markdown,
    }
    parser = parsers.get(mode)
    if parser is None:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    try:
        return parser(text)
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None


def _rstrip_formatted(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram drops trailing whitespace; entities are clipped to what remains."""
    stripped = text.rstrip()
    total = utf16_len(stripped)
    kept = []
    for entity in entities:
        end = min(entity["offset"] + entity["length"], total)
        if end > entity["offset"]:
            kept.append({**entity, "length": end - entity["offset"]})
    return stripped, kept


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


# --- messages: helpers for tests ---------------------------------------------------------------


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


def plain_text(message: Mapping[str, Any] | str) -> str:
    """What a person reads: a message's text or caption, or an HTML string with tags removed.

    Message dicts from the emulator already hold Telegram's plain ``text`` (formatting lives in
    ``entities``), so preformatted blocks come out exactly as sent.
    """
    if isinstance(message, str):
        try:
            return parse_html(message, strict=False)[0]
        except EntityParseError:
            return re.sub(r"<[^>]*>", "", message)
    return str(message.get("text") or message.get("caption") or "")


# --- model -------------------------------------------------------------------------------------


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


@dataclass
class StoredFile:
    """A file the emulator holds (uploaded by the bot or sent by a user)."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class UploadedFile:
    """A file part of a multipart request, as it appears in :attr:`BotApiEmulator.calls`."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class Output:
    """Something the bot did that a person sees: ``kind`` is send, edit, delete or answer."""

    seq: int
    chat_id: int
    kind: str
    ref: int | str
    at: float


@dataclass
class _Callback:
    user: EmuUser
    chat_id: int
    message_id: int
    data: str
    answered: bool = False


@dataclass
class FaultPlan:
    """Random faults: each call of a covered method fails with probability ``rate``."""

    rate: float = 0.0
    kinds: tuple[str, ...] = ("429", "500", "drop", "slow")
    methods: frozenset[str] | None = None
    exempt: frozenset[str] = frozenset({"getupdates"})
    retry_after: int = 1
    slow_seconds: float = 0.5
    rng: random.Random = field(default_factory=random.Random)

    def covers(self, method: str) -> bool:
        if method in self.exempt and (self.methods is None or method not in self.methods):
            return False
        return self.methods is None or method in self.methods


@dataclass
class FloodLimits:
    """Telegram-like flood control on sending methods (None switches a limit off)."""

    per_chat_per_minute: int | None = 20
    global_per_second: int | None = 30
    per_chat_per_second: int | None = None


class Restorer:
    """Returned by settings that apply at once; ``with`` it to undo them on exit."""

    def __init__(self, undo: Callable[[], None]) -> None:
        self._undo = undo

    def __enter__(self) -> Restorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self._undo()

    def undo(self) -> None:
        self._undo()


class _Signal:
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


# --- request parsing ---------------------------------------------------------------------------


def _decode_field(name: str, raw: str) -> Any:
    """A form field: strings stay strings, everything else is JSON on the wire (PTB, curl)."""
    if name in STRING_FIELDS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def _read_params(request: web.Request) -> JSON:
    params: JSON = {name: _decode_field(name, value) for name, value in request.query.items()}
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.read()
        if body:
            try:
                data = json.loads(body)
            except ValueError:
                raise bad_request("can't parse JSON encoded request") from None
            if not isinstance(data, dict):
                raise bad_request("JSON object expected")
            params.update(data)
    elif content_type == "application/x-www-form-urlencoded":
        form = await request.post()
        params.update({name: _decode_field(name, str(value)) for name, value in form.items()})
    elif content_type.startswith("multipart/"):
        params.update(await _read_multipart(request))
    return params


async def _read_multipart(request: web.Request) -> JSON:
    params: JSON = {}
    files: dict[str, UploadedFile] = {}
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = bytes(await part.read())
        if part.filename is not None:
            content_type = part.headers.get("Content-Type")
            files[part.name] = UploadedFile(part.name, part.filename, content_type, data)
        else:
            params[part.name] = _decode_field(part.name, data.decode("utf-8"))
    for name, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            attached = files.pop(value[len("attach://") :], None)
            if attached is not None:
                params[name] = attached
    params.update(files)
    return params


# --- parameter access --------------------------------------------------------------------------


def _int_param(params: JSON, name: str, *, required: bool = True) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise bad_request(f"{name} is empty")
        return None
    if isinstance(value, bool):
        raise bad_request(f"invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def _require_int(params: JSON, name: str) -> int:
    value = _int_param(params, name)
    assert value is not None
    return value


def _flag(params: JSON, name: str) -> bool:
    value = params.get(name)
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


def _str_param(params: JSON, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


# --- files -------------------------------------------------------------------------------------

_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)


def image_format(data: bytes) -> str | None:
    """``png``, ``jpg``, ``gif``, ``webp`` or ``bmp`` from the file signature, else None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for signature, name in _IMAGE_SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image, when the header says so."""
    kind = image_format(data)
    if kind == "png" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if kind == "gif" and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if kind == "jpg":
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None


# --- the emulator ------------------------------------------------------------------------------

_Handler = Callable[[JSON], Awaitable[Any]]
_F = TypeVar("_F", bound=Callable[..., Any])
_API_METHODS: dict[str, str] = {}
_METHOD_PATH = re.compile(r"/bot([^/]+)/([A-Za-z0-9_]+)/?")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/(.+)")
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@/])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")
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
_current_request: contextvars.ContextVar[web.Request | None] = contextvars.ContextVar(
    "current_request", default=None
)


def api_method(name: str) -> Callable[[_F], _F]:
    """Register a coroutine method as the implementation of Bot API method ``name``."""

    def register(function: _F) -> _F:
        _API_METHODS[name.lower()] = function.__name__
        return function

    return register


def _json_response(payload: JSON, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
    )


def _drop_connection(request: web.Request) -> web.Response:
    """Close the connection without an answer; the client sees a network error."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


def _client_gone() -> bool:
    request = _current_request.get()
    return request is not None and (request.transport is None or request.transport.is_closing())


def _chat_key(chat: EmuChat | int) -> int:
    return chat.id if isinstance(chat, EmuChat) else int(chat)


class BotApiEmulator:
    """A Bot API server on 127.0.0.1 holding users, chats, messages and files in memory.

    Use ``async with BotApiEmulator() as emu:``; then ``emu.base_url``/``emu.base_file_url``
    and ``emu.token`` configure python-telegram-bot. See the module docstring for what is
    emulated and how strictly.
    """

    def __init__(
        self,
        *,
        bot_username: str = "LakipBinjaiBot",
        bot_name: str = "Bot LAKIP",
        bot_id: int = 7000000001,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        privacy_mode: bool = False,
        strict_html: bool = True,
        settle: float = 0.15,
    ) -> None:
        """``privacy_mode=True`` delivers only commands, replies to the bot and mentions of it
        in groups where the bot is not an admin (BotFather's default); ``settle`` is how long
        :meth:`ask`/:meth:`click` wait for quiet after the first reply."""
        self.bot_username = bot_username
        self.bot = EmuUser(bot_id, bot_name, username=bot_username, is_bot=True)
        self.token = token or f"{bot_id}:EMU{secrets.token_urlsafe(24)}"
        self.host = host
        self.port = port
        self.privacy_mode = privacy_mode
        self.strict_html = strict_html
        self.settle_seconds = settle
        self.users: dict[int, EmuUser] = {bot_id: self.bot}
        self.chats: dict[int, EmuChat] = {}
        self.files: dict[str, StoredFile] = {}
        self.calls: list[tuple[str, JSON]] = []
        self.errors: list[tuple[str, int, str]] = []
        self.internal_errors: list[BaseException] = []
        self.outputs: list[Output] = []
        self.callback_answers: dict[str, JSON] = {}
        self.stats: Counter[str] = Counter()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.webhook: JSON = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self._callbacks: dict[str, _Callback] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._updates: list[JSON] = []
        self._next_update_id = 100_000_001
        self._delivered_upto = 0
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._updates_signal = _Signal()
        self._activity = _Signal()
        self._in_flight = 0
        self._work_probes: list[Callable[[], bool]] = []
        self._chat_action_at: dict[int, float] = {}
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._faults = FaultPlan()
        self._forced: dict[str, deque[tuple[str, int]]] = {}
        self._flood: FloodLimits | None = None
        self._flood_global: deque[float] = deque()
        self._flood_chat: dict[int, deque[float]] = {}
        self._counter = 0
        self._methods: dict[str, _Handler] = {
            name: getattr(self, attribute) for name, attribute in _API_METHODS.items()
        }

    # --- lifecycle ------------------------------------------------------------------------------

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one)."""
        app = web.Application(client_max_size=UPLOAD_LIMIT + 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self._closing = False

    async def close(self) -> None:
        """Stop serving; pending long polls return at once."""
        self._closing = True
        self._updates_signal.fire()
        self._activity.fire()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: ``http://127.0.0.1:PORT/bot``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``: ``http://127.0.0.1:PORT/file/bot``."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def bot_user(self) -> JSON:
        """The bot as a Bot API ``User`` dict."""
        return self.bot.to_api()

    def _next_id(self, prefix: str = "") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}{secrets.token_hex(4)}"

    # --- HTTP -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        _current_request.set(request)
        file_match = _FILE_PATH.fullmatch(request.path)
        if file_match:
            return self._serve_file(*file_match.groups())
        match = _METHOD_PATH.fullmatch(request.path)
        if match is None:
            return _json_response(ApiError(404, "Not Found").payload(), 404)
        token, method = match.groups()
        name = method.lower()
        try:
            params = await _read_params(request)
        except ApiError as exc:
            self.calls.append((name, {}))
            return self._error(name, exc)
        self.calls.append((name, params))
        self.stats["calls"] += 1
        if token != self.token:
            return self._error(name, ApiError(401, "Unauthorized"))
        handler = self._methods.get(name)
        if handler is None:
            return self._error(name, ApiError(404, "Not Found: method not found"))
        tracked = name != "getupdates"
        if tracked:
            self._in_flight += 1
            self._activity.fire()
        try:
            return await self._execute(request, name, handler, params)
        finally:
            if tracked:
                self._in_flight -= 1
            self._activity.fire()

    async def _execute(
        self, request: web.Request, name: str, handler: _Handler, params: JSON
    ) -> web.StreamResponse:
        fault = self._pick_fault(name)
        try:
            if fault is not None:
                kind, retry_after = fault
                if not kind.isdigit():  # error answers are counted by their code
                    self.stats[kind] += 1
                if kind == "drop":
                    return _drop_connection(request)
                if kind == "slow":
                    await asyncio.sleep(self._faults.slow_seconds)
                elif kind == "429":
                    raise too_many_requests(retry_after)
                elif kind in ("500", "502"):
                    phrase = "Internal Server Error" if kind == "500" else "Bad Gateway"
                    raise ApiError(int(kind), phrase)
            self._check_flood(name, params)
            result = await handler(params)
            self._count_flood(name, params)
        except ApiError as exc:
            return self._error(name, exc)
        except Exception as exc:  # a bug in the emulator: answer like Telegram's 500
            log.exception("emulator failed on %s", name)
            self.internal_errors.append(exc)
            return self._error(name, ApiError(500, "Internal Server Error"))
        if fault is not None and fault[0] == "drop_after":
            return _drop_connection(request)
        return _json_response({"ok": True, "result": result})

    def _error(self, method: str, exc: ApiError) -> web.Response:
        self.errors.append((method, exc.code, exc.description))
        self.stats[str(exc.code)] += 1
        return _json_response(exc.payload(), exc.code)

    def _serve_file(self, token: str, path: str) -> web.Response:
        stored = self._files_by_path.get(path)
        if token != self.token or stored is None:
            return _json_response(ApiError(404, "Not Found").payload(), 404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # --- fault injection --------------------------------------------------------------------

    def faults(
        self,
        rate: float = 0.2,
        kinds: Iterable[str] = ("429", "500", "drop", "slow"),
        *,
        methods: Iterable[str] | None = None,
        seed: int | None = 1,
        retry_after: int = 1,
        slow_seconds: float = 0.5,
        exempt: Iterable[str] = ("getupdates",),
    ) -> Restorer:
        """Fail each call of ``methods`` (all but ``exempt`` when None) with probability ``rate``.

        Kinds: ``"429"`` (Too Many Requests with ``parameters.retry_after``), ``"500"``/``"502"``,
        ``"drop"`` (connection closed without an answer; the call is NOT applied, so a retry is
        safe), ``"drop_after"`` (applied, then the answer is lost: a retry duplicates it, as on
        a real network), ``"slow"`` (answers normally after ``slow_seconds``). Applies at once;
        ``with emu.faults(...):`` restores the previous plan on exit. ``rate=0`` turns it off.
        """
        chosen = tuple(kinds)
        unknown = set(chosen) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {FAULT_KINDS}")
        previous = self._faults
        self._faults = FaultPlan(
            rate=rate,
            kinds=chosen,
            methods=frozenset(m.lower() for m in methods) if methods is not None else None,
            exempt=frozenset(m.lower() for m in exempt),
            retry_after=retry_after,
            slow_seconds=slow_seconds,
            rng=random.Random(seed),
        )
        return Restorer(lambda: setattr(self, "_faults", previous))

    def fail_next(
        self, method: str, kind: str = "429", *, times: int = 1, retry_after: int = 1
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``kind`` (see :meth:`faults`)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {FAULT_KINDS}")
        queue = self._forced.setdefault(method.lower(), deque())
        queue.extend([(kind, retry_after)] * times)

    def _pick_fault(self, method: str) -> tuple[str, int] | None:
        forced = self._forced.get(method)
        if forced:
            return forced.popleft()
        plan = self._faults
        if plan.rate <= 0 or not plan.kinds or not plan.covers(method):
            return None
        if plan.rng.random() >= plan.rate:
            return None
        return plan.rng.choice(plan.kinds), plan.retry_after

    def flood_limits(
        self,
        per_chat_per_minute: int | None = 20,
        global_per_second: int | None = 30,
        *,
        per_chat_per_second: int | None = None,
    ) -> Restorer:
        """Answer 429 with ``retry_after`` when the bot sends faster than Telegram allows.

        Counts successful calls of sending/editing methods per chat and overall in sliding
        windows. Applies at once; ``with`` restores the previous limits on exit.
        """
        previous = self._flood
        self._flood = FloodLimits(per_chat_per_minute, global_per_second, per_chat_per_second)
        self._flood_global.clear()
        self._flood_chat.clear()
        return Restorer(lambda: setattr(self, "_flood", previous))

    def _flood_windows(self, params: JSON) -> list[tuple[deque[float], int, float]]:
        limits = self._flood
        if limits is None:
            return []
        windows: list[tuple[deque[float], int, float]] = []
        if limits.global_per_second:
            windows.append((self._flood_global, limits.global_per_second, 1.0))
        try:
            chat_id = int(str(params.get("chat_id")))
        except ValueError:
            return windows
        sent = self._flood_chat.setdefault(chat_id, deque())
        if limits.per_chat_per_minute:
            windows.append((sent, limits.per_chat_per_minute, 60.0))
        if limits.per_chat_per_second:
            windows.append((sent, limits.per_chat_per_second, 1.0))
        return windows

    def _check_flood(self, method: str, params: JSON) -> None:
        if method not in FLOOD_METHODS:
            return
        now = time.monotonic()
        for sent, limit, window in self._flood_windows(params):
            recent = [t for t in sent if now - t < window]
            if len(recent) >= limit:
                wait = recent[-limit] + window - now
                raise too_many_requests(max(1, math.ceil(wait)))

    def _count_flood(self, method: str, params: JSON) -> None:
        if method not in FLOOD_METHODS or self._flood is None:
            return
        now = time.monotonic()
        for sent in {id(s): s for s, _, _ in self._flood_windows(params)}.values():
            sent.append(now)
            while sent and now - sent[0] > 60.0:
                sent.popleft()

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
        return self.chats[_chat_key(chat)]

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
                    "date": _now(),
                    "old_chat_member": self._member_api(self.bot, old),
                    "new_chat_member": self._member_api(self.bot, new),
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

    def _add_user_message(self, user: EmuUser, chat: EmuChat, content: JSON) -> JSON:
        message: JSON = {
            "message_id": chat.take_message_id(),
            "from": user.to_api(),
            "chat": chat.to_api(),
            "date": _now(),
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
        return _sort_entities(entities)

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
        stored = self._store_file(data, "photo", None, None)
        content: JSON = {"photo": self._photo_sizes(stored)}
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
        stored = self._store_file(data, "document", file_name, mime_type)
        content: JSON = {"document": self._document_api(stored)}
        if caption:
            content["caption"] = caption
        return await self.send(user, chat=chat, **content)

    async def send_sticker(
        self, user: EmuUser, *, emoji: str = "👍", chat: EmuChat | int | None = None
    ) -> JSON:
        """``user`` sends a (static) sticker."""
        stored = self._store_file(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "sticker", None, "image/webp")
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
        current["edit_date"] = _now()
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
        query_id = self._next_id("cb")
        self._callbacks[query_id] = _Callback(user, chat.id, int(current["message_id"]), data)
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

    def _queue(self, payload: JSON) -> JSON:
        update = {"update_id": self._next_update_id, **copy.deepcopy(payload)}
        self._next_update_id += 1
        self._updates.append(update)
        self._updates_signal.fire()
        self._activity.fire()
        return copy.deepcopy(update)

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
            out for out in self.outputs[since:] if chat is None or out.chat_id == _chat_key(chat)
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

    def _output(self, chat_id: int, kind: str, ref: int | str) -> None:
        self.outputs.append(Output(len(self.outputs), chat_id, kind, ref, time.monotonic()))
        self._activity.fire()

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
        chat_id = _chat_key(chat)
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

    def _member_api(self, user: EmuUser, status: str) -> JSON:
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
        offset = _int_param(params, "offset", required=False)
        limit = min(max(_int_param(params, "limit", required=False) or 100, 1), 100)
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
                if _client_gone():
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
        url = _str_param(params, "url") or ""
        if url and not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if _flag(params, "drop_pending_updates"):
            self._updates.clear()
        self._set_allowed_updates(params.get("allowed_updates"))
        self.webhook = {"url": url, **{k: v for k, v in params.items() if k != "url"}}
        return True

    @api_method("deleteWebhook")
    async def _delete_webhook(self, params: JSON) -> bool:
        if _flag(params, "drop_pending_updates"):
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
        chat_id = _int_param(params, "chat_id", required=False)
        self.menu_buttons[chat_id] = params.get("menu_button") or {"type": "default"}
        return True

    @api_method("getChatMenuButton")
    async def _get_chat_menu_button(self, params: JSON) -> JSON:
        chat_id = _int_param(params, "chat_id", required=False)
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "commands"}

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
            _str_param(params, "parse_mode"),
            params.get(entities_key),
            strict_html=self.strict_html,
        )
        text, entities = _rstrip_formatted(text, entities)
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
            allow_missing = _flag(params, "allow_sending_without_reply")
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
            "date": _now(),
            **self._reply_to(chat, params),
            **content,
        }
        thread = _int_param(params, "message_thread_id", required=False)
        if thread:
            message["message_thread_id"] = thread
            message["is_topic_message"] = chat.is_forum
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif markup:
            chat.reply_keyboard = None if markup.get("remove_keyboard") else markup
        if _flag(params, "protect_content"):
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
        stored = self._input_file(params, "photo")
        content = {"photo": self._photo_sizes(stored), **caption}
        if _flag(params, "has_spoiler"):
            content["has_media_spoiler"] = True
        return self._bot_message(chat, params, content)

    @api_method("sendDocument")
    async def _send_document(self, params: JSON) -> JSON:
        chat = self._sendable_chat(params)
        caption = self._caption(params)
        stored = self._input_file(params, "document")
        content = {"document": self._document_api(stored), **caption}
        return self._bot_message(chat, params, content)

    @api_method("sendSticker")
    async def _send_sticker(self, params: JSON) -> JSON:
        chat = self._sendable_chat(params)
        stored = self._input_file(params, "sticker")
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
        action = _str_param(params, "action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append(action)
        self._chat_action_at[chat.id] = time.monotonic()
        self._activity.fire()
        return True

    # --- Bot API: files ---------------------------------------------------------------------

    def _store_file(
        self, data: bytes, kind: str, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        prefix = {"photo": "AgAC", "document": "BQAC", "sticker": "CAAC"}.get(kind, "BAAC")
        folder = {"photo": "photos", "document": "documents", "sticker": "stickers"}.get(kind, kind)
        extension = PurePosixPath(file_name).suffix if file_name else ""
        if not extension and image_format(data):
            extension = f".{image_format(data)}"
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        if mime_type is None and image_format(data):
            mime_type = f"image/{'jpeg' if image_format(data) == 'jpg' else image_format(data)}"
        file_id = self._next_id(prefix)
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=self._next_id("AQAD"),
            kind=kind,
            data=data,
            file_path=f"{folder}/file_{self._counter}{extension}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _input_file(self, params: JSON, name: str) -> StoredFile:
        """An uploaded file (stored) or the file an existing ``file_id`` names."""
        value = params.get(name)
        if isinstance(value, UploadedFile):
            return self._upload(value, name)
        if isinstance(value, str) and value:
            stored = self.files.get(value)
            if stored is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            if stored.kind != name and not (name == "document" and stored.kind != "sticker"):
                raise bad_request(f"can't use file of type {stored.kind.title()} as {name.title()}")
            return stored
        raise bad_request(f"there is no {name} in the request")

    def _upload(self, upload: UploadedFile, kind: str) -> StoredFile:
        if not upload.data:
            raise bad_request("file must be non-empty")
        limit = PHOTO_UPLOAD_LIMIT if kind == "photo" else UPLOAD_LIMIT
        if len(upload.data) > limit:
            raise ApiError(413, "Request Entity Too Large")
        if kind == "photo" and image_format(upload.data) is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        mime = upload.content_type
        if mime in (None, "application/octet-stream") and upload.filename:
            mime = mimetypes.guess_type(upload.filename)[0] or mime
        return self._store_file(upload.data, kind, upload.filename, mime)

    def _photo_sizes(self, stored: StoredFile) -> list[JSON]:
        """A thumbnail and the full size; both ids resolve to the same bytes."""
        width, height = image_size(stored.data) or (800, 600)
        scale = min(1.0, 90 / max(width, height, 1))
        thumb = self._store_file(stored.data, "photo", None, stored.mime_type)
        sizes = [
            (thumb, max(1, round(width * scale)), max(1, round(height * scale))),
            (stored, width, height),
        ]
        return [
            {
                "file_id": item.file_id,
                "file_unique_id": item.file_unique_id,
                "width": w,
                "height": h,
                "file_size": len(item.data),
            }
            for item, w, h in sizes
        ]

    @staticmethod
    def _document_api(stored: StoredFile) -> JSON:
        document: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    @api_method("getFile")
    async def _get_file(self, params: JSON) -> JSON:
        file_id = _str_param(params, "file_id")
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
        message_id = _require_int(params, "message_id")
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
        message["edit_date"] = _now()
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
        if not self._delete(chat, _require_int(params, "message_id")):
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
        message_id = _require_int(params, "message_id")
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
        query_id = _str_param(params, "callback_query_id")
        callback = self._callbacks.get(query_id or "")
        if query_id is None or callback is None or callback.answered:
            raise bad_request(QUERY_TOO_OLD)
        text = _str_param(params, "text") or ""
        if utf16_len(text) > CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        callback.answered = True
        self.callback_answers[query_id] = {
            "callback_id": query_id,
            "text": text or None,
            "show_alert": _flag(params, "show_alert"),
            "url": _str_param(params, "url"),
            "cache_time": _int_param(params, "cache_time", required=False) or 0,
            "data": callback.data,
        }
        self._output(callback.chat_id, "answer", query_id)
        return True

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
        user_id = _require_int(params, "user_id")
        status = self._member_status(chat, user_id)
        return self._member_api(self.users[user_id], status)

    @api_method("getChatAdministrators")
    async def _get_chat_administrators(self, params: JSON) -> list[JSON]:
        chat = self._chat(params)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        return [
            self._member_api(self.users[user_id], status)
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
