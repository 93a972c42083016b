"""The time a question is about: years, a triwulan or semester, a month.

"tahun lalu" and "tahun ini" count from the bot's today (WIB), as "bulan lalu" does in
``lakip_model.numbers.parse_month``, which reads the months here too. Two years ("2021 vs
2022", "dibanding tahun lalu") or two quarters ("tw1 dan tw2") make a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from babel import dates as babel_dates

from lakip_model.errors import InvalidInput
from lakip_model.numbers import LOCALE, parse_month
from lakip_model.questions.language import ORDINALS

YEAR_RANGE = range(1990, 2100)
LAST_YEAR = ("tahun lalu", "tahun kemarin")
BEFORE_YEAR = ("tahun sebelumnya", "tahun sebelum")  # the year before the one said
THIS_YEAR = ("tahun ini", "tahun sekarang", "tahun berjalan")
# after "bulan": what parse_month reads for it
RELATIVE_MONTH = {
    "lalu": "bulan lalu",
    "kemarin": "kemarin",
    "ini": "bulan ini",
    "sekarang": "sekarang",
}


@dataclass(frozen=True)
class Period:
    """What the question says about time; every field empty when it says nothing."""

    years: tuple[int, ...] = ()
    quarters: tuple[int, ...] = ()
    semester: int | None = None
    month: tuple[int, int] | None = None  # (year, month)
    used: frozenset[int] = field(default=frozenset())  # indices of the words it took

    @property
    def year(self) -> int | None:
        return self.years[0] if len(self.years) == 1 else None

    @property
    def quarter(self) -> int | None:
        return self.quarters[0] if len(self.quarters) == 1 else None

    @property
    def months(self) -> frozenset[int] | None:
        """The months of a semester or a month (a quarter goes through the commands' own path)."""
        if self.month is not None:
            return frozenset({self.month[1]})
        if self.semester is not None:
            return frozenset(range(1, 7) if self.semester == 1 else range(7, 13))
        return None


@cache
def _full_month_names() -> frozenset[str]:
    """Month names typed alone ("maret", "mei"): full names only, so that "des" or "mar"
    count as months only after "bulan"."""
    names: set[str] = set()
    for locale in ("en", LOCALE):
        names.update(
            n.casefold() for n in babel_dates.get_month_names("wide", locale=locale).values()
        )
    return frozenset(names | {"nopember", "pebruari"})


def _ordinal(words: list[str], at: int, last: int) -> int | None:
    if at >= len(words):
        return None
    value = ORDINALS.get(words[at])
    if value == 0:
        return last
    return value if value is not None and value <= last else None


def period(words: list[str], today: date) -> Period:
    """The period in the normalised ``words`` of a question (``language.tokens``)."""
    years: list[int] = []
    quarters: list[int] = []
    semester: int | None = None
    month: tuple[int, int] | None = None
    used: set[int] = set()
    before = False
    i = 0
    while i < len(words):
        w = words[i]
        two = " ".join(words[i : i + 2])
        if w.isdigit() and len(w) == 4 and int(w) in YEAR_RANGE:
            years.append(int(w))
            used.add(i)
        elif two in BEFORE_YEAR:
            before = True
            used.update((i, i + 1))
            i += 1
        elif two in LAST_YEAR or two in THIS_YEAR:
            years.append(today.year - 1 if two in LAST_YEAR else today.year)
            used.update((i, i + 1))
            i += 1
        elif w == "triwulan" and (q := _ordinal(words, i + 1, 4)) is not None:
            quarters.append(q)
            used.update((i, i + 1))
            i += 1
            # "tw 1 dan 2", "triwulan i sampai ii": a second number after a joining word
            if i + 2 < len(words) and words[i + 1] in ("dan", "ke", "sampai", "hingga", "banding"):
                q2 = _ordinal(words, i + 2, 4)
                if q2 is not None and q2 != q:
                    quarters.append(q2)
                    used.update((i + 1, i + 2))
                    i += 2
        elif w == "semester" and (s := _ordinal(words, i + 1, 2)) is not None:
            semester = s
            used.update((i, i + 1))
            i += 1
        elif w == "bulan" and i + 1 < len(words):
            found = _month(words, i + 1, today)
            if found is not None:
                month, width = found
                used.update(range(i, i + 1 + width))
                i += width
        elif w in _full_month_names():
            found = _month(words, i, today)
            if found is not None:
                month, width = found
                used.update(range(i, i + width))
                i += width - 1
        i += 1
    if before:  # "2022 dibanding tahun sebelumnya": 2021; alone, the year before today's
        years.append((min(years) if years else today.year) - 1)
    if month is not None and years and month[0] != years[0]:
        month = (years[0], month[1])  # "maret 2025": the year said
    return Period(tuple(dict.fromkeys(years)), tuple(quarters), semester, month, frozenset(used))


def _month(words: list[str], at: int, today: date) -> tuple[tuple[int, int], int] | None:
    """A month at ``words[at]`` ("maret", "3", "lalu", "ini"), and how many words it took."""
    word = words[at]
    try:
        if word in RELATIVE_MONTH:
            return parse_month(RELATIVE_MONTH[word], today), 1
        return parse_month(word, today), 1
    except InvalidInput:
        return None
