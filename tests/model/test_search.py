"""The one search: exact matches first, then abbreviations and typos, never a short-word guess."""

from __future__ import annotations

from dataclasses import dataclass

from lakip_model.search import Found, Query, rows


@dataclass
class Row:
    key: str
    name: str
    indicator_text: str | None = None


ROWS = [
    Row("P1", "Penyediaan Layanan Kekerasan terhadap Perempuan"),
    Row("P2", "Kekersan ditulis salah di laporan"),
    Row("P3", "Pelembagaan Pengarusutamaan Gender (PUG)"),
    Row("P4", "Penyediaan Gaji dan Tunjangan ASN"),
    Row("P5", "Skor Kota Layak Anak"),
]


def test_exact_matches_come_before_typos() -> None:
    assert [r.key for r in rows(ROWS, "kekerasan")] == ["P1", "P2"]
    assert [r.key for r in rows(ROWS, "kekersan")] == ["P2", "P1"]


def test_a_typo_is_forgiven_only_in_longer_words() -> None:
    assert Query.of("kekersan").found("kekerasan") == Found.TYPO
    assert Query.of("anek").found("anak") is None
    assert Query.of("gend").found("Gender") == Found.EXACT


def test_abbreviations_both_ways() -> None:
    assert [r.key for r in rows(ROWS, "kla")] == ["P5"]
    assert [r.key for r in rows(ROWS, "pug")] == ["P3"]
    assert [r.key for r in rows(ROWS, "pengarusutamaan gender")] == ["P3"]
    assert [r.key for r in rows(ROWS, "asn")] == ["P4"]
    assert Query.of("kdrt").found("kekerasan dalam rumah tangga") == Found.EXACT


def test_every_word_must_be_found() -> None:
    assert rows(ROWS, "kekerasan gaji") == []
    assert not Query.of("")
