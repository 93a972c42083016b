"""The city's screens: /peringkat (both rankings), /opd (choosing an agency), the city-wide
/belumlapor and the city digest. Figures are Indonesian (``format_percent``); every name is
escaped; nothing here reads the database."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks import Bound, Button, Page, Quarter, RowId, Year, button
from bot.views.common import Reply, esc, key, nav_row, paginate, short
from lakip_model.city import AgencyLate, AgencyRank, AgencyRef, CityLate, CityRanking
from lakip_model.city_digest import CityDigest
from lakip_model.numbers import format_month, format_percent

TOP = 3  # agencies shown at each end of a ranking on the overview
LIST_PAGE = 10  # agencies per page of a full ranking
AGENCY_PAGE = 12  # agencies per page of /opd's list
LATE_PAGE = 8  # agencies per page of the city-wide /belumlapor
NAMES_SHOWN = 5  # names listed before "dan N lainnya"
BUTTON_NAME = 28  # characters of an agency's name on a button


AnyMonth = Annotated[int, Bound(12, 0)]  # 0: no month named


class RankBy(StrEnum):
    OVERVIEW = "o"
    ABSORPTION = "s"
    ACHIEVEMENT = "c"


@button("city.rank")
class RankShow(Button):
    """/peringkat's screens: the overview, or a page of one ordering; ``quarter`` 0: the year."""

    year: Year
    quarter: Quarter
    by: RankBy
    page: Page


@button("city.open")
class AgencyOpen(Button):
    """Open an agency (as /opd does): its summary, and the reads after it are its own."""

    agency: RowId


@button("city.list")
class AgencyList(Button):
    page: Page


@button("city.home")
class AgencyHome(Button):
    """Back to the reader's own agency."""


@button("city.late")
class CityLatePage(Button):
    """A page of the city-wide /belumlapor: of ``year``-``month``, or (``month`` 0) of the month
    each agency's report is chasing."""

    year: Year
    month: AnyMonth
    page: Page


def _period(r: CityRanking) -> str:
    if r.quarter:
        return texts.RANK_PERIOD_QUARTER.format(
            quarter=texts.QUARTER_NUMERALS[r.quarter], year=r.year
        )
    return texts.RANK_PERIOD_YEAR.format(year=r.year)


def _below_norm(r: CityRanking, a: AgencyRank) -> bool:
    value = a.absorption
    return r.norm is not None and value is not None and value < r.norm


def _absorption_line(r: CityRanking, rank: int, a: AgencyRank) -> str:
    template = texts.RANK_LINE_BELOW_NORM if _below_norm(r, a) else texts.RANK_LINE
    return template.format(rank=rank, name=esc(a.short_name), value=format_percent(a.absorption))


def _achievement_line(rank: int, a: AgencyRank) -> str:
    return texts.RANK_LINE_MEASURED.format(
        rank=rank,
        name=esc(a.short_name),
        value=format_percent(a.achievement),
        measured=a.measured,
        total=a.iku,
    )


def _ends(lines: list[str]) -> list[str]:
    """The first and last ``TOP`` of a ranking (all of it when short)."""
    if len(lines) <= 2 * TOP + 1:
        return lines
    return [*lines[:TOP], texts.RANK_GAP, *lines[-TOP:]]


def _names(agencies: Sequence[AgencyRank]) -> str:
    names = [esc(a.short_name) for a in agencies[:NAMES_SHOWN]]
    if len(agencies) > NAMES_SHOWN:
        names.append(texts.RANK_MORE.format(count=len(agencies) - NAMES_SHOWN))
    return ", ".join(names)


def _header(r: CityRanking) -> list[str]:
    lines = [texts.RANK_TITLE.format(period=_period(r))]
    if r.quarter and r.norm is not None:
        lines.append(
            texts.RANK_NORM.format(
                quarter=texts.QUARTER_NUMERALS[r.quarter], norm=format_percent(r.norm, 0)
            )
        )
        ranked = r.by_absorption
        below = [a for a in ranked if _below_norm(r, a)]
        if ranked:
            lines.append(texts.RANK_NORM_BELOW.format(count=len(below), total=len(ranked)))
    return lines


def _tail(r: CityRanking, *orderings: str) -> list[str]:
    """Who a ranking leaves out, and why: no figure for that ordering, or no such year."""
    lines = []
    for by in orderings:
        unranked = r.unranked(by)
        if unranked:
            template = (
                texts.RANK_UNRANKED_ACHIEVEMENT
                if by == "achievement"
                else texts.RANK_UNRANKED_ABSORPTION
            )
            lines.append(template.format(names=_names(unranked)))
    if r.without_year:
        lines.append(texts.RANK_NO_YEAR.format(year=r.year, names=_names(r.without_year)))
    return lines


def ranking_reply(r: CityRanking, by: RankBy = RankBy.OVERVIEW, page: int = 0) -> Reply:
    """The overview (both rankings' ends, one screen) or a page of one full ordering."""
    if by is RankBy.OVERVIEW:
        return _overview(r)
    return _ordering(r, by, page)


def _overview(r: CityRanking) -> Reply:
    lines = _header(r)
    absorption = [_absorption_line(r, i, a) for i, a in enumerate(r.by_absorption, 1)]
    achievement = [_achievement_line(i, a) for i, a in enumerate(r.by_achievement, 1)]
    lines += ["", texts.RANK_ABSORPTION, *(_ends(absorption) or [texts.RANK_NONE])]
    lines += ["", texts.RANK_ACHIEVEMENT, *(_ends(achievement) or [texts.RANK_NONE])]
    tail = _tail(r, "absorption", "achievement")
    if tail:
        lines += ["", *tail]
    return Reply("\n".join(lines), _switch(r, RankBy.OVERVIEW))


def _ordering(r: CityRanking, by: RankBy, page: int) -> Reply:
    ranked = r.by_absorption if by is RankBy.ABSORPTION else r.by_achievement
    page, pages, start, end = paginate(len(ranked), page, LIST_PAGE)
    title = texts.RANK_LIST_ABSORPTION if by is RankBy.ABSORPTION else texts.RANK_LIST_ACHIEVEMENT
    lines = [*_header(r), f"<b>{title}</b>", ""]
    shown = list(enumerate(ranked, 1))[start:end]
    for rank, a in shown:
        lines.append(
            _absorption_line(r, rank, a) if by is RankBy.ABSORPTION else _achievement_line(rank, a)
        )
    if not ranked:
        lines.append(texts.RANK_NONE)
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    if page == pages - 1:
        tail = _tail(r, "achievement" if by is RankBy.ACHIEVEMENT else "absorption")
        if tail:
            lines += ["", *tail]
    rows = _agency_rows([(f"{rank}. {a.short_name}", a.id) for rank, a in shown])
    quarter = r.quarter or 0
    nav = nav_row(lambda p: RankShow(r.year, quarter, by, p), page, pages)
    if nav:
        rows.append(nav)
    rows += [list(row) for row in _switch(r, by).inline_keyboard]
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def _switch(r: CityRanking, current: RankBy) -> InlineKeyboardMarkup:
    quarter = r.quarter or 0
    labels = {
        RankBy.OVERVIEW: texts.BUTTON_RANK_OVERVIEW,
        RankBy.ABSORPTION: texts.BUTTON_RANK_ABSORPTION,
        RankBy.ACHIEVEMENT: texts.BUTTON_RANK_ACHIEVEMENT,
    }
    return InlineKeyboardMarkup(
        [
            [
                key(label, RankShow(r.year, quarter, by, 0))
                for by, label in labels.items()
                if by is not current
            ]
        ]
    )


def _agency_rows(items: Sequence[tuple[str, int]]) -> list[list[InlineKeyboardButton]]:
    """Agencies as buttons, two to a row."""
    buttons = [key(short(label, BUTTON_NAME), AgencyOpen(agency)) for label, agency in items]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


# --- /opd -----------------------------------------------------------------------------------------


def agencies_reply(refs: Sequence[AgencyRef], page: int = 0) -> Reply:
    page, pages, start, end = paginate(len(refs), page, AGENCY_PAGE)
    lines = [texts.OPD_TITLE.format(count=len(refs))]
    if pages > 1:
        lines.append(texts.PAGE.format(page=page + 1, pages=pages))
    rows = _agency_rows([(ref.short_name, ref.id) for ref in refs[start:end]])
    nav = nav_row(AgencyList, page, pages)
    if nav:
        rows.append(nav)
    rows.append([key(texts.BUTTON_OPD_HOME, AgencyHome())])
    return Reply("\n".join(lines), InlineKeyboardMarkup(rows))


def pick_reply(query: str, candidates: Sequence[AgencyRef]) -> Reply:
    rows = _agency_rows([(ref.short_name, ref.id) for ref in candidates])
    return Reply(texts.OPD_PICK.format(query=esc(short(query, 40))), InlineKeyboardMarkup(rows))


def unknown_reply(query: str) -> Reply:
    return Reply(texts.OPD_UNKNOWN.format(query=esc(short(query, 40))))


def home_reply(agency: str) -> Reply:
    return Reply(texts.OPD_HOME.format(agency=esc(agency)))


def header(ref: AgencyRef) -> str:
    """The line that says whose screen a city reader is looking at."""
    return texts.OPD_HEADER.format(agency=esc(ref.short_name), code=esc(ref.code))


def with_header(reply: Reply, ref: AgencyRef) -> Reply:
    return Reply(header(ref) + "\n" + reply.text, reply.keyboard)


# --- the city-wide /belumlapor --------------------------------------------------------------------


def city_late_reply(found: CityLate, page: int = 0, period: tuple[int, int] | None = None) -> Reply:
    late = found.late
    periods = {(a.year, a.month) for a in found.agencies if a.state.value == "open"}
    if len(periods) == 1:
        [(year, month)] = periods
        lines = [texts.CITY_LATE_TITLE.format(period=esc(format_month(year, month)))]
    else:
        lines = [texts.CITY_LATE_TITLE_MIXED]
    counted = len(late) + len(found.complete)
    if not late:
        lines += ["", texts.CITY_LATE_NONE]
    else:
        lines.append(texts.CITY_LATE_COUNT.format(count=len(late), total=counted))
    page, pages, start, end = paginate(len(late), page, LATE_PAGE)
    for a in late[start:end]:
        lines += ["", *_agency_late(a, mixed=len(periods) > 1)]
    if pages > 1:
        lines += ["", texts.PAGE.format(page=page + 1, pages=pages)]
    if page == pages - 1:
        lines.append("")
        if found.complete and late:
            lines.append(texts.CITY_LATE_DONE.format(count=len(found.complete)))
        if found.not_open:
            lines.append(texts.CITY_LATE_NOT_OPEN.format(count=len(found.not_open)))
        lines.append(texts.CITY_LATE_OTHER)
    year, month = period or (0, 0)
    nav = nav_row(lambda p: CityLatePage(year, month, p), page, pages)
    return Reply("\n".join(lines), InlineKeyboardMarkup([nav]) if nav else None)


def _agency_late(a: AgencyLate, *, mixed: bool) -> list[str]:
    period = f" ({esc(format_month(a.year, a.month))})" if mixed else ""
    lines = [
        texts.CITY_LATE_AGENCY.format(
            agency=esc(a.short_name), missing=a.missing, total=a.total, period=period
        )
    ]
    for unit in a.units:
        lines.append(
            texts.CITY_LATE_UNIT.format(
                unit=esc(short(unit.name or texts.MISSING_NO_UNIT, 40)),
                missing=unit.missing,
                total=unit.total,
            )
        )
    return lines


# --- the city digest ------------------------------------------------------------------------------


def city_digest_text(d: CityDigest) -> str:
    """One screen: both rankings' ends for the quarter, the norm, and who is late."""
    numeral = texts.QUARTER_NUMERALS[d.quarter]
    lines = [texts.CITY_DIGEST_TITLE.format(quarter=numeral, year=d.year)]
    r = d.ranking
    if r is None:
        lines.append(texts.CITY_DIGEST_NO_YEAR.format(year=d.year))
    else:
        lines += _header(r)[1:]
        absorption = [_absorption_line(r, i, a) for i, a in enumerate(r.by_absorption, 1)]
        achievement = [_achievement_line(i, a) for i, a in enumerate(r.by_achievement, 1)]
        lines += ["", texts.RANK_ABSORPTION, *(_ends(absorption) or [texts.RANK_NONE])]
        lines += ["", texts.RANK_ACHIEVEMENT, *(_ends(achievement) or [texts.RANK_NONE])]
        if r.without_year:
            lines += ["", texts.RANK_NO_YEAR.format(year=r.year, names=_names(r.without_year))]
    late = d.late.late
    lines.append("")
    if late:
        lines.append(texts.CITY_DIGEST_LATE.format(count=len(late)))
        lines += [
            texts.CITY_LATE_UNIT.format(unit=esc(a.short_name), missing=a.missing, total=a.total)
            for a in late[:NAMES_SHOWN]
        ]
        if len(late) > NAMES_SHOWN:
            lines.append(texts.RANK_MORE.format(count=len(late) - NAMES_SHOWN))
    else:
        lines.append(texts.CITY_DIGEST_LATE_NONE)
    lines += ["", texts.CITY_DIGEST_MORE.format(year=d.year, quarter=d.quarter)]
    return "\n".join(lines)
