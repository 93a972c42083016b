"""Text folding shared by storage and search, so both sides fold the same way."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse whitespace: "Pelayanan  Ának" -> "pelayanan anak"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def words(text: str) -> list[str]:
    """The folded words of a query; punctuation separates words."""
    return [w for w in re.split(r"[^\w%]+", fold(text)) if w]
