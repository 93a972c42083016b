"""One search over the names people look for: programs, activities, sub-activities, indicators.

``/cari``, ``/anggaran <kata>``, ``/lapor <kata>`` and ``/riwayat <kata>`` all ask the same
question — which rows does this query name? — so they share one rule: every word of the query
(folded: case, accents and spacing ignored) occurs in the row's code, name or indicator.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlmodel import Session

from lakip_model.models import NodeLevel
from lakip_model.performance import indicator_results
from lakip_model.queries import BudgetTree
from lakip_model.text import fold, words


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

    def matches(self, *texts: str | None) -> bool:
        haystack = fold(" ".join(t for t in texts if t))
        return all(term in haystack for term in self.terms)


def rows(candidates: Iterable[N], query: Query | str) -> list[N]:
    """The rows among ``candidates`` that ``query`` names, in their order."""
    q = Query.of(query) if isinstance(query, str) else query
    return [n for n in candidates if q.matches(n.key, n.name, n.indicator_text)]


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
    """Budget rows of ``levels`` and the year's indicators that ``query`` names (``/cari``)."""
    q = Query.of(query)
    if not q:
        return []
    candidates = [n for n in tree.root.walk() if n.level in levels]
    hits = [SearchHit(n.level.value, n.id, n.name, n.indicator_text) for n in rows(candidates, q)]
    for ind in indicator_results(session, tree):
        if q.matches(ind.name, *(t.name for t in ind.targets)):
            hits.append(SearchHit("indikator", ind.id, ind.name, ind.objective))
    return hits[:limit]
