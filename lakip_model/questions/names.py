"""Which program, kegiatan, sub kegiatan, indicator or unit a question names.

The words left once the rules' words, the period and filler words are taken out are looked up
with the one name search's rule (``lakip_model.search.Text.find``: exact, abbreviation, stem,
typo) in the year's names. A name that every word finds is a candidate; words that no name
has ("tolong", a typo too far) are dropped first. Then:

- a level said ("kegiatan", "sub kegiatan", "indikator", "bidang") keeps that level;
- a candidate above all the other budget rows found is the one meant ("perlindungan khusus
  anak" is the program, not its kegiatan that repeat the words);
- budget rows and indicators both found: money words keep the rows, achievement words the
  indicators, otherwise it is ambiguous;
- one left: the answer; several: the caller asks back with a button each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlmodel import Session

from lakip_model.models import BudgetNode, FiscalYear, Indicator, NodeLevel, Unit
from lakip_model.search import ABBREVIATIONS, STEM_MIN_LENGTH, Found, Text, stem
from lakip_model.text import words


class Kind(StrEnum):
    PROGRAM = NodeLevel.PROGRAM.value
    KEGIATAN = NodeLevel.KEGIATAN.value
    SUB_KEGIATAN = NodeLevel.SUB_KEGIATAN.value
    INDICATOR = "indikator"
    UNIT = "unit"


NODE_KINDS = (Kind.PROGRAM, Kind.KEGIATAN, Kind.SUB_KEGIATAN)
# Words that name a level, not a row: they choose among the candidates.
LEVEL_WORDS: dict[str, Kind] = {
    "program": Kind.PROGRAM,
    "kegiatan": Kind.KEGIATAN,
    "subkegiatan": Kind.SUB_KEGIATAN,
    "indikator": Kind.INDICATOR,
    "bidang": Kind.UNIT,
    "unit": Kind.UNIT,
}
# What people call the units besides their names ("bidang ppa"), by the unit code's tail.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "pppa": ("ppa", "p3a", "perlindungan anak", "pppa"),
    "khpkk": ("kh", "khp", "kualitas hidup", "kualitas keluarga"),
    "pkm": ("pemberdayaan masyarakat", "kelompok masyarakat"),
    "sekretariat": ("sekretariat", "kesekretariatan", "tata usaha"),
}


@dataclass(frozen=True)
class Name:
    """A row, indicator or unit that a question may name. ``key`` is stable across years
    (``P3.K1``, the indicator's key, the unit's code); ``id`` is this year's row."""

    kind: Kind
    id: int
    key: str
    name: str
    unit_code: str | None = None

    def above(self, other: Name) -> bool:
        """This budget row contains ``other`` (keys nest: P3 > P3.K1 > P3.K1.S1)."""
        return other.key.startswith(self.key + ".")


@dataclass
class Catalogue:
    """The names of one agency-year, each with its folded text for the search."""

    fiscal_year: FiscalYear
    names: list[tuple[Name, Text]]

    def by_key(self, kind: Kind | None, key: str) -> Name | None:
        return next(
            (n for n, _ in self.names if n.key == key and (kind is None or n.kind == kind)), None
        )


@lru_cache(maxsize=1 << 13)
def _text(name: str, *more: str) -> Text:
    """A name's searchable text, with what the abbreviations in it stand for ("Rasio KDRT" is
    found by "rasio kekerasan dalam rumah tangga" too). Kept per name: the same names are
    looked in for every question, and a Text keeps its words and stems once computed."""
    expansions = [e for w in words(name) for e in ABBREVIATIONS.get(w, ())]
    return Text.of(name, *more, *expansions)


def catalogue(session: Session, fy: FiscalYear) -> Catalogue:
    """Three light queries: the year's rows and indicators, and the agency's units."""
    node, indicator, unit = (
        t.__table__  # type: ignore[union-attr]
        for t in (BudgetNode, Indicator, Unit)
    )
    nodes = session.execute(
        select(node.c.id, node.c.key, node.c.level, node.c.name).where(
            node.c.fiscal_year_id == fy.id, node.c.level != NodeLevel.TOTAL.value
        )
    ).all()
    indicators = session.execute(
        select(indicator.c.id, indicator.c.key, indicator.c.name).where(
            indicator.c.fiscal_year_id == fy.id
        )
    ).all()
    units = session.execute(
        select(unit.c.id, unit.c.code, unit.c.name).where(unit.c.agency_id == fy.agency_id)
    ).all()
    names: list[tuple[Name, Text]] = []
    for node_id, key, level, node_name in nodes:
        text = _text(node_name)
        names.append((Name(Kind(level), node_id, key, node_name), text))
    for ind_id, key, ind_name in indicators:
        text = _text(ind_name)
        names.append((Name(Kind.INDICATOR, ind_id, key, ind_name), text))
    for unit_id, code, unit_name in units:
        tail = code.removeprefix("bidang-")
        aliases = " ".join(UNIT_ALIASES.get(tail, ()))
        text = _text(unit_name, tail, aliases)
        names.append((Name(Kind.UNIT, unit_id, code, unit_name, code), text))
    return Catalogue(fy, names)


@dataclass(frozen=True)
class Resolved:
    """The names a question's words find: one (``found``), several (ask back), or none (then
    ``words`` are what was looked for)."""

    candidates: tuple[Name, ...]
    words: tuple[str, ...]

    @property
    def found(self) -> Name | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


def _grade(text: Text, term: str) -> int | None:
    """0: a whole word of the name, or an abbreviation of it; 1: the beginning of a word or
    its stem; 2: a typo. A part inside a word does not count here, unlike /cari's "gend":
    a question's "ok" is not in "pokok", nor "atk" in "melibatkan"."""
    how = text.find(term)
    if how is None:
        return None
    if how == Found.TYPO:
        return 2
    if term in text.words or any(a in text.haystack for a in ABBREVIATIONS.get(term, ())):
        return 0
    if len(term) >= STEM_MIN_LENGTH and (
        stem(term) in text.stems or any(w.startswith(term) for w in text.words)
    ):
        return 1
    return None


def _full(cat: Catalogue, terms: Sequence[str]) -> list[tuple[Name, int, Text]]:
    out = []
    for name, text in cat.names:
        worst = 0
        for term in terms:
            grade = _grade(text, term)
            if grade is None:
                break
            worst = max(worst, grade)
        else:
            out.append((name, worst, text))
    return out


def resolve(
    cat: Catalogue,
    terms: Sequence[str],
    *,
    extra: Sequence[str] = (),
    levels: Sequence[Kind] = (),
    prefer: Kind | None = None,
) -> Resolved:
    """The names ``terms`` find (module docstring). ``extra``: words of the rules that may be
    part of a name too ("administrasi keuangan"): among the candidates, those that have the
    most of them win. ``levels``: the levels said in the question; ``prefer``: a NODE kind
    for money words, INDICATOR for achievement words."""
    terms = list(dict.fromkeys(terms))
    if not terms:
        return Resolved((), ())
    found = _full(cat, terms)
    if not found:  # drop the words no name has (a filler word, a typo too far), and try again
        kept = [t for t in terms if any(_grade(text, t) is not None for _, text in cat.names)]
        if kept and kept != terms and 3 * len(kept) >= 2 * len(terms):
            terms = kept
            found = _full(cat, terms)
    if not found:
        return Resolved((), tuple(terms))
    best = min(how for _, how, _ in found)
    best_found = [(n, text) for n, how, text in found if how == best]
    if extra:
        scores = [sum(_grade(text, e) is not None for e in extra) for _, text in best_found]
        top_score = max(scores)
        if top_score:
            best_found = [
                f for f, score in zip(best_found, scores, strict=True) if score == top_score
            ]
    names = [n for n, _ in best_found]
    wanted_units = Kind.UNIT in levels
    if not wanted_units:
        names = [n for n in names if n.kind != Kind.UNIT] or names
    said = [k for k in levels if k != Kind.UNIT]
    if said:
        names = [n for n in names if n.kind in said] or names
    elif wanted_units and any(n.kind == Kind.UNIT for n in names):
        names = [n for n in names if n.kind == Kind.UNIT]
    nodes = [n for n in names if n.kind in NODE_KINDS]
    others = [n for n in names if n.kind not in NODE_KINDS]
    if nodes:
        top = [n for n in nodes if all(n == m or n.above(m) for m in nodes)]
        # else rows of different branches: the highest level of each branch only
        nodes = top or [n for n in nodes if not any(m.above(n) for m in nodes)]
        depths = sorted(n.key.count(".") for n in nodes)
        if len(depths) > 1 and depths[0] < depths[1]:  # one program among kegiatan: it
            nodes = [n for n in nodes if n.key.count(".") == depths[0]]
    if nodes and others:
        if prefer == Kind.INDICATOR:
            nodes = []
        elif prefer is not None:
            others = []
    found_names = nodes + others
    if len(found_names) > 1 and len({n.kind for n in found_names}) == 1:
        found_names = _in_order(found_names, dict(best_found), terms)
    return Resolved(tuple(found_names), tuple(terms))


PHRASE_SCORE = 90.0  # rapidfuzz partial_ratio of the words, in their order, within a name
PHRASE_LEAD = 10.0  # ahead of every other candidate by this much


def _in_order(names: list[Name], texts: dict[Name, Text], terms: Sequence[str]) -> list[Name]:
    """Names of one kind that hold all the words: the one holding them as typed, in order
    ("rehabilitasi gedung kantor" is P1.K5.S3's phrase, while P1.K5.S4 has the words apart),
    when it stands clearly ahead; else all of them (the caller asks which)."""
    phrase = " ".join(terms)
    scored = sorted(
        ((fuzz.partial_ratio(phrase, texts[n].haystack), i) for i, n in enumerate(names)),
        reverse=True,
    )
    (best, at), (second, _) = scored[0], scored[1]
    if best >= PHRASE_SCORE and best - second >= PHRASE_LEAD:
        return [names[at]]
    return names
