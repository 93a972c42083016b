"""Indonesian figures: formatting with Babel (id_ID) and parsing what officers type.

Formatting goes through Babel so separators follow CLDR, never a hand-made pattern of dots; values
are rounded half-up here first, because Babel itself rounds half-even and the report rounds
half-up. Parsing accepts the ways people write numbers in Indonesia ("2,5 jt", "Rp 2.500.000,-",
"97 %") and answers anything else with a ``NumberParseError``: a code naming the rule and the
kind of number expected, and the user's text as it is quoted back (``bot/texts/errors.py`` words
it, with an example of that kind). No float is used anywhere.

Number grammar shared by every parser (see docs/arithmetic.md):
- a comma is the decimal mark, and there is at most one;
- dots group thousands: every group after the first has exactly 3 digits ("1.250.000");
- a single dot followed by anything but exactly 3 digits is a decimal point ("90.77", "2.5 jt"),
  and so is a single dot after a lone "0" ("0.005");
- spaces may group thousands ("2 500 000") in amounts and plain numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from lakip_model.errors import InvalidInput

LOCALE = "id_ID"
DASH = "–"  # shown for a missing figure

# Printed/typed unit -> canonical unit. Keys are case-folded with spaces removed, so the PDF's
# broken "lem bag a" finds "lembaga". Extend here; unknown units are kept lower-cased.
UNIT_ALIASES: dict[str, str] = {
    "org": "orang",
    "orang": "orang",
    "th": "tahun",
    "thn": "tahun",
    "tahun": "tahun",
    "lbr": "lembar",
    "lembar": "lembar",
    "pkt": "paket",
    "paket": "paket",
    "dok": "dokumen",
    "dokumen": "dokumen",
    "lembaga": "lembaga",
    "kel": "kelurahan",
    "kelurahan": "kelurahan",
    "unit": "unit",
    "opd": "OPD",
    "buku": "buku",
    "layanan": "layanan",
    "sekolah": "sekolah",
    "%": "%",
    "persen": "%",
}

# Amount suffix (case-folded) -> multiplier. A lone lower-case "m" is refused, see parse_rupiah.
RUPIAH_MULTIPLIERS: dict[str, int] = {
    "rp": 1,
    "rupiah": 1,
    "k": 10**3,
    "rb": 10**3,
    "ribu": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
    "t": 10**12,
    "triliun": 10**12,
    "trilyun": 10**12,
}

# The largest Rupiah one entry may hold: Rp 100 triliun, some 80 times the whole city budget of
# Binjai. The column is a BIGINT (at most 9.223.372.036.854.775.807), and sums are taken in SQL
# (SQLite raises "integer overflow" past 2**63 - 1, PostgreSQL would be asked for a NUMERIC): a
# year sums at most one standing entry per sub-activity and month, so even at this bound an
# agency would need 7.686 sub-activities (92.233 entries) before a year's sum could overflow.
# Every Decimal computed from such sums (absorption, a percentage of a pagu) has at most 19
# digits before the point, well inside Decimal's default precision of 28.
MAX_RUPIAH = 10**14

# Scale words of format_rupiah_words, largest first (powers of ten).
_SCALE_WORDS = ((12, "triliun"), (9, "miliar"), (6, "juta"), (3, "ribu"))

# What kind of number a parser expects: the last part of its refusals' codes, so that the
# sentence can give an example of that kind (bot/texts/errors.py).
RUPIAH = "rupiah"
DECIMAL = "decimal"  # a plain number or a percentage
PLAIN = "plain"  # a plain number, no percentage
QUANTITY = "quantity"  # a number and its unit

_DIGIT = re.compile(r"[0-9]")
_NUMBER_RUN = re.compile(r"[0-9][0-9.,]*")
_SPACE_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]+)?")
_MINUS = ("-", "−")


class NumberParseError(InvalidInput):
    """Text that is not a number we accept.

    ``code`` is ``number.<rule>`` or, where the sentence shows an example, ``number.<rule>.<kind>``
    (kind: :data:`RUPIAH`, :data:`DECIMAL`, :data:`PLAIN`, :data:`QUANTITY`); ``data["text"]`` is
    the user's text as quoted back (one line, at most 40 characters).
    """


@dataclass(frozen=True)
class Quantity:
    """A printed or typed quantity: its value, its normalised unit and the text exactly as given."""

    value: Decimal | None
    unit: str | None
    text: str = ""


# --- formatting ---------------------------------------------------------------------------------


def _round(value: Decimal, places: int) -> Decimal:
    """Half-up to ``places`` decimals, exact for any size; never "-0"."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + places + 5)
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _precise(value: Decimal) -> int:
    """Enough precision for Babel to quantize ``value`` without InvalidOperation."""
    return max(28, value.adjusted() + 10)


def format_rupiah(amount: int) -> str:
    """Whole Rupiah, Indonesian grouping: 5993530294 -> "Rp 5.993.530.294", -1000 -> "-Rp 1.000"."""
    value = Decimal(amount)
    with localcontext() as ctx:
        ctx.prec = _precise(value)
        return babel_numbers.format_currency(
            value, "IDR", format="¤ #,##0", locale=LOCALE, currency_digits=False
        )


def format_rupiah_words(amount: int) -> str:
    """An amount in Indonesian scale words, beside or instead of the exact figure where there is
    no room for it: "Rp 100 triliun", "Rp 2,5 juta", "Rp 9.000.000 triliun"; below a thousand
    the exact figure.

    Babel's long compact format has these words, but past its largest one it prints
    "9000000 triliun" ungrouped, and it rounds half-even; so the rule is here: the largest
    scale word the amount reaches, one decimal at most, half-up, grouped by Babel.
    """
    sign, value = ("-", -amount) if amount < 0 else ("", amount)
    if value < 1000:
        return format_rupiah(amount)
    scale, word = next(
        (scale, word)
        for scale, word in _SCALE_WORDS
        if _round(Decimal(value).scaleb(-scale), 1) >= 1 or scale == _SCALE_WORDS[-1][0]
    )
    return f"{sign}Rp {format_decimal(Decimal(value).scaleb(-scale), 1)} {word}"


def format_percent(value: Decimal | None, places: int = 2) -> str:
    """A percentage already scaled to 100: "88,37%", "93,40%", but "100%" and "97%".

    Always ``places`` decimals, except that a value that is whole after rounding drops them,
    as the report prints both "100%" and "93,40%". None -> "–".
    """
    if value is None:
        return DASH
    rounded = _round(value, places)
    with localcontext() as ctx:
        ctx.prec = _precise(rounded)
        whole = rounded == rounded.to_integral_value()
        pattern = "#,##0%" if whole or places == 0 else "#,##0." + "0" * places + "%"
        return babel_numbers.format_percent(rounded.scaleb(-2), format=pattern, locale=LOCALE)


def format_decimal(value: Decimal, max_places: int = 3) -> str:
    """Up to ``max_places`` decimals, no trailing zeros: "0,008", "90,63", "1.250.000,5"."""
    rounded = _round(value, max_places)
    pattern = "#,##0" + ("." + "#" * max_places if max_places > 0 else "")
    with localcontext() as ctx:
        ctx.prec = _precise(rounded)
        return babel_numbers.format_decimal(rounded, format=pattern, locale=LOCALE)


def format_quantity(value: Decimal | None, unit: str | None) -> str:
    """A value with its unit: "23 orang", "0,008", "100%" (unit "%"); None -> "–"."""
    if value is None:
        return DASH
    if unit == "%":
        return format_percent(value)
    number = format_decimal(value)
    return f"{number} {unit}" if unit else number


def format_date(d: date) -> str:
    """ "10 Juli 2023"."""
    return babel_dates.format_date(d, "d MMMM y", locale=LOCALE)


def format_date_long(d: date) -> str:
    """ "Senin, 10 Juli 2023"."""
    return babel_dates.format_date(d, "EEEE, d MMMM y", locale=LOCALE)


def format_month(year: int, month: int) -> str:
    """ "Juli 2023" (stand-alone month name)."""
    return babel_dates.format_date(date(year, month, 1), "LLLL y", locale=LOCALE)


def format_names(names: list[str]) -> str:
    """ "Andi", "Andi dan Budi", "Andi, Budi, dan Sari" (CLDR's Indonesian list)."""
    return babel_lists.format_list(names, locale=LOCALE)


# --- parsing ------------------------------------------------------------------------------------


def _shown(text: str) -> str:
    """The user's text as quoted back in a message: one line, not too long."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _empty(kind: str) -> NumberParseError:
    return NumberParseError(f"number.empty.{kind}")


def _negative(text: str) -> NumberParseError:
    return NumberParseError("number.negative", text=_shown(text))


def _bad_format(text: str, kind: str, why: str = "") -> NumberParseError:
    """``why``: "grouping" (a dot not followed by 3 digits) or "comma" (two decimal commas)."""
    rule = f"bad_{why}" if why else "bad_format"
    return NumberParseError(f"number.{rule}.{kind}", text=_shown(text))


def _not_understood(text: str, core: str, kind: str) -> NumberParseError:
    """The most helpful refusal for text that does not fit the grammar at all."""
    if not _DIGIT.search(core):
        return NumberParseError(f"number.not_a_number.{kind}", text=_shown(text))
    if len(_NUMBER_RUN.findall(core)) > 1:
        return NumberParseError(f"number.several.{kind}", text=_shown(text))
    return _bad_format(text, kind)


def _ungroup(part: str, text: str, kind: str) -> str:
    """Digits of a dot-grouped integer part; the groups must be 1-3 then exactly 3 digits."""
    groups = part.split(".")
    first, rest = groups[0], groups[1:]
    if not rest:
        return first
    ok = re.fullmatch(r"[1-9][0-9]{0,2}", first) is not None and all(
        re.fullmatch(r"[0-9]{3}", g) for g in rest
    )
    if not ok:
        raise _bad_format(text, kind, "grouping")
    return "".join(groups)


def _to_decimal(num: str, text: str, kind: str) -> Decimal:
    """The value of a number made of digits, dots, commas and grouping spaces (grammar above)."""
    if " " in num:
        if not _SPACE_GROUPED.fullmatch(num):
            raise _not_understood(text, num, kind)
        num = num.replace(" ", "")
    if num.count(",") > 1:
        raise _bad_format(text, kind, "comma")
    if "," in num:
        whole, frac = num.split(",")
        if not whole or not frac or "." in frac:
            raise _bad_format(text, kind)
        whole = _ungroup(whole, text, kind)
    elif num.count(".") == 1:
        whole, frac = num.split(".")
        if not whole or not frac:
            raise _bad_format(text, kind)
        if len(frac) == 3 and whole != "0":
            whole, frac = _ungroup(num, text, kind), ""
    else:
        whole, frac = _ungroup(num, text, kind), ""
    return Decimal(f"{whole}.{frac}" if frac else whole)


def _split_sign(s: str) -> tuple[bool, str]:
    if s.startswith(_MINUS):
        return True, s[1:].lstrip()
    return False, s


def parse_rupiah(text: str) -> int:
    """Whole Rupiah from what an officer types: "Rp 2.500.000", "2,5 jt", "500 rb", "1,2 M".

    Rupiah are whole (the ledger and the report count no sen), so an amount with a fraction of a
    Rupiah ("1.250.000,50", "1,2345675 jt") is refused with ``number.rupiah_fraction`` rather
    than rounded behind the officer's back; a fraction that makes whole Rupiah ("2,5 jt",
    "2.500.000,00") is fine. A lone lower-case "m" is refused: it reads as "miliar" to some and
    "million" to others; "M" (miliar) and "jt" (juta) are unambiguous.
    More than :data:`MAX_RUPIAH` is refused (``number.too_large``), so no amount reaches the
    database that its column or a year's sum cannot hold.
    """
    s = " ".join(text.split())
    if not s:
        raise _empty(RUPIAH)
    negative, s = _split_sign(s)
    s = re.sub(r"^(?:rp|idr)\.?\s*", "", s, flags=re.IGNORECASE)
    minus_after_rp, s = _split_sign(s)
    negative = negative or minus_after_rp
    s = re.sub(r"\s*[,.]-$", "", s)  # "Rp 2.500.000,-"
    match = re.fullmatch(r"([0-9][0-9., ]*?)\s*([^\W\d_]+\.?)?", s)
    if not match:
        raise _not_understood(text, s, RUPIAH)
    num, suffix = match.group(1), match.group(2)
    multiplier = 1
    if suffix:
        word = suffix.removesuffix(".")
        if word == "m":
            raise NumberParseError("number.ambiguous_m", text=_shown(text))
        if word.casefold() not in RUPIAH_MULTIPLIERS:
            raise NumberParseError("number.unknown_unit", text=_shown(text), unit=_shown(word))
        multiplier = RUPIAH_MULTIPLIERS[word.casefold()]
    value = _to_decimal(num, text, RUPIAH)
    if negative:
        raise _negative(text)
    with localcontext() as ctx:
        ctx.prec = len(num) + 40
        amount = value * multiplier
        whole = amount.to_integral_value(rounding=ROUND_FLOOR)
    if amount != whole:
        raise NumberParseError(
            "number.rupiah_fraction", text=_shown(text), whole=format_rupiah(int(whole))
        )
    if whole > MAX_RUPIAH:
        raise NumberParseError(
            "number.too_large",
            text=_shown(text),
            maximum=format_rupiah(MAX_RUPIAH),
            words=format_rupiah_words(MAX_RUPIAH),
        )
    return int(whole)


def parse_decimal(text: str, *, allow_percent: bool = True) -> Decimal:
    """A quantity, ratio or percentage: "0,008", "90.77", "1.000" (one thousand), "97 %" -> 97.

    A trailing "%" is accepted (and dropped: the result is the number as written, 97 not 0.97)
    unless ``allow_percent`` is False.
    """
    kind = DECIMAL if allow_percent else PLAIN
    s = " ".join(text.split())
    if not s:
        raise _empty(kind)
    negative, s = _split_sign(s)
    if s.endswith("%"):
        if not allow_percent:
            raise NumberParseError("number.percent_here", text=_shown(text))
        s = s[:-1].rstrip()
    if not re.fullmatch(r"[0-9][0-9., ]*", s):
        raise _not_understood(text, s, kind)
    value = _to_decimal(s, text, kind)
    if negative:
        raise _negative(text)
    return value


def normalize_unit(unit: str | None) -> str | None:
    """Canonical unit through UNIT_ALIASES ("org" -> "orang", "lem bag a" -> "lembaga")."""
    if unit is None or not unit.strip():
        return None
    key = "".join(unit.split()).casefold().removesuffix(".")
    return UNIT_ALIASES.get(key, " ".join(unit.split()).casefold())


def parse_quantity(text: str | None) -> Quantity:
    """A printed report cell such as "25 org", "100 %", "2 lem bag a", "0,005" or "550".

    A blank cell (None, "", or a lone dash) has no value. The number must come first; spaces do
    not group thousands here, since a space separates the number from its unit.
    """
    raw = "" if text is None else text
    s = " ".join(raw.split())
    if s in ("", "-", "–", "—"):
        return Quantity(None, None, raw)
    negative, s = _split_sign(s)
    match = re.fullmatch(r"([0-9][0-9.,]*)\s*(.*)", s)
    if not match or _DIGIT.search(match.group(2)):
        raise _not_understood(raw, s, QUANTITY)
    value = _to_decimal(match.group(1), raw, QUANTITY)
    if negative:
        raise _negative(raw)
    return Quantity(value, normalize_unit(match.group(2)), raw)


def parse_reported_quantity(text: str) -> Quantity:
    """A quantity an officer reports: like :func:`parse_quantity`, but a value is required."""
    quantity = parse_quantity(text)
    if quantity.value is None:
        raise NumberParseError("number.quantity_missing", text=_shown(text))
    return quantity


# --- months -------------------------------------------------------------------------------------

_LAST_MONTH_WORDS = frozenset({"bulan lalu", "bln lalu", "kemarin", "last month"})
_THIS_MONTH_WORDS = frozenset({"bulan ini", "bln ini", "ini", "sekarang", "this month"})
# Spellings Babel does not give (CLDR id: "Agu", "Agt" is older; "Nopember" is still written).
_MONTH_ALIASES = {"agt": 8, "agust": 8, "nop": 11, "nopember": 11, "pebruari": 2, "peb": 2}


def _month_names() -> dict[str, int]:
    """Month names people type: Indonesian and English, full and abbreviated (Babel's)."""
    names = dict(_MONTH_ALIASES)
    for locale in ("en", LOCALE):
        for width in ("wide", "abbreviated"):
            for month, name in babel_dates.get_month_names(width, locale=locale).items():
                names[name.casefold().rstrip(".")] = month
    return names


_MONTHS = _month_names()


def _month_word(word: str) -> int | None:
    """ "maret", "mar", "Agustus", "agus", "3", "03" -> the month number; None if not one."""
    if word.isascii() and word.isdigit():
        return int(word) if 1 <= int(word) <= 12 and len(word) <= 2 else None
    if word in _MONTHS:
        return _MONTHS[word]
    # an unambiguous beginning of a full name of at least 3 letters: "agus", "sept", "des"
    found = {m for name, m in _MONTHS.items() if len(word) >= 3 and name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def parse_month(text: str, today: date) -> tuple[int, int]:
    """A month as people type it, as (year, month): "maret", "3", "2026-03", "03/2026",
    "maret 2026", "bulan lalu", "bulan ini".

    A month without a year is the latest such month up to ``today``'s (in January, "desember"
    is last December): people ask about a month that has begun. An explicit year is kept, even
    in the future (the caller says a future month has nothing to report yet). Anything else
    raises ``InvalidInput("month.unknown")`` quoting the text.
    """
    s = " ".join(text.split()).casefold()
    if s in _LAST_MONTH_WORDS:
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if s in _THIS_MONTH_WORDS:
        return today.year, today.month
    iso = re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})", s)
    local = re.fullmatch(r"(.+?)\s*[-/.\s]\s*(\d{4})", s)
    if iso:
        year, month = int(iso.group(1)), _month_word(iso.group(2))
    elif local:
        year, month = int(local.group(2)), _month_word(local.group(1))
    else:
        month = _month_word(s)
        year = today.year if month is None or month <= today.month else today.year - 1
    if month is None or not 1900 <= year <= 2999:
        raise InvalidInput("month.unknown", value=_shown(text))
    return year, month
