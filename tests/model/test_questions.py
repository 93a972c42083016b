"""lakip_model.questions without Telegram: words, periods, rules, names, the chooser."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from lakip_model.queries import YearNotFound
from lakip_model.questions import Intent, understand
from lakip_model.questions.language import tokens
from lakip_model.questions.periods import period
from lakip_model.search import Query

TODAY = date(2026, 5, 15)


def test_informal_words_and_glued_quarters() -> None:
    assert tokens("Brp serapan angg thn lalu yg udah masuk??") == [
        "berapa", "serapan", "anggaran", "tahun", "lalu", "yang", "sudah", "masuk",
    ]  # fmt: skip
    assert tokens("realisasi tw2") == ["realisasi", "triwulan", "2"]
    assert tokens("serapannya gmn") == ["serapan", "bagaimana"]
    assert tokens("p2tp2a") == ["p2tp2a"]  # an abbreviation stays whole


@pytest.mark.parametrize(
    ("text", "years", "quarters", "semester", "month"),
    [
        ("serapan tw 2 2022", (2022,), (2,), None, None),
        ("triwulan II", (), (2,), None, None),
        ("triwulan kedua tahun lalu", (2025,), (2,), None, None),
        ("semester 1 tahun ini", (2026,), (), 1, None),
        ("bulan maret", (), (), None, (2026, 3)),
        ("juli 2022", (2022,), (), None, (2022, 7)),
        ("bulan lalu", (), (), None, (2026, 4)),
        ("tw 1 dan 2 2022", (2022,), (1, 2), None, None),
        ("2021 vs 2022", (2021, 2022), (), None, None),
        ("2022 dibanding tahun sebelumnya", (2022, 2021), (), None, None),
        ("mei", (), (), None, (2026, 5)),
        ("des", (), (), None, None),  # an abbreviated month alone is not one: only after "bulan"
    ],
)
def test_periods(
    text: str,
    years: tuple[int, ...],
    quarters: tuple[int, ...],
    semester: int | None,
    month: tuple[int, int] | None,
) -> None:
    p = period(tokens(text), TODAY)
    assert (p.years, p.quarters, p.semester, p.month) == (years, quarters, semester, month)


def test_the_stem_finds_inflected_names_and_a_typo_still_counts_as_one() -> None:
    assert Query.of("dilindungi").matches("Program Perlindungan Khusus Anak")
    assert Query.of("penyerapan").matches("serapan anggaran")
    assert not Query.of("dilindungi").matches("Program Pemenuhan Hak Anak")


def ask(engine: Engine, text: str) -> tuple[Intent, str | None, int | None]:
    with Session(engine) as session:
        u = understand(session, text, TODAY)
    return u.intent, u.target.key if u.target else None, u.year


@pytest.mark.parametrize(
    ("text", "intent", "key"),
    [
        ("indikator yang belum tercapai", Intent.BELOW, None),  # not "belum lapor"
        ("siapa yg blm lapor", Intent.MISSING, None),
        ("kapan deadline laporan realisasi", Intent.DEADLINES, None),  # not a wish to report
        ("saya mau lapor realisasi", Intent.REPORT, None),
        ("bisa kirim spreadsheet", Intent.EXPORT, None),
        ("gambaran umum", Intent.SUMMARY, None),  # not a picture
        ("program mana yang paling lambat serapannya", Intent.LOWEST, None),
        ("anggaran atk", Intent.NODE, "P1.K2.S2"),  # the abbreviation, not "melibATKan"
        ("realisasi administrasi keuangan", Intent.NODE, "P1.K1"),  # a rule's word in a name
        ("program dilindungi khusus anak", Intent.NODE, "P7"),
        ("perlindungan khusus anak", Intent.NODE, "P7"),  # the program above its kegiatan
        ("rasio kekerasan dalam rumah tangga", Intent.INDICATOR, "rasio-kdrt"),
        ("capaian ipg", Intent.INDICATOR, "ipg"),
        ("anggaran bidang ppa", Intent.UNIT, "bidang-pppa"),
        ("ping", Intent.UNKNOWN, None),  # not inside "pendampingan"
        ("cuaca hari ini", Intent.UNKNOWN, None),
    ],
)
def test_rules_and_names(seeded_engine: Engine, text: str, intent: Intent, key: str | None) -> None:
    assert ask(seeded_engine, text)[:2] == (intent, key)


def test_two_names_equally_found_ask_back(seeded_engine: Engine) -> None:
    with Session(seeded_engine) as session:
        u = understand(session, "program perlindungan", TODAY)
    assert [c.key for c in u.choices] == ["P3", "P7"]
    assert u.target is None


def test_words_naming_nothing_are_said_back_without_a_figure(seeded_engine: Engine) -> None:
    with Session(seeded_engine) as session:
        u = understand(session, "realisasi program pertanian", TODAY)
    assert (u.intent, u.target, u.words) == (Intent.UNKNOWN, None, ("pertanian",))


def test_a_year_without_data_is_refused_as_the_commands_refuse_it(seeded_engine: Engine) -> None:
    with Session(seeded_engine) as session, pytest.raises(YearNotFound) as refused:
        understand(session, "serapan tahun ini", TODAY)
    assert refused.value.year == 2026 and refused.value.available == [2022]


class Picky:
    """A chooser (a model, one day) that always wants the chart, or something made up."""

    def __init__(self, pick: Intent | str) -> None:
        self.pick = pick
        self.offered: list[Sequence[Intent]] = []

    def choose(self, question: str, candidates: Sequence[Intent]) -> Intent | None:
        self.offered.append(candidates)
        return self.pick  # type: ignore[return-value]


def test_a_chooser_picks_only_among_the_rules_candidates(seeded_engine: Engine) -> None:
    with Session(seeded_engine) as session:
        # "grafik" and the summary's words are both there: the chooser may prefer either
        chart = Picky(Intent.SUMMARY)
        assert understand(session, "grafik serapan", TODAY, chooser=chart).intent == Intent.SUMMARY
        assert Intent.CHART in chart.offered[0]
        # what the rules did not find is ignored: the rules' first stands
        made_up = Picky(Intent.EXPORT)
        assert understand(session, "grafik", TODAY, chooser=made_up).intent == Intent.CHART
        assert understand(session, "grafik", TODAY, chooser=Picky("figure: 99%")).intent == (
            Intent.CHART
        )
