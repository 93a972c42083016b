"""One search over the names people look for: programs, activities, sub-activities, indicators.

``/cari``, ``/anggaran <kata>``, ``/lapor <kata>`` and ``/riwayat <kata>`` all ask the same
question — which rows does this query name? — so they share one rule. Every word of the query
(folded: case, accents and spacing ignored) must be found in the row's code, name or
indicator, in one of three ways, tried in this order:

1. exactly, as a part of the text ("gend" finds "Gender");
2. as an abbreviation people say, through :data:`ABBREVIATIONS` ("KDRT" finds "kekerasan dalam
   rumah tangga", and the report's own "KDRT" too);
3. by its Indonesian stem (Sastrawi's stemmer): "dilindungi" finds "perlindungan" (both
   "lindung"), "penyerapan" finds "serapan";
4. with a typo: a word of five letters or more finds a word of the text that rapidfuzz rates
   at least :data:`TYPO_SCORE` similar ("kekersan" finds "kekerasan").

Rows that every word finds exactly, by abbreviation or by stem come first, in their order; rows that
need a typo's tolerance follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from typing import Protocol, TypeVar

from rapidfuzz import fuzz, process
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from sqlmodel import Session

from lakip_model.models import NodeLevel
from lakip_model.performance import indicator_results
from lakip_model.queries import BudgetTree
from lakip_model.text import fold, words

# What officers say for the names the report spells out (and the reverse is found exactly:
# the report writes "Rasio KDRT" and "(PUG)" itself). Keys and values are folded.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "kdrt": ("kekerasan dalam rumah tangga", "kekerasan terhadap perempuan"),
    "kla": ("kota layak anak",),
    "pug": ("pengarusutamaan gender",),
    "pkk": ("pemberdayaan kesejahteraan keluarga", "pemberdayaan dan kesejahteraan keluarga"),
    "asn": ("aparatur sipil negara",),
    # ATK are bought under the Permendagri 90 sub kegiatan "Penyediaan Bahan Logistik Kantor"
    "atk": ("alat tulis kantor", "bahan logistik kantor"),
    "opd": ("perangkat daerah",),
    "p2tp2a": ("pusat pelayanan terpadu",),
    "uptd": ("unit pelaksana teknis",),
    "ipg": ("indeks pembangunan gender",),
    "idg": ("indeks pemberdayaan gender",),
    "pha": ("pemenuhan hak anak",),
    "sra": ("sekolah ramah anak",),
}

TYPO_MIN_LENGTH = 5  # shorter words must match exactly: "anak" is not a typo of "arah"
TYPO_SCORE = 85.0  # rapidfuzz ratio, 0-100: "kekersan"/"kekerasan" is 94
STEM_MIN_LENGTH = 4  # a stem shorter than this ("ke", "an") says nothing about the word


@cache
def _stemmer() -> object:
    """Sastrawi's stemmer (its dictionary loads in a few ms), made once per process."""
    return StemmerFactory().create_stemmer()


@cache
def stem(word: str) -> str:
    """The Indonesian stem of one folded word ("perlindungan" -> "lindung"); cached, since
    the same names are stemmed for every question."""
    return str(_stemmer().stem(word))  # type: ignore[attr-defined]


def stems(text_words: Iterable[str]) -> frozenset[str]:
    """The stems of ``text_words`` long enough to mean something."""
    return frozenset(s for s in map(stem, text_words) if len(s) >= STEM_MIN_LENGTH)


class Found(IntEnum):
    """How a row was found; lower sorts first."""

    EXACT = 0
    TYPO = 1


class Named(Protocol):
    """A budget row as the search sees it (``BudgetNode`` and ``NodeFigures`` both are)."""

    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def indicator_text(self) -> str | None: ...


N = TypeVar("N", bound=Named)


@dataclass(frozen=True)
class Query:
    """The folded words of what the user typed; empty when there is nothing to look for."""

    terms: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Query:
        return cls(tuple(words(text)))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def found(self, *texts: str | None) -> Found | None:
        """How every term is found in ``texts`` (the worst of them), or None if one is not."""
        text = Text.of(*texts)
        worst = Found.EXACT
        for term in self.terms:
            how = text.find(term)
            if how is None:
                return None
            worst = max(worst, how)
        return worst

    def matches(self, *texts: str | None) -> bool:
        return self.found(*texts) is not None


class Text:
    """A text to look in, folded once, its words and stems computed when first needed: the
    question journey tries each of a question's words on each name separately."""

    __slots__ = ("_stems", "_words", "haystack")

    def __init__(self, haystack: str) -> None:
        self.haystack = haystack
        self._words: list[str] | None = None
        self._stems: frozenset[str] | None = None

    @classmethod
    def of(cls, *texts: str | None) -> Text:
        return cls(fold(" ".join(t for t in texts if t)))

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = words(self.haystack)
        return self._words

    @property
    def stems(self) -> frozenset[str]:
        if self._stems is None:
            self._stems = stems(self.words)
        return self._stems

    def find(self, term: str) -> Found | None:
        """How one folded term is found here (the module docstring's order), None if not."""
        if term in self.haystack or any(a in self.haystack for a in ABBREVIATIONS.get(term, ())):
            return Found.EXACT
        if len(term) >= STEM_MIN_LENGTH and stem(term) in self.stems:
            return Found.EXACT
        if len(term) < TYPO_MIN_LENGTH:
            return None
        best = process.extractOne(term, self.words, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        return None if best is None else Found.TYPO


T = TypeVar("T")


def _ranked(found: Iterable[tuple[Found | None, T]]) -> list[T]:
    """The found ones, exact first, each group in its given order (``sorted`` is stable)."""
    hits = [(how, item) for how, item in found if how is not None]
    return [item for _, item in sorted(hits, key=lambda pair: pair[0])]


def rows(candidates: Iterable[N], query: Query | str) -> list[N]:
    """The rows among ``candidates`` that ``query`` names: exact matches first, in order."""
    q = Query.of(query) if isinstance(query, str) else query
    return _ranked((q.found(n.key, n.name, n.indicator_text), n) for n in candidates)


@dataclass
class SearchHit:
    kind: str  # NodeLevel value or "indikator"
    id: int
    name: str
    detail: str | None


def search(
    session: Session,
    tree: BudgetTree,
    query: str,
    limit: int = 50,
    levels: Sequence[NodeLevel] = (NodeLevel.PROGRAM, NodeLevel.KEGIATAN, NodeLevel.SUB_KEGIATAN),
) -> list[SearchHit]:
    """Budget rows of ``levels`` and the year's indicators that ``query`` names (``/cari``):
    what every word finds exactly first, then what needs a typo's tolerance."""
    q = Query.of(query)
    if not q:
        return []
    found: list[tuple[Found | None, SearchHit]] = [
        (q.found(n.key, n.name, n.indicator_text), SearchHit(n.level.value, n.id, n.name, None))
        for n in tree.root.walk()
        if n.level in levels
    ]
    for ind in indicator_results(session, tree):
        how = q.found(ind.name, *(t.name for t in ind.targets))
        found.append((how, SearchHit("indikator", ind.id, ind.name, ind.objective)))
    return _ranked(found)[:limit]
