"""The building blocks of every message and keyboard: escaping, phone-width tables, splitting.

Nothing in ``bot.views`` touches the database: journeys pass in what ``lakip_model`` returned.
Every dynamic text goes through ``esc``; figures go through ``lakip_model.numbers`` (Babel,
id_ID). Tables are tabulate in ``<pre>`` at most ``WIDTH`` columns, so they fit a phone without
wrapping: names are wrapped, figures are never cut (one too wide for its line goes under its
label, see ``figure_table``). Lengths are counted as Telegram counts them, in UTF-16 code units
(``utf16_len``, ``visible_len``, ``clip``).
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tabulate import tabulate
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Button
from lakip_model.numbers import Quantity, format_quantity, format_rupiah

WIDTH = 34  # monospace columns visible on a typical phone in portrait


MAX_MESSAGE = 4096  # Telegram's limit, in UTF-16 code units
MAX_CAPTION = 1024  # of a photo's caption, in UTF-16 code units of the visible text
MAX_ALERT = 200  # of a callback answer, in UTF-16 code units


@dataclass
class Reply:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def wrap(text: str, width: int = WIDTH, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=indent, break_long_words=True
    ) or [indent]


def short(text: str, limit: int) -> str:
    """Shorten a name for a button label (names only: figures are never shortened)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pre(lines: Sequence[str]) -> str:
    return "<pre>" + esc("\n".join(lines)) + "</pre>"


def figure_table(rows: Sequence[tuple[str, str]]) -> list[str]:
    """Label/value rows, values right-aligned, within WIDTH columns.

    A table too wide for a phone (a figure of many digits) is laid out as :func:`fit_rows`
    does: the wide value under its label, broken between its digit groups if need be. A figure
    is never cut, and no layout refuses one (an amount the ledger took is shown).
    """
    table = tabulate(list(rows), tablefmt="plain", colalign=("left", "right"))
    lines = table.splitlines()
    if all(len(line) <= WIDTH for line in lines):
        return lines
    return fit_rows(rows)


def rupiah(amount: int | None) -> str:
    return "–" if amount is None else format_rupiah(amount)


def qty(q: Quantity | None) -> str:
    if q is None or (q.value is None and not q.text):
        return "–"
    if q.value is None:
        return q.text
    return format_quantity(q.value, q.unit)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_TAG = re.compile(r"<(/?)([a-z]+)(?:\s[^>]*)?>")


def visible_len(text: str) -> int:
    """What Telegram counts of an HTML text against its limits: the UTF-16 code units of the
    text as shown (tags removed, entities decoded), not Python's characters ("😀" is 2)."""
    return utf16_len(html.unescape(_TAG.sub("", text)))


def clip(text: str, limit: int) -> str:
    """Plain ``text`` cut to at most ``limit`` UTF-16 code units, never inside a character."""
    if utf16_len(text) <= limit:
        return text
    out: list[str] = []
    size = 0
    for char in text:
        size += utf16_len(char)
        if size > limit - 1:
            break
        out.append(char)
    return "".join(out) + "…"


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split at line boundaries into parts Telegram accepts, closing and reopening open tags.

    Each part, with the tags it reopens and closes, is within ``limit`` UTF-16 units. A line
    too long for a part is cut into pieces, never inside a tag or an entity, and where it can
    be, outside any element the line opens (a link cannot be reopened without its address).
    """
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    body, size, empty = "", 0, True
    open_tags: list[str] = []
    for sep, piece in _pieces(text, limit):
        after = _open_after(open_tags, piece)
        joined = piece if empty else sep + piece
        if not empty and size + utf16_len(joined) + _closing_len(after) > limit:
            parts.append(body + _closing(open_tags))
            body = "".join(f"<{tag}>" for tag in open_tags)
            size, joined = utf16_len(body), piece
        body += joined
        size += utf16_len(joined)
        empty, open_tags = False, after
    parts.append(body)
    return parts


def _open_after(open_tags: list[str], piece: str) -> list[str]:
    """The tags still open after ``piece``, given those open before it."""
    after = list(open_tags)
    for closing_slash, tag in _TAG.findall(piece):
        if closing_slash and tag in after:
            after.reverse()
            after.remove(tag)  # the innermost one of that name
            after.reverse()
        elif not closing_slash:
            after.append(tag)
    return after


def _closing(open_tags: list[str]) -> str:
    return "".join(f"</{tag}>" for tag in reversed(open_tags))


def _closing_len(open_tags: list[str]) -> int:
    return sum(len(tag) + 3 for tag in open_tags)


def _pieces(text: str, limit: int) -> list[tuple[str, str]]:
    """The lines of ``text``, each with the separator before it ("\n"); a line longer than
    a quarter of ``limit`` less than the limit is cut into pieces of at most half of it, joined
    with ""."""
    pieces: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if utf16_len(line) <= limit - limit // 4:
            pieces.append(("\n", line))
            continue
        for index, chunk in enumerate(_cut(line, limit // 2)):
            pieces.append(("\n" if index == 0 else "", chunk))
    return pieces


def _cut(line: str, units: int) -> list[str]:
    """``line`` in chunks of at most ``units`` UTF-16 units, cut outside tags and entities, and
    outside the elements the line opens where such a place is in the chunk's second half."""
    chunks: list[str] = []
    while line:
        end, size = 0, 0
        while end < len(line) and size + utf16_len(line[end]) <= units:
            size += utf16_len(line[end])
            end += 1
        if end < len(line):
            end = _safe_end(line, end)
        chunks.append(line[:end])
        line = line[end:]
    return chunks


def _safe_end(line: str, end: int) -> int:
    """The best place at or before ``end`` to cut ``line``: outside every element it opens,
    else outside any tag and entity; never 0 (a chunk has at least one character)."""
    depth = index = best_flat = best_outside = 0
    while index < end:
        if line[index] in "<&":
            close = line.find(">" if line[index] == "<" else ";", index)
            if close == -1 or (line[index] == "&" and close - index > 10):
                index += 1  # a lone "<" or "&" is a character (we never send one unescaped)
            elif close >= end:
                break  # the tag or entity would be cut: cut before it
            else:
                if line[index] == "<":
                    depth += -1 if line.startswith("</", index) else 1
                index = close + 1
        else:
            index += 1
        best_flat = index
        if depth <= 0:
            best_outside = index
    if best_outside >= end // 2:
        return best_outside
    return best_flat or end


def key(label: str, to: Button) -> InlineKeyboardButton:
    """An inline button that sends ``to`` (its codec data) when pressed."""
    return InlineKeyboardButton(label, callback_data=to.data())


def nav_row(to: Callable[[int], Button], page: int, pages: int) -> list[InlineKeyboardButton]:
    """Previous/next buttons around ``page``: ``to(page)`` is the button of another page."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(texts.BUTTON_PREV, callback_data=to(page - 1).data()))
    if page < pages - 1:
        row.append(InlineKeyboardButton(texts.BUTTON_NEXT, callback_data=to(page + 1).data()))
    return row


def paginate(count: int, page: int, size: int) -> tuple[int, int, int, int]:
    """Clamp ``page`` and return (page, pages, start, end)."""
    pages = max(1, math.ceil(count / size))
    page = min(max(page, 0), pages - 1)
    return page, pages, page * size, min(count, (page + 1) * size)


def fit_rows(rows: Sequence[tuple[str, str]]) -> list[str]:
    """Like figure_table, but a value too wide for one line goes under its label."""
    lines: list[str] = []
    label_w = max((len(label) for label, _ in rows), default=0)
    for label, value in rows:
        if label_w + 2 + len(value) <= WIDTH:
            lines.append(f"{label:<{label_w}}  {value:>{WIDTH - label_w - 2}}".rstrip())
        else:
            lines.extend(wrap(label))
            lines.extend(_wrap_value(value, "  "))
    return lines


_GROUP_BREAK = re.compile(r"(?<=[.,])(?=[0-9])")


def _wrap_value(value: str, indent: str) -> list[str]:
    """A value on lines of its own: words wrapped, and a figure still too long for a line broken
    after a thousands dot (or the decimal comma), so that no digit group is split."""
    lines: list[str] = []
    flowed = textwrap.wrap(
        value, width=WIDTH, initial_indent=indent, subsequent_indent=indent, break_long_words=False
    )
    for line in flowed or [indent]:
        if len(line) <= WIDTH:
            lines.append(line)
            continue
        current = ""
        for piece in _GROUP_BREAK.split(line.strip()):
            if current and len(indent) + len(current) + len(piece) > WIDTH:
                lines.append(indent + current)
                current = ""
            current += piece
        lines.append(indent + current)
    # a piece with no separator to break at (never a figure of ours) is cut where it must be
    return [part for line in lines for part in wrap(line.strip(), indent=indent)]


def buttons(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """A keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def unknown_command(name: str) -> str:
    return texts.UNKNOWN_COMMAND.format(command=esc(short(name, 40)))
