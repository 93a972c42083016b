"""The sentences of entry and number refusals, as the user reads them (``bot.errors.describe``).

The domain raises codes and data (asserted in tests/model); these are the words, with the
examples of what to type, that /lapor shows for them.
"""

from __future__ import annotations

import pytest

from bot.errors import describe
from bot.texts.errors import ERRORS
from lakip_model.numbers import (
    NumberParseError,
    parse_decimal,
    parse_reported_quantity,
    parse_rupiah,
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "kosong"),
        ("   ", "kosong"),
        ("dua juta", "bukan angka"),
        ("Rp", "bukan angka"),
        ("-5", "negatif"),
        ("-Rp 1.000", "negatif"),
        ("Rp -5", "negatif"),
        ("2.5.0", "3 angka"),
        ("1.23.456", "3 angka"),
        ("1.000.00", "3 angka"),
        ("1,2,3", "koma"),
        ("2 jt 500 rb", "satu angka"),
        ("2 5", "satu angka"),
        ("5 kg", "'kg'"),
        ("2,5 m", "jt"),
        ("2,", "Format angka"),
        (",5", "Format angka"),
    ],
)
def test_number_refusals_are_worded(text: str, words: str) -> None:
    with pytest.raises(NumberParseError) as err:
        parse_rupiah(text)
    assert words in describe(err.value)


def test_number_refusal_is_a_short_sentence_with_an_example() -> None:
    with pytest.raises(NumberParseError) as err:
        parse_rupiah("2.5.0")
    message = describe(err.value)
    assert message.startswith("Format angka tidak dikenali: '2.5.0'")
    assert message.endswith("Contoh: 2.500.000 atau 2,5 jt.")
    with pytest.raises(NumberParseError) as err:
        parse_rupiah("x" * 500)
    assert len(describe(err.value)) < 120


def test_percent_and_missing_quantity_are_worded() -> None:
    with pytest.raises(NumberParseError) as err:
        parse_decimal("97%", allow_percent=False)
    assert describe(err.value) == "Tanda % tidak dipakai di sini: '97%'. Contoh: 90,63."
    with pytest.raises(NumberParseError) as err:
        parse_reported_quantity("-")
    assert describe(err.value) == "Kuantitas kosong. Ketik angkanya, mis. 5."


def test_sen_are_refused_with_the_reason() -> None:
    """Rupiah are whole: the officer reads why, and what to type instead."""
    with pytest.raises(NumberParseError) as err:
        parse_rupiah("1.250.000,50")
    assert describe(err.value) == (
        "Rupiah dicatat bulat, tanpa sen: '1.250.000,50' tidak bisa disimpan apa adanya. "
        "Ketik jumlah Rupiah bulat, mis. Rp 1.250.000."
    )


def test_every_entry_and_number_code_has_a_sentence() -> None:
    import re
    from pathlib import Path

    sources = [
        Path("lakip_model/ledger.py"),
        Path("lakip_model/numbers.py"),
        Path("lakip_model/indicators.py"),
        Path("lakip_model/indicator_ledger.py"),
    ]
    raised = set()
    for path in sources:
        found = re.findall(r'"((?:entry|review|number|indicator)\.[a-z_]+)', path.read_text())
        raised |= set(found)
    kinds = ("rupiah", "decimal", "plain", "quantity")
    for code in raised:
        assert code in ERRORS or all(f"{code}.{kind}" in ERRORS for kind in kinds), code
