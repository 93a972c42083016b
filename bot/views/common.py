"""The building blocks of every message and keyboard: escaping, phone-width tables, splitting.

Nothing in ``bot.views`` touches the database: journeys pass in what ``lakip_model`` returned.
Every dynamic text goes through ``esc``; figures go through ``lakip_model.numbers`` (Babel,
id_ID). Tables are tabulate in ``<pre>`` at most ``WIDTH`` columns, so they fit a phone without
wrapping: names are wrapped, figures are never cut.
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
    """Label/value rows, values right-aligned, within WIDTH columns."""
    table = tabulate(list(rows), tablefmt="plain", colalign=("left", "right"))
    lines = table.splitlines()
    assert all(len(line) <= WIDTH for line in lines), lines
    return lines


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


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split at line boundaries into parts Telegram accepts, closing and reopening open tags."""
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    open_tags: list[str] = []
    reopen = ""
    size = 0
    for line in text.split("\n"):
        closing = "".join(f"</{t}>" for t in reversed(open_tags))
        line_len = utf16_len(line) + 1
        if current and size + line_len + utf16_len(closing) > limit:
            parts.append("\n".join(current) + closing)
            current, size = [], 0
            reopen = "".join(f"<{t}>" for t in open_tags)
        if not current and reopen:
            line = reopen + line
            reopen = ""
        if utf16_len(line) > limit:  # a single enormous line: cut it, outside any tag
            for start in range(0, len(line), limit // 2):
                parts.append(line[start : start + limit // 2])
            continue
        current.append(line)
        size += utf16_len(line) + 1
        for closing_slash, tag in _TAG.findall(line):
            if closing_slash and tag in open_tags:
                open_tags.remove(tag)
            elif not closing_slash:
                open_tags.append(tag)
    if current:
        parts.append("\n".join(current))
    return parts


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
    label_w = max(len(label) for label, _ in rows)
    for label, value in rows:
        if label_w + 2 + len(value) <= WIDTH:
            lines.append(f"{label:<{label_w}}  {value:>{WIDTH - label_w - 2}}".rstrip())
        else:
            lines.append(label)
            lines.extend(wrap(value, indent="  "))
    return lines


def buttons(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """A keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def unknown_command(name: str) -> str:
    return texts.UNKNOWN_COMMAND.format(command=esc(short(name, 40)))
