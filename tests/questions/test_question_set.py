"""The question set (tests/questions/question_set.py), end to end: one bot on the emulator,
every question typed by its asker, the intent and entities checked on the domain's
understanding and the figure on what the bot answered. Accuracy (intent, entities and figure
all right) must be at least 97 %; the run prints it and every miss (docs/questions.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from emulator import button_texts, plain_text
from lakip_model import performance, queries
from lakip_model.numbers import format_percent, format_rupiah
from lakip_model.queries import YearNotFound
from lakip_model.questions import Understanding, understand
from tests.questions.question_set import Question, questions
from tests.support.bot import BotEnv

TODAY = date(2026, 5, 15)  # tests.support.bot.fixed_now
TARGET = 0.97
SETTLE = 0.04  # the emulator's quiet time after the last reply (0.15 by default)


@dataclass
class Outcome:
    question: Question
    intent_ok: bool
    figure_ok: bool
    why: str

    @property
    def ok(self) -> bool:
        return self.intent_ok and self.figure_ok


def figure_of(engine: Engine, spec: str) -> tuple[str, str]:
    """(where, what): the figure a spec names, read from the database as the bot reads it."""
    kind, _, ref = spec.partition(":")
    if kind in ("text", "button"):
        return kind, ref
    with Session(engine) as session:
        fy = queries.resolve_year(session, 2022)
        tree = queries.budget_tree(session, fy)
        if kind == "achievement":
            found = next(r for r in performance.indicator_results(session, tree) if r.key == ref)
            assert found.achievement is not None, spec
            return "text", format_percent(found.achievement)
        node = tree.root if ref == "TOTAL" else next(n for n in tree.root.walk() if n.key == ref)
        if kind == "absorption":
            return "text", format_percent(node.absorption)
        amount = node.pagu if kind == "pagu" else node.realized
        assert amount is not None, spec
        return "text", format_rupiah(amount)


def entities_wrong(q: Question, u: Understanding | None, missing_year: int | None) -> str:
    """What of the expected intent and entities the understanding got wrong ("" if nothing)."""
    e = q.entities
    if u is None:  # a year without data, refused as the commands refuse it
        if "year" in e and missing_year == int(e["year"]):
            return ""
        return f"year {missing_year} refused"
    wrong = []
    if u.intent.value != q.intent:
        wrong.append(f"intent {u.intent.value}")
    if "year" in e and u.year != int(e["year"]):
        wrong.append(f"year {u.year}")
    if "quarter" in e:
        want = tuple(int(x) for x in e["quarter"].split(","))
        if u.period.quarters != want:
            wrong.append(f"quarters {u.period.quarters}")
    if "month" in e:
        y, m = e["month"].split("-")
        if u.period.month != (int(y), int(m)):
            wrong.append(f"month {u.period.month}")
    if "years" in e and u.years != tuple(int(y) for y in e["years"].split(",")):
        wrong.append(f"years {u.years}")
    key = u.target.key if u.target else None
    if e.get("key") != key:
        wrong.append(f"key {key}")
    if "choices" in e:
        if len(u.choices) != int(e["choices"]):
            wrong.append(f"{len(u.choices)} choices")
    elif u.asks_back and not (q.figure or "").startswith("text:Yang mana"):
        wrong.append("asked back")
    return ", ".join(wrong)


async def run_set(env: BotEnv) -> list[Outcome]:
    people = {"kadis": env.kadis, "operator": env.operator, "admin": env.admin}
    limiter = env.app.bot_data.limiter  # type: ignore[attr-defined]
    limiter.capacity = 10**9  # one person asking 400 questions in a minute is the point here
    outcomes = []
    for q in questions():
        missing_year = None
        with Session(env.engine) as session:
            try:
                u: Understanding | None = understand(session, q.text, TODAY)
            except YearNotFound as exc:
                u, missing_year = None, exc.year
        why = entities_wrong(q, u, missing_year)
        asker = people[q.asker]
        since = env.emu.mark()
        replies = await env.emu.ask(asker, q.text, settle=SETTLE)
        figure_ok = True
        if q.figure is not None:
            where, what = figure_of(env.engine, q.figure)
            if not _shows(replies, where, what):  # a slow answer on a busy machine: wait longer
                later = await env.emu.wait_quiet(
                    env.emu.private_chat(asker), since=since, settle=0.5, require_output=False
                )
                replies = env.emu.messages_of(later)
            shown = "\n".join(plain_text(r) for r in replies)
            figure_ok = _shows(replies, where, what)
            if not figure_ok:
                why = (why + "; " if why else "") + f"figure {what!r} not in {shown[:120]!r}"
        outcomes.append(Outcome(q, not entities_wrong(q, u, missing_year), figure_ok, why))
    return outcomes


def _shows(replies: list[dict], where: str, what: str) -> bool:  # type: ignore[type-arg]
    if where == "button":
        return any(what in b for r in replies for b in button_texts(r))
    return any(what in plain_text(r) for r in replies)


def report(outcomes: list[Outcome], seconds: float) -> str:
    right = sum(o.ok for o in outcomes)
    lines = [
        f"questions: {len(outcomes)}, right: {right} ({right / len(outcomes):.1%}), "
        f"intent and entities right: {sum(o.intent_ok for o in outcomes)}, "
        f"figure right: {sum(o.figure_ok for o in outcomes)}, {seconds:.1f} s",
    ]
    lines += [
        f"MISS line {o.question.line}: {o.question.text!r}: {o.why}" for o in outcomes if not o.ok
    ]
    return "\n".join(lines)


async def test_question_set_accuracy(env: BotEnv) -> None:
    started = time.perf_counter()
    outcomes = await run_set(env)
    text = report(outcomes, time.perf_counter() - started)
    print("\n" + text)
    assert len(outcomes) >= 300
    assert sum(o.ok for o in outcomes) / len(outcomes) >= TARGET, text
