"""Phone-sized rendering: narrow tables, escaped text, long replies split where Telegram allows."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from bot.views import common as ui
from bot.views import status as status_view
from emulator import parse_html
from lakip_model import queries

LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=300
)


@st.composite
def html_messages(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 120))):
        text = ui.esc(draw(LINE))
        wrap = draw(st.sampled_from(["", "b", "i", "code"]))
        lines.append(f"<{wrap}>{text}</{wrap}>" if wrap else text)
    if draw(st.booleans()):  # a long table
        lines.append(ui.pre([draw(LINE)[:34] for _ in range(draw(st.integers(1, 200)))]))
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(html_messages())
def test_split_parts_fit_and_stay_well_formed(text: str) -> None:
    parts = ui.split_message(text)
    for part in parts:
        assert ui.utf16_len(part) <= ui.MAX_MESSAGE
        parse_html(part)  # raises on an unbalanced or broken tag, as Telegram would
    visible = "".join(parse_html(p)[0] for p in parts)
    assert visible.replace("\n", "") == parse_html(text)[0].replace("\n", "")


def test_every_budget_screen_fits_a_phone(seeded_engine: Engine) -> None:
    with Session(seeded_engine) as session:
        tree = queries.budget_tree(session, queries.resolve_year(session, 2022))
    screens = [status_view.budget_list(2022, tree.programs, page, parent=None) for page in range(2)]
    for node in tree.root.walk()[1:]:
        if node.children:
            screens.append(status_view.budget_list(2022, node.children, 0, parent=node))
        else:
            screens.append(status_view.node_detail(2022, node))
    for reply in screens:
        for block in re.findall(r"<pre>(.*?)</pre>", reply.text, flags=re.S):
            for line in block.split("\n"):
                assert len(line) <= ui.WIDTH, line
        if reply.keyboard:
            for row in reply.keyboard.inline_keyboard:
                for button in row:
                    assert len((button.callback_data or "").encode()) <= 64


def test_names_are_escaped() -> None:
    assert ui.esc("<b>Program & Kegiatan</b>") == "&lt;b&gt;Program &amp; Kegiatan&lt;/b&gt;"
