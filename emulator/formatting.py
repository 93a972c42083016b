"""Formatted text as Telegram reads it: UTF-16 lengths, HTML, MarkdownV2 and Markdown parse modes.

Each parse mode turns what the bot sends into the plain ``text`` and the ``entities`` a Telegram
client shows, or fails with the error text Telegram gives, so that what fails here fails there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulator.errors import JSON, bad_request


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" detail (the text after that prefix)."""


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


def sort_entities(entities: list[JSON]) -> list[JSON]:
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
        return "".join(self.parts), sort_entities(self.entities)

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
        return "".join(self.parts), sort_entities(self.entities)

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
    return "".join(parts), sort_entities(entities)


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
        return text, sort_entities([dict(e) for e in entities])
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


def rstrip_formatted(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Telegram drops trailing whitespace; entities are clipped to what remains."""
    stripped = text.rstrip()
    total = utf16_len(stripped)
    kept = []
    for entity in entities:
        end = min(entity["offset"] + entity["length"], total)
        if end > entity["offset"]:
            kept.append({**entity, "length": end - entity["offset"]})
    return stripped, kept


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
