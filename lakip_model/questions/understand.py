"""A question, understood: its intent, its period, the name it is about, or what to ask back.

:func:`understand` reads the text (``language``, ``periods``, ``intents``), resolves the year
the answer shows as the commands do (``queries.resolve_year``: the year said, else the latest
with figures) and the name in that year's rows (``names``). It returns what to answer, never a
figure: the answer is the matching command's (or ``answers``') own, computed from the database.

Asking back: two names equally found, or no year said while several years have figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from rapidfuzz import fuzz, process
from sqlmodel import Session

from lakip_model import queries
from lakip_model.models import FiscalYear
from lakip_model.questions import intents as rules
from lakip_model.questions.intents import Intent, IntentChooser
from lakip_model.questions.language import has, tokens
from lakip_model.questions.names import (
    LEVEL_WORDS,
    NODE_KINDS,
    Catalogue,
    Kind,
    Name,
    catalogue,
    resolve,
)
from lakip_model.questions.periods import Period, period
from lakip_model.search import TYPO_MIN_LENGTH, TYPO_SCORE

# Words that carry no name: question words, pronouns, particles, verbs of asking.
STOPWORDS = frozenset(
    (
        "berapa",
        "bagaimana",
        "apa",
        "apakah",
        "siapa",
        "mana",
        "yang",
        "sudah",
        "belum",
        "tidak",
        "saya",
        "kami",
        "kita",
        "mau",
        "lihat",
        "lihatkan",
        "tampilkan",
        "tunjukkan",
        "tunjukan",
        "kasih",
        "beri",
        "berikan",
        "info",
        "informasi",
        "untuk",
        "dari",
        "dan",
        "di",
        "ke",
        "pada",
        "dalam",
        "tentang",
        "soal",
        "itu",
        "ini",
        "ada",
        "adakah",
        "seberapa",
        "sampai",
        "hingga",
        "sekarang",
        "kini",
        "saat",
        "kadis",
        "minta",
        "cek",
        "coba",
        "tahu",
        "bisa",
        "boleh",
        "tolong",
        "dengan",
        "atau",
        "juga",
        "lagi",
        "masih",
        "harus",
        "sama",
        "oleh",
        "bagi",
        "per",
        "nya",
        "punya",
        "kita",
        "kalian",
        "dia",
        "mereka",
        "tersebut",
        "sebesar",
        "sebanyak",
        "persen",
        "berapakah",
        "buat",
        "bikin",
        "buatkan",
        "kirimkan",
        "kirim",
        "send",
        "dapat",
        "jadi",
        "udah",
        "hari",
        "minggu",
        "sekali",
        "aja",
        "saja",
        "the",
        "of",
        "is",
        "what",
        "how",
        "much",
        "many",
        "its",
        "our",
        "anda",
        "dinas",
        "dp3am",
        "pemkot",
        "kota",
        "binjai",
        "bidangnya",
        "se",
        "seperti",
        "gimana",
        "hasil",
        "hasilnya",
        "nilai",
        "angka",
        "angkanya",
        "jelaskan",
        "terangkan",
        "update",
        "terbaru",
        "terkini",
        "lalu",
        "kemarin",
        "paling",
        "tahun",
        "bulan",
        "triwulan",
        "semester",
        "terima",
        "kabar",
        "tanya",
        "pertanyaan",
        "ok",
        "oke",
        "baik",
    )
)
# Intents that show a year's figures (the others: deadlines, who has not reported, /lapor).
YEARLESS = frozenset({Intent.MISSING, Intent.DEADLINES, Intent.REPORT, Intent.HELP})
# Intents a name turns into its own: a row, an indicator, a unit.
NAMED = {Kind.INDICATOR: Intent.INDICATOR, Kind.UNIT: Intent.UNIT}
MAX_CHOICES = 6


@dataclass(frozen=True)
class Choice:
    """One button of an ask-back: the intent and year to answer, and the name's key."""

    intent: Intent
    year: int
    quarter: int
    key: str
    label: str


@dataclass(frozen=True)
class Understanding:
    intent: Intent
    period: Period = field(default_factory=Period)
    year: int | None = None  # the year the answer shows (None: the intent has none)
    years: tuple[int, ...] = ()  # COMPARE: the years side by side, oldest first
    target: Name | None = None
    choices: tuple[Choice, ...] = ()  # ask back: one of these
    words: tuple[str, ...] = ()  # the name words looked for (none found: said back)
    candidates: tuple[Intent, ...] = ()  # what the rules found plausible, best first
    achievement: bool = False  # LOWEST/HIGHEST: indicators by achievement, not programs

    @property
    def asks_back(self) -> bool:
        return bool(self.choices)


def _content(words: Sequence[str], p: Period) -> tuple[list[str], list[str]]:
    """The words that may name something: those of no rule (a typo of a rule's word counts as
    that word), and the rules' words that may be part of a name too ("keuangan")."""
    vocabulary = _vocabulary()
    strong: list[str] = []
    extra: list[str] = []
    for i, w in enumerate(words):
        if i in p.used or w in STOPWORDS or w in LEVEL_WORDS or w.isdigit() or w == "sub":
            continue
        if w in vocabulary or _rule_typo(w):
            extra.append(w)
        else:
            strong.append(w)
    return strong, extra


def _rule_typo(word: str) -> bool:
    """ "anggran" is "anggaran": a typo of a rule's word is not a word of a name."""
    if len(word) < TYPO_MIN_LENGTH:
        return False
    found = process.extractOne(word, _vocabulary_list(), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
    return found is not None


@cache
def _vocabulary_list() -> list[str]:
    return sorted(w for w in _vocabulary() if len(w) >= TYPO_MIN_LENGTH)


@cache
def _vocabulary() -> frozenset[str]:
    # "sub" of "sub kegiatan" is not a word of a name either
    return frozenset(rules.vocabulary() | {"sub"})


def _levels(words: Sequence[str]) -> list[Kind]:
    levels: list[Kind] = []
    for i, w in enumerate(words):
        kind = LEVEL_WORDS.get(w)
        if w == "kegiatan" and i > 0 and words[i - 1] == "sub":
            kind = Kind.SUB_KEGIATAN
        if w == "sekretariat":
            kind = Kind.UNIT
        if kind is not None and kind not in levels:
            levels.append(kind)
    if Kind.SUB_KEGIATAN in levels and Kind.KEGIATAN in levels:
        levels.remove(Kind.KEGIATAN)
    return levels


def _prefer(words: Sequence[str]) -> Kind | None:
    if has(words, rules.MONEY):
        return Kind.PROGRAM
    if has(words, rules.ACHIEVEMENT_WORDS):
        return Kind.INDICATOR
    return None


def _years_with_figures(session: Session, agency_code: str | None) -> list[int]:
    years = queries.available_years(session, agency_code)
    if len(years) < 2:
        return years
    shown = []
    for y in years:
        fy = queries.resolve_year(session, y, agency_code)
        if queries.year_status(session, fy).has_figures:
            shown.append(y)
    return shown


def understand(
    session: Session,
    text: str,
    today: date,
    agency_code: str | None = None,
    chooser: IntentChooser | None = rules.NO_CHOOSER,
) -> Understanding:
    """What ``text`` asks (module docstring). A year said that has no data raises
    ``queries.YearNotFound``, as the commands do."""
    words = tokens(text)
    p = period(words, today)
    two = len(p.years) > 1 or len(p.quarters) > 1
    found = rules.rule_intents(words, two_periods=two)
    if chooser is not None:
        picked = chooser.choose(text, found)
        if picked in found:
            found = [picked, *[i for i in found if i != picked]]
    first = found[0]
    content, extra = _content(words, p)
    levels = _levels(words)
    if first in YEARLESS:
        return Understanding(first, p, candidates=tuple(found))
    if first == Intent.COMPARE:
        return _compare(session, p, agency_code, found, content, levels)
    fy, asked = _year(session, p, agency_code)
    cat = catalogue(session, fy) if content else None
    base = Understanding(Intent.UNKNOWN, p, fy.year, candidates=tuple(found))
    if first in (Intent.LOWEST, Intent.HIGHEST):
        unit = _unit(cat, content, levels) if cat else None
        return _ask_year(
            session,
            replace(base, intent=first, target=unit, achievement=rules.about_achievement(words)),
            asked,
            agency_code,
        )
    if first != Intent.UNKNOWN or not content:
        intent = first if first != Intent.UNKNOWN else _after_names(found)
        if intent == Intent.SUMMARY and (p.quarter or p.months):
            intent = Intent.BUDGET  # the summary is the year's; a triwulan is /anggaran's
        if intent == Intent.SEARCH:
            return replace(base, intent=intent, words=tuple(content))
        understood = replace(base, intent=intent)
        return _ask_year(session, understood, asked, agency_code)
    assert cat is not None
    resolved = resolve(cat, content, extra=extra, levels=levels, prefer=_prefer(words))
    if resolved.found is not None:
        name = resolved.found
        intent = NAMED.get(name.kind, Intent.NODE)
        return _ask_year(session, replace(base, intent=intent, target=name), asked, agency_code)
    if resolved.candidates:
        choices = tuple(
            Choice(NAMED.get(n.kind, Intent.NODE), fy.year, p.quarter or 0, n.key, n.name)
            for n in resolved.candidates[:MAX_CHOICES]
        )
        if len(resolved.candidates) > MAX_CHOICES:
            return replace(base, intent=Intent.SEARCH, words=resolved.words)
        return replace(base, intent=Intent.NODE, choices=choices, words=resolved.words)
    # words that name nothing the year has: said back (no rule at all: outside what we know)
    if _after_names(found) == Intent.UNKNOWN:
        return base
    return replace(base, words=resolved.words)


def _after_names(found: Sequence[Intent]) -> Intent:
    """The rules' intent after the place where a name would have decided."""
    after = list(found[found.index(Intent.UNKNOWN) + 1 :])
    return after[0] if after else Intent.UNKNOWN


def _year(session: Session, p: Period, agency_code: str | None) -> tuple[FiscalYear, bool]:
    """The year to answer for, and whether it was said (or implied by a month)."""
    year = p.year if p.year is not None else (p.month[0] if p.month else None)
    return queries.resolve_year(session, year, agency_code), year is not None


def _ask_year(
    session: Session, u: Understanding, asked: bool, agency_code: str | None
) -> Understanding:
    """No year said and several years with figures: ask which (the newest first)."""
    if asked:
        return u
    years = _years_with_figures(session, agency_code)
    if len(years) < 2:
        return u
    key = u.target.key if u.target else ""
    return replace(
        u,
        choices=tuple(
            Choice(u.intent, y, u.period.quarter or 0, key, str(y)) for y in reversed(years)
        ),
    )


def _unit(cat: Catalogue | None, content: Sequence[str], levels: Sequence[Kind]) -> Name | None:
    if cat is None or Kind.UNIT not in levels:
        return None
    found = resolve(cat, content, levels=[Kind.UNIT]).found
    return found if found is not None and found.kind == Kind.UNIT else None


def _compare(
    session: Session,
    p: Period,
    agency_code: str | None,
    found: Sequence[Intent],
    content: Sequence[str],
    levels: Sequence[Kind],
) -> Understanding:
    """Two quarters of a year, or two years (one said: it and the year before; none: the
    latest two with figures). A year without data is shown as such by the answer."""
    if len(p.quarters) > 1:
        fy, _ = _year(session, p, agency_code)
        years: tuple[int, ...] = (fy.year,)
    elif len(p.years) > 1:
        years = tuple(sorted(p.years))[:2]
        fy = queries.resolve_year(session, None, agency_code)
    else:
        fy, _ = _year(session, p, agency_code)
        years = (fy.year - 1, fy.year)
    target = None
    if content:
        resolved = resolve(catalogue(session, fy), content, levels=levels, prefer=Kind.PROGRAM)
        target = resolved.found if resolved.found and resolved.found.kind in NODE_KINDS else None
    return Understanding(Intent.COMPARE, p, fy.year, years, target=target, candidates=tuple(found))


def from_choice(
    session: Session, intent: Intent, year: int, quarter: int, key: str, agency_code: str | None
) -> Understanding:
    """The understanding a pressed ask-back button stands for (its name looked up again in
    that year: rows keep their keys across years). A name no longer there: ``target`` None,
    which the journey answers as a stale button."""
    queries.resolve_year(session, year, agency_code)  # a year gone since: its refusal
    p = Period(years=(year,), quarters=(quarter,) if quarter else ())
    target = None
    if key:
        kind = {Intent.INDICATOR: Kind.INDICATOR, Intent.UNIT: Kind.UNIT}.get(intent)
        fy = queries.resolve_year(session, year, agency_code)
        target = catalogue(session, fy).by_key(kind, key)
        if target is not None and kind is None and target.kind not in NODE_KINDS:
            target = None
    if intent == Intent.COMPARE:
        return Understanding(intent, p, year, (year - 1, year), target=target)
    return Understanding(intent, p, year, target=target)
