"""Reporting deadlines of the SAKIP / budget cycle: rules, their dates, working days, reminders.

Pure domain (no database, no Telegram): the bot stores rules and subscriptions elsewhere and asks
this module *when*. A ``DeadlineRule`` says when a report falls due relative to the period it
reports on (a month, a triwulan, a year); ``occurrences`` turns it into dated ``Occurrence``s for
a date range; a ``WorkCalendar`` moves a due date that falls on a weekend or a holiday to a
working day, because an office cannot receive a report on a Sunday; ``reminder_times`` gives the
instants (08:00 WIB by default) at which to remind. Every rule can be edited by an admin, so the
parsers here answer bad input with a ``DeadlineError`` (an ``InvalidInput``) whose code and data
the bot words (``deadline.*`` in bot/texts/errors.py). Defaults, their sources and which are local
settings: docs/deadlines.md.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from lakip_model.errors import InvalidInput
from lakip_model.numbers import format_date_long, format_month

JAKARTA = ZoneInfo("Asia/Jakarta")  # WIB, UTC+7 all year (no daylight saving)
DEFAULT_LEAD_DAYS: tuple[int, ...] = (7, 3, 1, 0)  # H-7, H-3, H-1 and the day itself
DEFAULT_REMINDER_TIME = time(8, 0)
MAX_LEAD_DAYS = 60
# A shift never looks further than this for a working day; a calendar that needs more is wrong
# (and the bound also pads the search in ``occurrences``, so nothing in range is missed).
MAX_SHIFT_DAYS = 366

_ROMAN = ("I", "II", "III", "IV")


def _shown(text: str) -> str:
    """The user's text as an error quotes it back: one line, not too long."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


class DeadlineError(InvalidInput):
    """Bad deadline data: a rule, a calendar or what an admin typed (codes ``deadline.*``)."""

    default_code = "deadline.invalid"


class Cadence(StrEnum):
    """How often a report is due: one occurrence per month, triwulan or year reported on."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class Shift(StrEnum):
    """Where a due date on a non-working day moves to."""

    PREVIOUS = "previous_working_day"  # the default: hand it in before the weekend
    NEXT = "next_working_day"
    NONE = "none"


_SHIFT_WORDS: dict[str, Shift] = {
    "previous_working_day": Shift.PREVIOUS,
    "sebelumnya": Shift.PREVIOUS,
    "hari_kerja_sebelumnya": Shift.PREVIOUS,
    "mundur": Shift.PREVIOUS,
    "next_working_day": Shift.NEXT,
    "berikutnya": Shift.NEXT,
    "hari_kerja_berikutnya": Shift.NEXT,
    "maju": Shift.NEXT,
    "none": Shift.NONE,
    "tidak": Shift.NONE,
    "tetap": Shift.NONE,
}


def parse_shift(text: str) -> Shift:
    """How to move a due date off a non-working day: "sebelumnya", "berikutnya" or "tetap"."""
    s = "_".join(text.split()).casefold()
    if s not in _SHIFT_WORDS:
        raise DeadlineError("deadline.shift_unknown", value=_shown(text))
    return _SHIFT_WORDS[s]


# --- working days -------------------------------------------------------------------------------

# Fixed-date national holidays (month, day, name, first year). Only these are safe to compute: the
# lunar and religious ones (Imlek, Nyepi, Idul Fitri, Idul Adha, Waisak, ...) and the cuti bersama
# are set each year by the SKB 3 Menteri and must be entered by an admin (``parse_holidays``).
FIXED_NATIONAL_HOLIDAYS: tuple[tuple[int, int, str, int], ...] = (
    (1, 1, "Tahun Baru Masehi", 1),
    (5, 1, "Hari Buruh Internasional", 2014),
    (6, 1, "Hari Lahir Pancasila", 2017),
    (8, 17, "Hari Kemerdekaan Republik Indonesia", 1945),
    (12, 25, "Hari Raya Natal", 1),
)


def fixed_national_holidays(years: Iterable[int]) -> dict[date, str]:
    """The fixed-date national holidays of ``years`` (from the year each became a holiday)."""
    return {
        date(year, month, day): name
        for year in years
        for month, day, name, since in FIXED_NATIONAL_HOLIDAYS
        if year >= since
    }


# Only the fixed-date holidays: the others are not invented here, admins add them every year.
NATIONAL_HOLIDAYS_2022_2027: Mapping[date, str] = MappingProxyType(
    fixed_national_holidays(range(2022, 2028))
)


class WorkCalendar:
    """Working days: every day except the weekend days and the listed holidays.

    ``weekend`` holds ``date.weekday()`` numbers (Monday 0 ... Sunday 6); Saturday and Sunday by
    default, as in Indonesian government offices. Immutable: ``with_holidays`` returns a new one.
    """

    __slots__ = ("_holidays", "_weekend")

    def __init__(
        self,
        holidays: Mapping[date, str] | Iterable[date] = (),
        weekend: Iterable[int] = (5, 6),
    ) -> None:
        names = (
            dict(holidays)
            if isinstance(holidays, Mapping)
            else dict.fromkeys(holidays, "Hari libur")
        )
        for d in names:
            if not isinstance(d, date) or isinstance(d, datetime):
                raise TypeError(f"a holiday must be a date, not {d!r}")
        days = frozenset(weekend)
        if not days <= set(range(7)):
            raise DeadlineError("deadline.weekend_invalid")
        if len(days) == 7:
            raise DeadlineError("deadline.weekend_all")
        self._holidays: Mapping[date, str] = MappingProxyType(names)
        self._weekend = days

    @property
    def holidays(self) -> Mapping[date, str]:
        """Holiday date -> name (read-only)."""
        return self._holidays

    @property
    def weekend(self) -> frozenset[int]:
        return self._weekend

    def __repr__(self) -> str:
        return f"WorkCalendar({len(self._holidays)} holidays, weekend={sorted(self._weekend)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return self._weekend == other._weekend and dict(self._holidays) == dict(other._holidays)

    def with_holidays(self, more: Mapping[date, str] | Iterable[date]) -> WorkCalendar:
        """A calendar with ``more`` holidays added (a name given again replaces the old one)."""
        extra = WorkCalendar(more, self._weekend).holidays
        return WorkCalendar({**self._holidays, **extra}, self._weekend)

    def holiday_name(self, d: date) -> str | None:
        return self._holidays.get(d)

    def is_working_day(self, d: date) -> bool:
        return d.weekday() not in self._weekend and d not in self._holidays

    def _step(self, d: date, step: int) -> date:
        for _ in range(MAX_SHIFT_DAYS + 1):
            if self.is_working_day(d):
                return d
            d += timedelta(days=step)
        raise DeadlineError("deadline.no_working_day", days=MAX_SHIFT_DAYS)

    def previous_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the nearest working day before it."""
        return self._step(d, -1)

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the nearest working day after it."""
        return self._step(d, 1)

    def shift(self, d: date, mode: Shift | str) -> date:
        """``d`` moved to a working day as ``mode`` says (unchanged for ``Shift.NONE``)."""
        mode = parse_shift(str(mode))
        if mode is Shift.PREVIOUS:
            return self.previous_working_day(d)
        if mode is Shift.NEXT:
            return self.next_working_day(d)
        return d


def default_calendar(extra: Mapping[date, str] | Iterable[date] = ()) -> WorkCalendar:
    """Saturday/Sunday, the fixed national holidays of 2022-2027 and the admin's ``extra``."""
    return WorkCalendar(NATIONAL_HOLIDAYS_2022_2027).with_holidays(extra)


# --- rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRule:
    """When a report falls due, relative to the period it reports on.

    - ``day``: day of the due month, 1-31, clamped to the month's length (31 -> 30 April); ``None``
      (or 0, normalised to ``None``) is the last day of the month.
    - ``month``: yearly rules only, the month of the due date.
    - ``months_after``: monthly/quarterly rules, how many months after the period's last month
      the due month is (1: January's report is due in February, Triwulan I's in April).
    - ``year_offset``: yearly rules, how many years after the period year the due date falls
      (1: the LKjIP of 2022 is due in February 2023; 0: the Perjanjian Kinerja of 2023 is due in
      January 2023).
    - ``local_setting``: the due *date* is a local choice, not a date fixed by a regulation.
    - ``needs_realization``: the reminder lists the sub-activities still without an entry.
    - ``needs_indicators``: quarterly rules, the reminder lists the unit's indicators still
      without a realization for the quarter and those without a rencana aksi.

    Validated on creation, so ``dataclasses.replace`` with an admin's edit checks it too.
    """

    code: str
    name: str
    cadence: Cadence
    day: int | None = None
    month: int | None = None
    months_after: int = 1
    year_offset: int = 1
    shift: Shift = Shift.PREVIOUS
    basis: str = ""
    local_setting: bool = False
    needs_realization: bool = False
    needs_indicators: bool = False
    active: bool = True

    def __post_init__(self) -> None:
        # Stored rules come back as plain strings and 0 for "last day"; normalise them here.
        try:
            object.__setattr__(self, "cadence", Cadence(self.cadence))
        except ValueError:
            raise DeadlineError("deadline.cadence_unknown", value=str(self.cadence)) from None
        object.__setattr__(self, "shift", parse_shift(str(self.shift)))
        if self.day == 0:
            object.__setattr__(self, "day", None)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.code):
            raise DeadlineError("deadline.code_invalid", code=self.code)
        if not self.name.strip():
            raise DeadlineError("deadline.name_empty")
        if self.day is not None and not 1 <= self.day <= 31:
            raise DeadlineError("deadline.day_out_of_range", day=self.day)
        if self.cadence is Cadence.YEARLY:
            if self.month is None or not 1 <= self.month <= 12:
                raise DeadlineError("deadline.yearly_needs_month")
            if not 0 <= self.year_offset <= 5:
                raise DeadlineError("deadline.year_offset")
        else:
            if self.month is not None:
                raise DeadlineError("deadline.month_not_yearly")
            if not 0 <= self.months_after <= 24:
                raise DeadlineError("deadline.months_after")
        if self.needs_indicators and self.cadence is not Cadence.QUARTERLY:
            raise DeadlineError("deadline.indicators_quarterly")


DEFAULT_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        code="realisasi-bulanan",
        name="Laporan realisasi fisik dan keuangan bulanan",
        cadence=Cadence.MONTHLY,
        day=10,
        months_after=1,
        basis=(
            "Jadwal lokal Pemerintah Kota Binjai: realisasi fisik dan keuangan bulan "
            "sebelumnya dilaporkan paling lambat tanggal 10. Bukan tenggat dari peraturan "
            "pusat; ubah bila surat edaran Pemko menetapkan lain."
        ),
        local_setting=True,
        needs_realization=True,
    ),
    DeadlineRule(
        code="evaluasi-renja-triwulan",
        name="Evaluasi hasil Renja per triwulan",
        cadence=Cadence.QUARTERLY,
        day=10,
        months_after=1,
        basis=(
            "Permendagri 86/2017: kepala Perangkat Daerah mengevaluasi hasil pelaksanaan "
            "Renja Perangkat Daerah setiap triwulan. Tanggal 10 bulan setelah triwulan "
            "berakhir adalah setelan lokal (spesifikasi issue), bukan tanggal yang dikutip "
            "dari peraturan."
        ),
        local_setting=True,
    ),
    DeadlineRule(
        code="perjanjian-kinerja",
        name="Perjanjian Kinerja tahun berjalan",
        cadence=Cadence.YEARLY,
        day=31,
        month=1,
        year_offset=0,
        basis=(
            "Perpres 29/2014 tentang SAKIP dan PermenPAN-RB 53/2014 (Petunjuk Teknis "
            "Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja "
            "Instansi Pemerintah): Perjanjian Kinerja disusun paling lambat satu bulan setelah "
            "dokumen anggaran (DPA) disahkan. 31 Januari mengandaikan DPA disahkan pada awal "
            "tahun anggaran."
        ),
    ),
    DeadlineRule(
        code="lkjip-walikota",
        name="LKjIP Dinas tahun lalu kepada Wali Kota",
        cadence=Cadence.YEARLY,
        day=None,
        month=2,
        year_offset=1,
        basis=(
            "Jadwal lokal Pemerintah Kota Binjai: Laporan Kinerja Perangkat Daerah tahun lalu "
            "diserahkan kepada Wali Kota paling lambat akhir Februari, agar LKjIP Kota dapat "
            "disusun sebelum 31 Maret. Kewajiban menyusun Laporan Kinerja: Perpres 29/2014."
        ),
        local_setting=True,
    ),
    DeadlineRule(
        code="lkjip-kota",
        name="LKjIP Kota Binjai kepada Menteri PAN-RB",
        cadence=Cadence.YEARLY,
        day=31,
        month=3,
        year_offset=1,
        basis=(
            "Perpres 29/2014 tentang SAKIP: laporan kinerja tahunan pemerintah daerah "
            "disampaikan kepada Menteri PAN-RB paling lambat 3 (tiga) bulan setelah tahun "
            "anggaran berakhir."
        ),
    ),
    DeadlineRule(
        code="realisasi-kinerja-triwulan",
        name="Laporan realisasi indikator kinerja triwulan",
        cadence=Cadence.QUARTERLY,
        day=7,
        months_after=1,
        basis=(
            "Setelan lokal: realisasi indikator kinerja (IKU dan indikator Renja) suatu "
            "triwulan dilaporkan paling lambat 7 hari setelah triwulan berakhir, agar angkanya "
            "siap untuk evaluasi Renja triwulan (Permendagri 86/2017) tanggal 10. Tidak ada "
            "peraturan yang menetapkan tanggal ini; ubah bila Pemko menetapkan lain."
        ),
        local_setting=True,
        needs_indicators=True,
    ),
)


# --- occurrences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """One dated deadline: a rule applied to one period.

    ``period_key`` ("2023-01", "2023-Q1", "2022") is stable, for uniqueness in the database
    together with ``rule_code``; ``period_label`` is what users read. ``nominal_due`` is the date
    the rule gives, ``due`` the date after moving it to a working day.
    """

    rule_code: str
    period_label: str
    period_key: str
    period_year: int
    period_month: int | None
    period_quarter: int | None
    nominal_due: date
    due: date

    @property
    def shifted(self) -> bool:
        return self.due != self.nominal_due

    @property
    def due_long(self) -> str:
        """The due date as users read it: "Senin, 10 Juli 2023"."""
        return format_date_long(self.due)

    def days_left(self, today: date) -> int:
        """Calendar days from ``today`` to the due date; 0 on the day, negative when late."""
        return (self.due - today).days


def _day_in(year: int, month: int, day: int | None) -> date:
    """``day`` of the month, clamped to its length; ``None`` is the last day."""
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, last if day is None else min(day, last))


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _occurrence(
    rule: DeadlineRule,
    *,
    year: int,
    month: int | None,
    quarter: int | None,
    calendar: WorkCalendar,
) -> Occurrence:
    """The occurrence of ``rule`` for one period (month, quarter or year)."""
    if rule.cadence is Cadence.MONTHLY:
        assert month is not None
        label, key = format_month(year, month), f"{year:04d}-{month:02d}"
        due_index = year * 12 + month - 1 + rule.months_after
    elif rule.cadence is Cadence.QUARTERLY:
        assert quarter is not None
        label, key = f"Triwulan {_ROMAN[quarter - 1]} {year}", f"{year:04d}-Q{quarter}"
        due_index = year * 12 + 3 * quarter - 1 + rule.months_after
    else:
        assert rule.month is not None
        label, key = f"Tahun {year}", f"{year:04d}"
        due_index = (year + rule.year_offset) * 12 + rule.month - 1
    nominal = _day_in(due_index // 12, due_index % 12 + 1, rule.day)
    return Occurrence(
        rule_code=rule.code,
        period_label=label,
        period_key=key,
        period_year=year,
        period_month=month,
        period_quarter=quarter,
        nominal_due=nominal,
        due=calendar.shift(nominal, rule.shift),
    )


def _periods_due_between(rule: DeadlineRule, lo: date, hi: date) -> Iterator[dict[str, int]]:
    """The periods whose nominal due month lies between the months of ``lo`` and ``hi``."""
    for due_index in range(_month_index(lo), _month_index(hi) + 1):
        due_year, due_month = divmod(due_index, 12)
        if rule.cadence is Cadence.YEARLY:
            if due_month + 1 == rule.month:
                yield {"year": due_year - rule.year_offset}
            continue
        year, month0 = divmod(due_index - rule.months_after, 12)
        if rule.cadence is Cadence.MONTHLY:
            yield {"year": year, "month": month0 + 1}
        elif month0 % 3 == 2:
            yield {"year": year, "quarter": month0 // 3 + 1}


def occurrences(
    rule: DeadlineRule, start: date, end: date, calendar: WorkCalendar
) -> list[Occurrence]:
    """Every occurrence of ``rule`` whose due date (after the shift) lies in [start, end].

    Sorted by due date. A shift may carry a due date across a month or a year (1 January 2024
    moved back to Friday 29 December 2023), so periods are searched beyond the range and kept by
    their shifted date. ``rule.active`` is not consulted, so an admin can preview a rule.
    """
    if end < start:
        return []
    pad = timedelta(days=MAX_SHIFT_DAYS)
    lo = start - pad if start - date.min > pad else date.min
    hi = end + pad if date.max - end > pad else date.max
    found = []
    for period in _periods_due_between(rule, lo, hi):
        if period["year"] < 1:
            continue
        occ = _occurrence(
            rule,
            year=period["year"],
            month=period.get("month"),
            quarter=period.get("quarter"),
            calendar=calendar,
        )
        if start <= occ.due <= end:
            found.append(occ)
    return sorted(found, key=lambda o: (o.due, o.period_key))


def occurrence_for(rule: DeadlineRule, period_key: str, calendar: WorkCalendar) -> Occurrence:
    """The occurrence of ``rule`` for a stored ``period_key`` ("2023-01", "2023-Q1", "2022")."""
    patterns = {
        Cadence.MONTHLY: r"(\d{4})-(0[1-9]|1[0-2])",
        Cadence.QUARTERLY: r"(\d{4})-Q([1-4])",
        Cadence.YEARLY: r"(\d{4})",
    }
    match = re.fullmatch(patterns[rule.cadence], period_key.strip())
    if not match or int(match.group(1)) < 1:
        raise DeadlineError("deadline.period_mismatch", period=period_key, code=rule.code)
    year = int(match.group(1))
    part = int(match.group(2)) if rule.cadence is not Cadence.YEARLY else None
    return _occurrence(
        rule,
        year=year,
        month=part if rule.cadence is Cadence.MONTHLY else None,
        quarter=part if rule.cadence is Cadence.QUARTERLY else None,
        calendar=calendar,
    )


def next_occurrences(
    rules: Iterable[DeadlineRule],
    today: date,
    calendar: WorkCalendar,
    limit: int = 10,
    *,
    per_rule: int | None = None,
) -> list[Occurrence]:
    """The coming deadlines of the active rules, due today or later, soonest first (/tenggat).

    ``per_rule`` caps how many of one rule are listed, so the monthly report does not crowd the
    yearly ones out of a short list. Looks 400 days ahead: every rule is due at least yearly.
    """
    horizon = today + timedelta(days=400)
    found: list[Occurrence] = []
    for rule in rules:
        if not rule.active:
            continue
        upcoming = occurrences(rule, today, horizon, calendar)
        found.extend(upcoming if per_rule is None else upcoming[:per_rule])
    found.sort(key=lambda o: (o.due, o.rule_code, o.period_key))
    return found[: max(limit, 0)]


# --- reminders ----------------------------------------------------------------------------------


def reminder_times(
    occurrence: Occurrence,
    lead_days: Sequence[int] = DEFAULT_LEAD_DAYS,
    at: time = DEFAULT_REMINDER_TIME,
    tz: tzinfo = JAKARTA,
) -> list[tuple[int, datetime]]:
    """(lead, instant) pairs at which to remind, earliest first.

    A lead counts calendar days back from the *shifted* due date, so H-1 of a deadline moved to
    Friday is Thursday; lead 0 is the morning of the due day itself. Instants are aware datetimes
    in ``tz`` (Asia/Jakarta: 08:00 WIB = 01:00 UTC). Repeated leads are reminded once.
    """
    for lead in lead_days:
        _check_lead(lead, str(lead))
    wall = at.replace(tzinfo=None)
    return [
        (lead, datetime.combine(occurrence.due - timedelta(days=lead), wall, tzinfo=tz))
        for lead in sorted(set(lead_days), reverse=True)
    ]


# --- parsing what admins type -------------------------------------------------------------------


def _check_lead(lead: int, token: str) -> None:
    if lead < 0:
        raise DeadlineError("deadline.lead_negative", value=_shown(token))
    if lead > MAX_LEAD_DAYS:
        raise DeadlineError("deadline.lead_too_far", days=MAX_LEAD_DAYS, value=_shown(token))


def parse_lead_days(text: str) -> tuple[int, ...]:
    """Reminder lead days from "7,3,1,0" or "H-7, H-3, H-1, H": distinct, largest first.

    Separators: commas, semicolons or spaces; "H" alone (or "H-0") is the day itself. Negative
    numbers and more than 60 days are refused; a repeated number counts once.
    """
    tokens = [t for t in re.split(r"[,;\s]+", text.strip()) if t]
    if not tokens:
        raise DeadlineError("deadline.leads_empty")
    leads: set[int] = set()
    for token in tokens:
        match = re.fullmatch(r"(?:[hH](?:-(\d+))?|(-?\d+))", token)
        if not match:
            raise DeadlineError("deadline.lead_not_days", value=_shown(token))
        lead = int(match.group(1) or match.group(2) or 0)
        _check_lead(lead, token)
        leads.add(lead)
    return tuple(sorted(leads, reverse=True))


def parse_time(text: str) -> time:
    """A reminder time: "08:00", "8.00", "08.30 WIB", "8"; 24-hour clock, WIB implied."""
    s = re.sub(r"\s*wib$", "", " ".join(text.split()), flags=re.IGNORECASE)
    if not s:
        raise DeadlineError("deadline.time_empty")
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", s)
    if not match:
        raise DeadlineError("deadline.time_format", value=_shown(text))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise DeadlineError("deadline.time_impossible", value=_shown(text))
    return time(hour, minute)


_LAST_DAY_WORDS = {"akhir", "terakhir", "akhir bulan", "hari terakhir", "0"}


def parse_day(text: str) -> int | None:
    """A due day: "10" -> 10; "akhir" / "terakhir" / "akhir bulan" / "0" -> None (last day)."""
    s = " ".join(text.split()).casefold()
    if s in _LAST_DAY_WORDS:
        return None
    if not re.fullmatch(r"\d{1,2}", s) or not 1 <= int(s) <= 31:
        raise DeadlineError("deadline.day_text", value=_shown(text))
    return int(s)


def _parse_date(token: str) -> date | None:
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", token)
    local = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", token)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if local:
            return date(int(local.group(3)), int(local.group(2)), int(local.group(1)))
    except ValueError:
        return None
    return None


def parse_holidays(text: str) -> dict[date, str]:
    """Holidays from lines an admin types: "2024-03-29 Wafat Isa Almasih" or "29/03/2024 ...".

    One date per line, then an optional name; blank lines and lines starting with "#" are skipped.
    A date given twice keeps the last name.
    """
    found: dict[date, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        token, _, name = line.partition(" ")
        d = _parse_date(token)
        if d is None:
            raise DeadlineError("deadline.holiday_line", line=number, value=_shown(token))
        found[d] = " ".join(name.split()) or "Hari libur"
    return found
