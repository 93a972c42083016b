"""Indonesian formatting and parsing of figures (lakip_model.numbers)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakip_model.errors import InvalidInput
from lakip_model.numbers import (
    MAX_RUPIAH,
    UNIT_ALIASES,
    NumberParseError,
    Quantity,
    format_date,
    format_date_long,
    format_decimal,
    format_month,
    format_percent,
    format_quantity,
    format_rupiah,
    format_rupiah_words,
    normalize_unit,
    parse_decimal,
    parse_month,
    parse_quantity,
    parse_rupiah,
)

# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (5_993_530_294, "Rp 5.993.530.294"),
        (536_731_778, "Rp 536.731.778"),
        (999, "Rp 999"),
        (1_000, "Rp 1.000"),
        (0, "Rp 0"),
        (-1_000, "-Rp 1.000"),
    ],
)
def test_format_rupiah(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("88.37", "88,37%"),
        ("93.4", "93,40%"),
        ("100", "100%"),
        ("100.00", "100%"),
        ("97", "97%"),
        ("99.995", "100%"),  # rounds half-up to a whole number, so no decimals
        ("6.125", "6,13%"),  # half-up, where Babel alone would round half-even to 6,12
        ("128.18", "128,18%"),
        ("1234.5", "1.234,50%"),
        ("0", "0%"),
        ("-0.001", "0%"),
    ],
)
def test_format_percent(value: str, text: str) -> None:
    assert format_percent(Decimal(value)) == text


def test_format_percent_none_and_places() -> None:
    assert format_percent(None) == "–"
    assert format_percent(Decimal("88.375"), places=1) == "88,4%"
    assert format_percent(Decimal("88.4"), places=0) == "88%"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0.008", "0,008"),
        ("90.63", "90,63"),
        ("90.630", "90,63"),
        ("1250000.5", "1.250.000,5"),
        ("1000", "1.000"),
        ("0.0005", "0,001"),  # half-up
        ("0.0015", "0,002"),
        ("0", "0"),
    ],
)
def test_format_decimal(value: str, text: str) -> None:
    assert format_decimal(Decimal(value)) == text


def test_format_decimal_places() -> None:
    assert format_decimal(Decimal("2.25"), max_places=1) == "2,3"
    assert format_decimal(Decimal("2.5"), max_places=0) == "3"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal(23), "orang", "23 orang"),
        (Decimal("0.008"), None, "0,008"),
        (Decimal(100), "%", "100%"),
        (Decimal("96.67"), "%", "96,67%"),
        (Decimal(1000), "lembar", "1.000 lembar"),
        (None, "orang", "–"),
    ],
)
def test_format_quantity(value: Decimal | None, unit: str | None, text: str) -> None:
    assert format_quantity(value, unit) == text


def test_dates() -> None:
    assert format_date_long(date(2023, 7, 10)) == "Senin, 10 Juli 2023"
    assert format_date(date(2023, 7, 10)) == "10 Juli 2023"
    assert format_month(2023, 7) == "Juli 2023"
    assert format_month(2022, 12) == "Desember 2022"


# --- parse_rupiah -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2.500.000", 2_500_000),
        ("2500000", 2_500_000),
        ("Rp 2.500.000", 2_500_000),
        ("Rp2.500.000", 2_500_000),
        ("rp. 2.500.000", 2_500_000),
        ("Rp. 2.500.000,-", 2_500_000),
        ("Rp 2.500.000,00", 2_500_000),
        ("Rp2,5 jt", 2_500_000),
        ("2,5 juta", 2_500_000),
        ("2,5jt", 2_500_000),
        ("2,5 jt.", 2_500_000),
        ("2.5 jt", 2_500_000),
        ("500 rb", 500_000),
        ("500 ribu", 500_000),
        ("500k", 500_000),
        ("1,2 M", 1_200_000_000),
        ("1,2 miliar", 1_200_000_000),
        ("1,2 milyar", 1_200_000_000),
        ("1 T", 1_000_000_000_000),
        ("1 triliun", 1_000_000_000_000),
        ("2 500 000", 2_500_000),
        ("  2.500.000  ", 2_500_000),
        ("1,2345 jt", 1_234_500),
        ("Rp 1.250.000,00", 1_250_000),
        ("0,5 rb", 500),
        ("0", 0),
        ("Rp 0", 0),
    ],
)
def test_parse_rupiah(text: str, amount: int) -> None:
    result = parse_rupiah(text)
    assert result == amount
    assert type(result) is int


# The sentences (with their examples) are asserted in tests/bot/journeys/test_entry_texts.py.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "number.empty.rupiah"),
        ("   ", "number.empty.rupiah"),
        ("dua juta", "number.not_a_number.rupiah"),
        ("Rp", "number.not_a_number.rupiah"),
        ("-5", "number.negative"),
        ("-Rp 1.000", "number.negative"),
        ("Rp -5", "number.negative"),
        ("2.5.0", "number.bad_grouping.rupiah"),
        ("1.23.456", "number.bad_grouping.rupiah"),
        ("1.000.00", "number.bad_grouping.rupiah"),
        ("1,2,3", "number.bad_comma.rupiah"),
        ("2 jt 500 rb", "number.several.rupiah"),
        ("2 5", "number.several.rupiah"),
        ("5 kg", "number.unknown_unit"),
        ("2,5 m", "number.ambiguous_m"),
        ("2,", "number.bad_format.rupiah"),
        (",5", "number.bad_format.rupiah"),
    ],
)
def test_parse_rupiah_rejects(text: str, code: str) -> None:
    with pytest.raises(NumberParseError) as err:
        parse_rupiah(text)
    assert err.value.code == code


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("1.250.000,50", "Rp 1.250.000"),
        ("1.250.000,49", "Rp 1.250.000"),
        ("1,2345675 jt", "Rp 1.234.567"),
        ("0,5", "Rp 0"),
    ],
)
def test_parse_rupiah_refuses_sen(text: str, whole: str) -> None:
    """Regression: "1.250.000,50" was rounded to 1.250.001 without a word; Rupiah are whole,
    so the officer is told, with the whole Rupiah below what they typed as an example."""
    with pytest.raises(NumberParseError) as err:
        parse_rupiah(text)
    assert err.value.code == "number.rupiah_fraction"
    assert err.value.data == {"text": text, "whole": whole}


def test_parse_error_quotes_the_text_short() -> None:
    with pytest.raises(NumberParseError) as err:
        parse_rupiah("2.5.0")
    assert err.value.data == {"text": "2.5.0"}
    with pytest.raises(NumberParseError) as err:
        parse_rupiah("x" * 500)
    assert len(err.value.data["text"]) == 40 and err.value.data["text"].endswith("…")


@pytest.mark.parametrize(
    "text",
    [
        "9.000.000.000.000.000.000",  # saved and approved once: /ringkasan broke for everyone
        "9999999999999999999",  # past BIGINT: the save failed with a generic alert
        "100.000.000.000.001",
        "100,1 T",
        "1.000.000 triliun",
    ],
)
def test_an_amount_past_the_bound_is_refused_where_it_is_parsed(text: str) -> None:
    """Regression: any amount was taken, up to what made the database driver raise."""
    with pytest.raises(NumberParseError) as err:
        parse_rupiah(text)
    assert err.value.code == "number.too_large"
    assert err.value.data["maximum"] == "Rp 100.000.000.000.000"
    assert err.value.data["words"] == "Rp 100 triliun"


def test_the_bound_itself_is_taken_and_keeps_every_sum_in_a_bigint() -> None:
    assert parse_rupiah("100 T") == parse_rupiah("Rp 100.000.000.000.000") == MAX_RUPIAH
    # a year: one standing entry per sub-activity and month; thousands of sub-activities
    # at the bound still sum within PostgreSQL's BIGINT and SQLite's 64-bit integers
    assert 7_000 * 12 * MAX_RUPIAH < 2**63 - 1


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp 0"),
        (999, "Rp 999"),
        (1_000, "Rp 1 ribu"),
        (2_500_000, "Rp 2,5 juta"),
        (1_250_000_000, "Rp 1,3 miliar"),  # half-up, as the report rounds
        (999_950_000, "Rp 1 miliar"),  # rounding reaches the next word
        (MAX_RUPIAH, "Rp 100 triliun"),
        (9 * 10**18, "Rp 9.000.000 triliun"),  # past CLDR's largest word: grouped triliun
        (-5 * 10**12, "-Rp 5 triliun"),
    ],
)
def test_format_rupiah_words(amount: int, text: str) -> None:
    assert format_rupiah_words(amount) == text


def test_parse_error_is_a_value_error() -> None:
    assert issubclass(NumberParseError, ValueError)


# --- parse_decimal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("97%", "97"),
        ("97 %", "97"),
        ("98,69%", "98.69"),
        ("0,008", "0.008"),
        ("0.005", "0.005"),  # a lone 0 before the dot cannot be a thousands group
        ("90,63", "90.63"),
        ("90.77", "90.77"),
        ("90.7", "90.7"),
        ("1.250.000,50", "1250000.50"),
        ("1.000", "1000"),
        ("12", "12"),
        ("1 000", "1000"),
    ],
)
def test_parse_decimal(text: str, value: str) -> None:
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize(
    "text", ["", "-1", "−1", "dua", "2.5.0", "1.23.456", "1,2,3", "12 13", "12 org", "%"]
)
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(NumberParseError):
        parse_decimal(text)


def test_parse_decimal_without_percent() -> None:
    assert parse_decimal("90,63", allow_percent=False) == Decimal("90.63")
    with pytest.raises(NumberParseError) as err:
        parse_decimal("97%", allow_percent=False)
    assert err.value.code == "number.percent_here"


# --- parse_quantity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("25 org", "25", "orang"),
        ("23 org", "23", "orang"),
        ("100 %", "100", "%"),
        ("100%", "100", "%"),
        ("1 th", "1", "tahun"),
        ("1 Th", "1", "tahun"),
        ("1th", "1", "tahun"),
        ("1 thn", "1", "tahun"),
        ("354 lbr", "354", "lembar"),
        ("4 unit", "4", "unit"),
        ("1 pkt", "1", "paket"),
        ("1 paket", "1", "paket"),
        ("1 dok", "1", "dokumen"),
        ("1 Dokumen", "1", "dokumen"),
        ("2 lem bag a", "2", "lembaga"),
        ("2 lem baga", "2", "lembaga"),
        ("3 lembaga", "3", "lembaga"),
        ("37 kel", "37", "kelurahan"),
        ("40 OPD", "40", "OPD"),
        ("1 buku", "1", "buku"),
        ("1 Layanan", "1", "layanan"),
        ("30 orang", "30", "orang"),
        ("85 sekolah", "85", "sekolah"),
        ("5 orang", "5", "orang"),
        ("0,005", "0.005", None),
        ("90,76", "90.76", None),
        ("90.77", "90.77", None),
        ("550", "550", None),
        ("1.000 lbr", "1000", "lembar"),
        ("3 Anak  Korban", "3", "anak korban"),  # unknown unit: kept, lower-cased
    ],
)
def test_parse_quantity(text: str, value: str, unit: str | None) -> None:
    assert parse_quantity(text) == Quantity(Decimal(value), unit, text)


@pytest.mark.parametrize("text", ["", None, "  ", "-", "–"])
def test_parse_quantity_blank(text: str | None) -> None:
    assert parse_quantity(text) == Quantity(None, None, text or "")


@pytest.mark.parametrize("text", ["dua orang", "orang", "-5 org", "1 250 orang", "2.5.0 unit"])
def test_parse_quantity_rejects(text: str) -> None:
    with pytest.raises(NumberParseError):
        parse_quantity(text)


def test_unit_aliases_are_canonical() -> None:
    for alias, unit in UNIT_ALIASES.items():
        assert alias == "".join(alias.split()).casefold()
        assert normalize_unit(unit) == unit
    assert normalize_unit(None) is None
    assert normalize_unit("  ") is None
    assert normalize_unit("Org.") == "orang"


# --- properties ---------------------------------------------------------------------------------

small_decimals = st.decimals(min_value=0, max_value=10**15, places=3, allow_nan=False)


@given(st.integers(min_value=0, max_value=MAX_RUPIAH))
def test_rupiah_round_trip(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(small_decimals)
def test_decimal_round_trip(value: Decimal) -> None:
    assert parse_decimal(format_decimal(value)) == value


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False))
def test_percent_round_trip(value: Decimal) -> None:
    expected = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert parse_decimal(format_percent(value)) == expected


@given(small_decimals, st.sampled_from(sorted(set(UNIT_ALIASES.values()))))
def test_quantity_round_trip(value: Decimal, unit: str) -> None:
    text = format_quantity(value, unit)
    expected = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if unit == "%" else value
    assert parse_quantity(text) == Quantity(expected, unit, text)


def _parse_all(text: str) -> None:
    """Every parser either answers a non-negative value or raises NumberParseError."""
    for parse in (parse_rupiah, parse_decimal):
        try:
            result = parse(text)
        except NumberParseError:
            continue
        assert result >= 0
    try:
        quantity = parse_quantity(text)
    except NumberParseError:
        return
    assert quantity.value is None or quantity.value >= 0
    assert quantity.text == text


@given(st.text())
def test_any_text_fails_only_with_number_parse_error(text: str) -> None:
    _parse_all(text)


@given(st.from_regex(r"\A-?(Rp ?)?[0-9 .,]{0,12}( ?(rb|jt|M|T|org|%|,-))?\Z"))
def test_number_like_text_fails_only_with_number_parse_error(text: str) -> None:
    _parse_all(text)


# --- months as people type them -------------------------------------------------------------------

MAY_2026 = date(2026, 5, 15)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("maret", (2026, 3)),
        ("Maret", (2026, 3)),
        ("mar", (2026, 3)),
        ("3", (2026, 3)),
        ("03", (2026, 3)),
        ("2026-03", (2026, 3)),
        ("2026/3", (2026, 3)),
        ("03/2026", (2026, 3)),
        ("maret 2025", (2025, 3)),
        ("agustus", (2025, 8)),  # no year: the latest August up to today
        ("agus", (2025, 8)),
        ("agt", (2025, 8)),
        ("nopember", (2025, 11)),
        ("des", (2025, 12)),
        ("mei", (2026, 5)),
        ("march", (2026, 3)),
        ("bulan lalu", (2026, 4)),
        ("Bulan  Ini", (2026, 5)),
        ("2026-12", (2026, 12)),  # explicit: kept (the caller says it has not begun)
    ],
)
def test_parse_month(text: str, period: tuple[int, int]) -> None:
    assert parse_month(text, MAY_2026) == period


def test_last_month_in_january_is_last_december() -> None:
    assert parse_month("bulan lalu", date(2027, 1, 4)) == (2026, 12)
    assert parse_month("desember", date(2027, 1, 4)) == (2026, 12)


@pytest.mark.parametrize("text", ["", "13", "0", "ju", "2026", "2026-13", "besok", "maret 20266"])
def test_parse_month_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_month(text, MAY_2026)
    assert refused.value.code == "month.unknown"
