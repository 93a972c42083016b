"""How deadlines read (moved here from the domain, which no longer words anything)."""

from __future__ import annotations

from bot.views.reminders import days_left, lead_label, preset_label, rule_text
from lakip_model.deadlines import DEFAULT_RULES, Cadence, DeadlineRule


def test_rule_text_of_the_default_rules() -> None:
    assert [rule_text(r) for r in DEFAULT_RULES] == [
        "tanggal 10 bulan berikutnya",
        "tanggal 10 bulan setelah triwulan berakhir",
        "31 Januari tahun berjalan",
        "hari terakhir Februari tahun berikutnya",
        "31 Maret tahun berikutnya",
        "tanggal 7 bulan setelah triwulan berakhir",
    ]


def test_rule_text_of_other_rules() -> None:
    monthly = DeadlineRule(code="a", name="A", cadence=Cadence.MONTHLY, day=None, months_after=0)
    assert rule_text(monthly) == "hari terakhir bulan yang sama"
    quarterly = DeadlineRule(code="b", name="B", cadence=Cadence.QUARTERLY, day=5, months_after=2)
    assert rule_text(quarterly) == "tanggal 5 2 bulan setelah triwulan berakhir"
    yearly = DeadlineRule(
        code="c", name="C", cadence=Cadence.YEARLY, day=30, month=6, year_offset=2
    )
    assert rule_text(yearly) == "30 Juni 2 tahun kemudian"


def test_days_left() -> None:
    assert [days_left(n) for n in (7, 2, 1, 0, -1, -2)] == [
        "7 hari lagi",
        "2 hari lagi",
        "besok",
        "hari ini",
        "terlambat 1 hari",
        "terlambat 2 hari",
    ]


def test_lead_labels() -> None:
    assert lead_label((0, 7, 1, 3, 3)) == "H-7, H-3, H-1, H"
    assert [preset_label(p) for p in ((7, 3, 1, 0), (1, 0), (0,))] == ["H-7,3,1,0", "H-1,0", "H"]
