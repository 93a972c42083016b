"""Reporting deadlines (lakip_model.deadlines): rules, dates, working days, reminders, parsing.

Every expected date below was worked out by hand on a printed calendar and its weekday checked
with ``datetime.date.weekday()``; ``test_weekday_facts_used_below`` pins those facts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakip_model.deadlines import (
    DEFAULT_LEAD_DAYS,
    DEFAULT_RULES,
    JAKARTA,
    MAX_LEAD_DAYS,
    NATIONAL_HOLIDAYS_2022_2027,
    Cadence,
    DeadlineError,
    DeadlineRule,
    Occurrence,
    Shift,
    WorkCalendar,
    default_calendar,
    fixed_national_holidays,
    next_occurrences,
    occurrence_for,
    occurrences,
    parse_day,
    parse_holidays,
    parse_lead_days,
    parse_shift,
    parse_time,
    reminder_times,
)

RULES = {rule.code: rule for rule in DEFAULT_RULES}
WEEKENDS_ONLY = WorkCalendar()
NATIONAL = default_calendar()
GOOD_FRIDAY_2024 = {date(2024, 3, 29): "Wafat Isa Almasih"}  # Easter 2024 is Sunday 31 March

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def due_dates(code: str, year: int, calendar: WorkCalendar = NATIONAL) -> list[tuple[str, date]]:
    """(period key, shifted due date) of every occurrence of a default rule due in ``year``."""
    found = occurrences(RULES[code], date(year, 1, 1), date(year, 12, 31), calendar)
    return [(o.period_key, o.due) for o in found]


def test_weekday_facts_used_below() -> None:
    facts = {
        date(2023, 6, 10): SAT,
        date(2023, 6, 9): FRI,
        date(2023, 9, 10): SUN,
        date(2023, 9, 8): FRI,
        date(2023, 12, 10): SUN,
        date(2023, 12, 8): FRI,
        date(2024, 2, 10): SAT,
        date(2024, 2, 9): FRI,
        date(2024, 3, 10): SUN,
        date(2024, 3, 8): FRI,
        date(2024, 8, 10): SAT,
        date(2024, 8, 9): FRI,
        date(2024, 11, 10): SUN,
        date(2024, 11, 8): FRI,
        date(2023, 1, 31): TUE,
        date(2024, 1, 31): WED,
        date(2023, 2, 28): TUE,
        date(2024, 2, 29): THU,
        date(2023, 3, 31): FRI,
        date(2024, 3, 31): SUN,
        date(2024, 3, 29): FRI,
        date(2024, 3, 28): THU,
        date(2023, 7, 10): MON,
        date(2024, 1, 1): MON,
        date(2023, 12, 29): FRI,
        date(2023, 12, 31): SUN,
        date(2024, 1, 2): TUE,
        date(2023, 4, 30): SUN,
        date(2023, 4, 28): FRI,
    }
    assert {d: d.weekday() for d in facts} == facts
    # Every 10th not listed above is a working day in 2023 and 2024.
    for year in (2023, 2024):
        for month in range(1, 13):
            tenth = date(year, month, 10)
            if tenth not in facts:
                assert tenth.weekday() < SAT, tenth


# --- the five default rules, whole years 2023 and 2024 ------------------------------------------


def test_monthly_realization_2023() -> None:
    assert due_dates("realisasi-bulanan", 2023) == [
        ("2022-12", date(2023, 1, 10)),
        ("2023-01", date(2023, 2, 10)),
        ("2023-02", date(2023, 3, 10)),
        ("2023-03", date(2023, 4, 10)),
        ("2023-04", date(2023, 5, 10)),
        ("2023-05", date(2023, 6, 9)),  # 10 June: Saturday
        ("2023-06", date(2023, 7, 10)),
        ("2023-07", date(2023, 8, 10)),
        ("2023-08", date(2023, 9, 8)),  # 10 September: Sunday
        ("2023-09", date(2023, 10, 10)),
        ("2023-10", date(2023, 11, 10)),
        ("2023-11", date(2023, 12, 8)),  # 10 December: Sunday
    ]


def test_monthly_realization_2024() -> None:
    assert due_dates("realisasi-bulanan", 2024) == [
        ("2023-12", date(2024, 1, 10)),
        ("2024-01", date(2024, 2, 9)),  # 10 February: Saturday
        ("2024-02", date(2024, 3, 8)),  # 10 March: Sunday
        ("2024-03", date(2024, 4, 10)),
        ("2024-04", date(2024, 5, 10)),
        ("2024-05", date(2024, 6, 10)),
        ("2024-06", date(2024, 7, 10)),
        ("2024-07", date(2024, 8, 9)),  # 10 August: Saturday
        ("2024-08", date(2024, 9, 10)),
        ("2024-09", date(2024, 10, 10)),
        ("2024-10", date(2024, 11, 8)),  # 10 November: Sunday
        ("2024-11", date(2024, 12, 10)),
    ]


def test_quarterly_renja_evaluation_2023_and_2024() -> None:
    assert due_dates("evaluasi-renja-triwulan", 2023) == [
        ("2022-Q4", date(2023, 1, 10)),
        ("2023-Q1", date(2023, 4, 10)),
        ("2023-Q2", date(2023, 7, 10)),
        ("2023-Q3", date(2023, 10, 10)),
    ]
    assert due_dates("evaluasi-renja-triwulan", 2024) == [
        ("2023-Q4", date(2024, 1, 10)),
        ("2024-Q1", date(2024, 4, 10)),
        ("2024-Q2", date(2024, 7, 10)),
        ("2024-Q3", date(2024, 10, 10)),
    ]


def test_perjanjian_kinerja_2023_and_2024() -> None:
    assert due_dates("perjanjian-kinerja", 2023) == [("2023", date(2023, 1, 31))]
    assert due_dates("perjanjian-kinerja", 2024) == [("2024", date(2024, 1, 31))]


def test_lkjip_to_the_mayor_last_day_of_february() -> None:
    assert due_dates("lkjip-walikota", 2023) == [("2022", date(2023, 2, 28))]
    assert due_dates("lkjip-walikota", 2024) == [("2023", date(2024, 2, 29))]  # leap year


def test_city_lkjip_31_march_with_and_without_good_friday() -> None:
    assert due_dates("lkjip-kota", 2023) == [("2022", date(2023, 3, 31))]
    # 31 March 2024 is a Sunday: back to Friday 29 March ...
    assert due_dates("lkjip-kota", 2024) == [("2023", date(2024, 3, 29))]
    assert due_dates("lkjip-kota", 2024, WEEKENDS_ONLY) == [("2023", date(2024, 3, 29))]
    # ... unless Good Friday is in the holiday table: then Thursday 28 March.
    with_good_friday = NATIONAL.with_holidays(GOOD_FRIDAY_2024)
    (occ,) = occurrences(
        RULES["lkjip-kota"], date(2024, 1, 1), date(2024, 12, 31), with_good_friday
    )
    assert (occ.nominal_due, occ.due, occ.shifted) == (date(2024, 3, 31), date(2024, 3, 28), True)


def test_default_rules_are_the_same_on_weekends_only_in_2023_and_2024() -> None:
    # No fixed-date national holiday falls on a default due date or the days it moves over.
    for code in RULES:
        for year in (2023, 2024):
            assert due_dates(code, year, WEEKENDS_ONLY) == due_dates(code, year), (code, year)


def test_default_rules_metadata() -> None:
    assert list(RULES) == [
        "realisasi-bulanan",
        "evaluasi-renja-triwulan",
        "perjanjian-kinerja",
        "lkjip-walikota",
        "lkjip-kota",
        "realisasi-kinerja-triwulan",
    ]
    assert {code for code, r in RULES.items() if r.local_setting} == {
        "realisasi-bulanan",
        "evaluasi-renja-triwulan",
        "lkjip-walikota",
        "realisasi-kinerja-triwulan",
    }
    assert [code for code, r in RULES.items() if r.needs_realization] == ["realisasi-bulanan"]
    assert [code for code, r in RULES.items() if r.needs_indicators] == [
        "realisasi-kinerja-triwulan"
    ]
    assert all(r.active and r.shift is Shift.PREVIOUS for r in DEFAULT_RULES)
    assert "Permendagri 86/2017" in RULES["evaluasi-renja-triwulan"].basis
    assert "PermenPAN-RB 53/2014" in RULES["perjanjian-kinerja"].basis
    assert "Perpres 29/2014" in RULES["lkjip-kota"].basis


def test_the_quarterly_indicator_report_is_due_seven_days_after_the_quarter() -> None:
    rule = RULES["realisasi-kinerja-triwulan"]
    assert (rule.cadence, rule.day, rule.months_after) == (Cadence.QUARTERLY, 7, 1)
    got = {
        o.period_key: o.due
        for o in occurrences(rule, date(2023, 4, 1), date(2024, 1, 31), NATIONAL)
    }
    assert got == {
        "2023-Q1": date(2023, 4, 7),  # a Friday
        "2023-Q2": date(2023, 7, 7),
        "2023-Q3": date(2023, 10, 6),  # Saturday 7 October, moved back to Friday
        "2023-Q4": date(2024, 1, 5),  # Sunday 7 January, moved back to Friday
    }
    # an admin moves it to the 15th: 15 days after the quarter ends
    later = dataclasses.replace(rule, day=15)
    assert occurrence_for(later, "2026-Q1", NATIONAL).due == date(2026, 4, 15)


def test_only_a_quarterly_rule_lists_indicators() -> None:
    with pytest.raises(DeadlineError) as caught:
        DeadlineRule("x", "X", Cadence.MONTHLY, day=7, needs_indicators=True)
    assert caught.value.code == "deadline.indicators_quarterly"


# --- labels, keys and the long date -------------------------------------------------------------


def test_period_labels_and_keys() -> None:
    june = occurrence_for(RULES["realisasi-bulanan"], "2023-06", NATIONAL)
    assert june == Occurrence(
        rule_code="realisasi-bulanan",
        period_label="Juni 2023",
        period_key="2023-06",
        period_year=2023,
        period_month=6,
        period_quarter=None,
        nominal_due=date(2023, 7, 10),
        due=date(2023, 7, 10),
    )
    q4 = occurrence_for(RULES["evaluasi-renja-triwulan"], "2023-Q4", NATIONAL)
    assert (q4.period_label, q4.period_quarter, q4.period_month, q4.due) == (
        "Triwulan IV 2023",
        4,
        None,
        date(2024, 1, 10),
    )
    lkjip = occurrence_for(RULES["lkjip-walikota"], "2022", NATIONAL)
    assert (lkjip.period_label, lkjip.period_year, lkjip.due) == (
        "Tahun 2022",
        2022,
        date(2023, 2, 28),
    )
    labels = [
        o.period_label
        for o in occurrences(
            RULES["evaluasi-renja-triwulan"], date(2023, 1, 1), date(2023, 12, 31), NATIONAL
        )
    ]
    assert labels == [
        "Triwulan IV 2022",
        "Triwulan I 2023",
        "Triwulan II 2023",
        "Triwulan III 2023",
    ]


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("realisasi-bulanan", "2023-13"),
        ("realisasi-bulanan", "2023-Q1"),
        ("evaluasi-renja-triwulan", "2023-Q5"),
        ("evaluasi-renja-triwulan", "2023-03"),
        ("lkjip-kota", "2023-01"),
        ("lkjip-kota", "tahun lalu"),
    ],
)
def test_period_key_of_the_wrong_shape_is_refused(code: str, key: str) -> None:
    with pytest.raises(DeadlineError) as info:
        occurrence_for(RULES[code], key, NATIONAL)
    assert (info.value.code, info.value.data) == (
        "deadline.period_mismatch",
        {"period": key, "code": code},
    )


def test_indonesian_long_date() -> None:
    occ = occurrence_for(RULES["realisasi-bulanan"], "2023-06", NATIONAL)
    assert occ.due_long == "Senin, 10 Juli 2023"
    assert occurrence_for(RULES["lkjip-walikota"], "2023", NATIONAL).due_long == (
        "Kamis, 29 Februari 2024"
    )


def test_days_left() -> None:
    occ = occurrence_for(RULES["realisasi-bulanan"], "2023-06", NATIONAL)  # Senin, 10 Juli 2023
    assert occ.days_left(date(2023, 7, 3)) == 7
    assert occ.days_left(date(2023, 7, 10)) == 0
    assert occ.days_left(date(2023, 7, 12)) == -2


# --- clamping and crossing boundaries -----------------------------------------------------------


def test_day_31_is_clamped_to_the_end_of_shorter_months() -> None:
    rule = DeadlineRule(code="akhir", name="Akhir bulan", cadence=Cadence.MONTHLY, day=31)
    found = occurrences(rule, date(2023, 1, 1), date(2023, 12, 31), WEEKENDS_ONLY)
    nominal = {o.period_key: o.nominal_due for o in found}
    due = {o.period_key: o.due for o in found}
    assert nominal["2023-01"] == date(2023, 2, 28)
    assert nominal["2023-03"] == date(2023, 4, 30)
    assert due["2023-03"] == date(2023, 4, 28)  # 30 April 2023 is a Sunday
    assert nominal["2023-05"] == date(2023, 6, 30)
    leap = occurrence_for(rule, "2024-01", WEEKENDS_ONLY)
    assert leap.nominal_due == date(2024, 2, 29)


def test_day_zero_and_none_mean_the_last_day() -> None:
    # A stored rule comes back with plain strings and 0: both are normalised.
    zero = DeadlineRule(code="a", name="A", cadence="yearly", day=0, month=2)  # type: ignore[arg-type]
    assert zero.day is None
    assert zero == DeadlineRule(code="a", name="A", cadence=Cadence.YEARLY, day=None, month=2)
    assert occurrence_for(zero, "2023", WEEKENDS_ONLY).nominal_due == date(2024, 2, 29)
    assert occurrence_for(zero, "2022", WEEKENDS_ONLY).nominal_due == date(2023, 2, 28)
    assert occurrence_for(zero, "2099", WEEKENDS_ONLY).nominal_due == date(2100, 2, 28)  # no leap


def test_shift_back_across_the_year_boundary() -> None:
    # Due the 1st of the next month: December 2023's report falls on 1 January 2024, a Monday and
    # New Year's Day, so it moves back to Friday 29 December 2023 - into the previous year.
    rule = DeadlineRule(code="tgl-1", name="Tanggal 1", cadence=Cadence.MONTHLY, day=1)
    in_2023 = occurrences(rule, date(2023, 1, 1), date(2023, 12, 31), NATIONAL)
    assert [(o.period_key, o.due) for o in in_2023[-2:]] == [
        ("2023-11", date(2023, 12, 1)),
        ("2023-12", date(2023, 12, 29)),
    ]
    in_2024 = occurrences(rule, date(2024, 1, 1), date(2024, 12, 31), NATIONAL)
    assert in_2024[0].period_key == "2024-01"
    assert "2023-12" not in {o.period_key for o in in_2024}
    # Without the holiday, 1 January 2024 is an ordinary Monday.
    assert occurrence_for(rule, "2023-12", WEEKENDS_ONLY).due == date(2024, 1, 1)


def test_next_working_day_mode_crosses_into_the_next_year() -> None:
    rule = DeadlineRule(
        code="akhir-tahun",
        name="Akhir tahun",
        cadence=Cadence.YEARLY,
        day=31,
        month=12,
        year_offset=0,
        shift=Shift.NEXT,
    )
    # Sunday 31 December 2023 -> Monday 1 January 2024 is New Year's Day -> Tuesday 2 January.
    occ = occurrence_for(rule, "2023", NATIONAL)
    assert (occ.nominal_due, occ.due) == (date(2023, 12, 31), date(2024, 1, 2))
    assert occurrences(rule, date(2023, 1, 1), date(2023, 12, 31), NATIONAL) == [
        occurrence_for(rule, "2022", NATIONAL)  # Saturday 31 Dec 2022 -> Monday 2 Jan 2023
    ]
    assert occurrence_for(rule, "2022", NATIONAL).due == date(2023, 1, 2)
    assert occurrences(rule, date(2024, 1, 1), date(2024, 12, 31), NATIONAL)[0] == occ


def test_next_working_day_mode_for_a_monthly_rule() -> None:
    rule = dataclasses.replace(RULES["realisasi-bulanan"], shift=Shift.NEXT)
    got = [
        (o.period_key, o.due)
        for o in occurrences(rule, date(2023, 6, 1), date(2023, 9, 30), NATIONAL)
    ]
    assert got == [
        ("2023-05", date(2023, 6, 12)),  # Saturday 10 June -> Monday 12 June
        ("2023-06", date(2023, 7, 10)),
        ("2023-07", date(2023, 8, 10)),
        ("2023-08", date(2023, 9, 11)),  # Sunday 10 September -> Monday 11 September
    ]


def test_no_shift_keeps_the_weekend_date() -> None:
    rule = dataclasses.replace(RULES["lkjip-kota"], shift="none")  # type: ignore[arg-type]
    assert rule.shift is Shift.NONE
    assert occurrence_for(rule, "2023", NATIONAL).due == date(2024, 3, 31)


# --- working days and holidays ------------------------------------------------------------------


def test_holidays_chain_with_the_weekend() -> None:
    # Example holidays as an admin would enter them (not an official table).
    monday = WorkCalendar({date(2023, 7, 10): "Libur contoh"})
    assert not monday.is_working_day(date(2023, 7, 10))
    assert monday.previous_working_day(date(2023, 7, 10)) == date(2023, 7, 7)  # Friday
    assert monday.next_working_day(date(2023, 7, 10)) == date(2023, 7, 11)  # Tuesday
    assert monday.next_working_day(date(2023, 7, 8)) == date(2023, 7, 11)  # Sat -> Sun -> Mon
    # Friday and Monday both off: four days in a row.
    long_weekend = monday.with_holidays({date(2023, 7, 7): "Libur contoh"})
    assert long_weekend.previous_working_day(date(2023, 7, 10)) == date(2023, 7, 6)  # Thursday
    assert long_weekend.shift(date(2023, 7, 9), Shift.NEXT) == date(2023, 7, 11)
    tuesday_too = long_weekend.with_holidays([date(2023, 7, 11)])
    assert tuesday_too.next_working_day(date(2023, 7, 7)) == date(2023, 7, 12)  # Wednesday
    assert tuesday_too.holiday_name(date(2023, 7, 11)) == "Hari libur"
    # The monthly report for June 2023 moves with them.
    june = RULES["realisasi-bulanan"]
    assert occurrence_for(june, "2023-06", long_weekend).due == date(2023, 7, 6)


def test_a_week_of_holidays_before_a_due_date() -> None:
    # Wednesday 10 April 2024 inside a run of example holidays Monday 8 - Monday 15 April.
    days_off = {date(2024, 4, d): "Libur contoh" for d in (8, 9, 10, 11, 12, 15)}
    calendar = NATIONAL.with_holidays(days_off)
    march = occurrence_for(RULES["realisasi-bulanan"], "2024-03", calendar)
    assert (march.nominal_due, march.due) == (date(2024, 4, 10), date(2024, 4, 5))  # Friday
    nxt = dataclasses.replace(RULES["realisasi-bulanan"], shift=Shift.NEXT)
    assert occurrence_for(nxt, "2024-03", calendar).due == date(2024, 4, 16)  # Tuesday


def test_working_day_is_returned_unchanged() -> None:
    d = date(2023, 7, 10)
    assert NATIONAL.previous_working_day(d) == NATIONAL.next_working_day(d) == d
    assert NATIONAL.shift(d, "previous_working_day") == d


def test_custom_weekend() -> None:
    friday_off = WorkCalendar(weekend=(4, 5, 6))
    assert friday_off.previous_working_day(date(2023, 6, 10)) == date(2023, 6, 8)  # Thursday
    assert friday_off.weekend == frozenset({4, 5, 6})
    with pytest.raises(DeadlineError) as info:
        WorkCalendar(weekend=range(7))
    assert info.value.code == "deadline.weekend_all"
    with pytest.raises(DeadlineError) as info:
        WorkCalendar(weekend=(7,))
    assert info.value.code == "deadline.weekend_invalid"
    with pytest.raises(TypeError):
        WorkCalendar([datetime(2023, 1, 1, 0, 0)])


def test_fixed_national_holidays() -> None:
    assert len(NATIONAL_HOLIDAYS_2022_2027) == 5 * 6
    assert NATIONAL_HOLIDAYS_2022_2027[date(2023, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert NATIONAL.holiday_name(date(2024, 6, 1)) == "Hari Lahir Pancasila"
    assert NATIONAL.holiday_name(date(2024, 3, 29)) is None  # Good Friday: admin's table
    assert sorted(fixed_national_holidays([2023])) == [
        date(2023, 1, 1),
        date(2023, 5, 1),
        date(2023, 6, 1),
        date(2023, 8, 17),
        date(2023, 12, 25),
    ]
    assert date(2016, 6, 1) not in fixed_national_holidays([2016])  # a holiday since 2017
    assert default_calendar(GOOD_FRIDAY_2024).holiday_name(date(2024, 3, 29)) == (
        "Wafat Isa Almasih"
    )


def test_calendar_is_not_changed_by_with_holidays() -> None:
    base = WorkCalendar()
    extended = base.with_holidays(GOOD_FRIDAY_2024)
    assert base.is_working_day(date(2024, 3, 29))
    assert not extended.is_working_day(date(2024, 3, 29))
    assert extended == WorkCalendar(GOOD_FRIDAY_2024)
    assert extended != base


# --- the /tenggat list --------------------------------------------------------------------------


def test_next_occurrences_for_the_tenggat_list() -> None:
    today = date(2023, 7, 3)
    got = next_occurrences(DEFAULT_RULES, today, NATIONAL, limit=4)
    assert [(o.rule_code, o.period_key, o.due, o.days_left(today)) for o in got] == [
        ("realisasi-kinerja-triwulan", "2023-Q2", date(2023, 7, 7), 4),
        ("evaluasi-renja-triwulan", "2023-Q2", date(2023, 7, 10), 7),
        ("realisasi-bulanan", "2023-06", date(2023, 7, 10), 7),
        ("realisasi-bulanan", "2023-07", date(2023, 8, 10), 38),
    ]
    one_each = next_occurrences(DEFAULT_RULES, today, NATIONAL, limit=10, per_rule=1)
    assert [(o.rule_code, o.due) for o in one_each] == [
        ("realisasi-kinerja-triwulan", date(2023, 7, 7)),
        ("evaluasi-renja-triwulan", date(2023, 7, 10)),
        ("realisasi-bulanan", date(2023, 7, 10)),
        ("perjanjian-kinerja", date(2024, 1, 31)),
        ("lkjip-walikota", date(2024, 2, 29)),
        ("lkjip-kota", date(2024, 3, 29)),
    ]


def test_next_occurrences_includes_today_and_skips_inactive_rules() -> None:
    today = date(2023, 7, 10)
    rules = [
        RULES["realisasi-bulanan"],
        dataclasses.replace(RULES["evaluasi-renja-triwulan"], active=False),
    ]
    got = next_occurrences(rules, today, NATIONAL, limit=2)
    assert [(o.rule_code, o.due, o.days_left(today)) for o in got] == [
        ("realisasi-bulanan", date(2023, 7, 10), 0),
        ("realisasi-bulanan", date(2023, 8, 10), 31),
    ]
    assert next_occurrences(rules, today, NATIONAL, limit=0) == []


# --- reminders ----------------------------------------------------------------------------------


def test_reminder_times_default_h7_h3_h1_and_the_day_at_0800_wib() -> None:
    occ = occurrence_for(RULES["realisasi-bulanan"], "2023-06", NATIONAL)  # Senin, 10 Juli 2023
    got = reminder_times(occ)
    assert [lead for lead, _ in got] == list(DEFAULT_LEAD_DAYS) == [7, 3, 1, 0]
    assert [at for _, at in got] == [
        datetime(2023, 7, 3, 8, 0, tzinfo=JAKARTA),
        datetime(2023, 7, 7, 8, 0, tzinfo=JAKARTA),
        datetime(2023, 7, 9, 8, 0, tzinfo=JAKARTA),  # a Sunday: leads are calendar days
        datetime(2023, 7, 10, 8, 0, tzinfo=JAKARTA),
    ]
    assert all(at.utcoffset() == timedelta(hours=7) for _, at in got)
    assert [at.astimezone(UTC) for _, at in got] == [
        datetime(2023, 7, 3, 1, 0, tzinfo=UTC),
        datetime(2023, 7, 7, 1, 0, tzinfo=UTC),
        datetime(2023, 7, 9, 1, 0, tzinfo=UTC),
        datetime(2023, 7, 10, 1, 0, tzinfo=UTC),
    ]


def test_reminders_count_from_the_shifted_date() -> None:
    occ = occurrence_for(RULES["realisasi-bulanan"], "2023-05", NATIONAL)
    assert (occ.nominal_due, occ.due) == (date(2023, 6, 10), date(2023, 6, 9))
    got = reminder_times(occ, lead_days=(1, 0, 1), at=time(16, 30))
    assert got == [
        (1, datetime(2023, 6, 8, 16, 30, tzinfo=JAKARTA)),
        (0, datetime(2023, 6, 9, 16, 30, tzinfo=JAKARTA)),
    ]
    assert got[1][1].astimezone(UTC) == datetime(2023, 6, 9, 9, 30, tzinfo=UTC)


def test_reminder_just_after_midnight_wib_is_the_previous_day_in_utc() -> None:
    occ = occurrence_for(RULES["realisasi-bulanan"], "2023-06", NATIONAL)
    ((lead, at),) = reminder_times(occ, lead_days=(0,), at=time(0, 30))
    assert lead == 0
    assert at.astimezone(UTC) == datetime(2023, 7, 9, 17, 30, tzinfo=UTC)


def test_reminder_refuses_bad_leads() -> None:
    occ = occurrence_for(RULES["realisasi-bulanan"], "2023-06", NATIONAL)
    with pytest.raises(DeadlineError) as info:
        reminder_times(occ, lead_days=(-1,))
    assert (info.value.code, info.value.data) == ("deadline.lead_negative", {"value": "-1"})
    with pytest.raises(DeadlineError) as info:
        reminder_times(occ, lead_days=(61,))
    assert (info.value.code, info.value.data) == (
        "deadline.lead_too_far",
        {"days": 60, "value": "61"},
    )


# --- admin input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "leads"),
    [
        ("7,3,1,0", (7, 3, 1, 0)),
        ("0,1,3,7", (7, 3, 1, 0)),
        ("7, 3, 1, 0", (7, 3, 1, 0)),
        ("7 3 1", (7, 3, 1)),
        ("H-7, H-3, H-1, H", (7, 3, 1, 0)),
        ("h-14;h-0", (14, 0)),
        ("3,3,1", (3, 1)),
        ("60", (60,)),
    ],
)
def test_parse_lead_days(text: str, leads: tuple[int, ...]) -> None:
    assert parse_lead_days(text) == leads


@pytest.mark.parametrize(
    ("text", "code", "data"),
    [
        ("", "deadline.leads_empty", {}),
        ("7,-1", "deadline.lead_negative", {"value": "-1"}),
        ("90", "deadline.lead_too_far", {"days": 60, "value": "90"}),
        ("tujuh", "deadline.lead_not_days", {"value": "tujuh"}),
        ("H+1", "deadline.lead_not_days", {"value": "H+1"}),
        ("2.5", "deadline.lead_not_days", {"value": "2.5"}),
    ],
)
def test_parse_lead_days_errors(text: str, code: str, data: dict[str, object]) -> None:
    with pytest.raises(DeadlineError) as info:
        parse_lead_days(text)
    assert (info.value.code, info.value.data) == (code, data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", time(8, 0)),
        ("8:00", time(8, 0)),
        ("08.30", time(8, 30)),
        ("16.45 WIB", time(16, 45)),
        (" 7 ", time(7, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "data"),
    [
        ("", "deadline.time_empty", {}),
        ("24:00", "deadline.time_impossible", {"value": "24:00"}),
        ("08:75", "deadline.time_impossible", {"value": "08:75"}),
        ("jam 8", "deadline.time_format", {"value": "jam 8"}),
        ("8 pagi", "deadline.time_format", {"value": "8 pagi"}),
    ],
)
def test_parse_time_errors(text: str, code: str, data: dict[str, object]) -> None:
    with pytest.raises(DeadlineError) as info:
        parse_time(text)
    assert (info.value.code, info.value.data) == (code, data)


def test_parse_day_and_shift() -> None:
    assert parse_day("10") == 10
    assert parse_day(" 31 ") == 31
    assert parse_day("akhir") is None
    assert parse_day("Akhir Bulan") is None
    assert parse_day("0") is None
    for bad in ("32", "-1", "sepuluh", ""):
        with pytest.raises(DeadlineError) as info:
            parse_day(bad)
        assert (info.value.code, info.value.data) == ("deadline.day_text", {"value": bad})
    assert parse_shift("sebelumnya") is Shift.PREVIOUS
    assert parse_shift("Hari kerja berikutnya") is Shift.NEXT
    assert parse_shift("tetap") is Shift.NONE
    assert parse_shift("previous_working_day") is Shift.PREVIOUS
    with pytest.raises(DeadlineError) as info:
        parse_shift("kapan saja")
    assert (info.value.code, info.value.data) == ("deadline.shift_unknown", {"value": "kapan saja"})


def test_parse_holidays() -> None:
    text = """
    # tabel tambahan admin
    2024-03-29 Wafat Isa Almasih
    09/05/2024   Kenaikan   Isa Almasih
    10-04-2024
    """
    assert parse_holidays(text) == {
        date(2024, 3, 29): "Wafat Isa Almasih",
        date(2024, 5, 9): "Kenaikan Isa Almasih",
        date(2024, 4, 10): "Hari libur",
    }
    with pytest.raises(DeadlineError) as info:
        parse_holidays("2024-03-29 Wafat Isa Almasih\n2023-02-30 Tidak ada")
    assert (info.value.code, info.value.data) == (
        "deadline.holiday_line",
        {"line": 2, "value": "2023-02-30"},
    )
    with pytest.raises(DeadlineError) as info:
        parse_holidays("besok Libur")
    assert info.value.data == {"line": 1, "value": "besok"}


def test_rule_validation() -> None:
    base = RULES["realisasi-bulanan"]
    refusals: list[tuple[Callable[[], object], str, dict[str, object]]] = [
        (lambda: dataclasses.replace(base, day=32), "deadline.day_out_of_range", {"day": 32}),
        (lambda: dataclasses.replace(base, month=3), "deadline.month_not_yearly", {}),
        (lambda: dataclasses.replace(base, months_after=-1), "deadline.months_after", {}),
        (
            lambda: dataclasses.replace(base, code="Realisasi Bulanan"),
            "deadline.code_invalid",
            {"code": "Realisasi Bulanan"},
        ),
        (lambda: dataclasses.replace(base, name="  "), "deadline.name_empty", {}),
        (
            lambda: dataclasses.replace(base, cadence="weekly"),  # type: ignore[arg-type]
            "deadline.cadence_unknown",
            {"value": "weekly"},
        ),
        (
            lambda: dataclasses.replace(base, shift="kapan saja"),  # type: ignore[arg-type]
            "deadline.shift_unknown",
            {"value": "kapan saja"},
        ),
        (
            lambda: DeadlineRule(code="x", name="X", cadence=Cadence.YEARLY, day=1),
            "deadline.yearly_needs_month",
            {},
        ),
        (
            lambda: dataclasses.replace(RULES["lkjip-kota"], year_offset=-1),
            "deadline.year_offset",
            {},
        ),
    ]
    for make, code, data in refusals:
        with pytest.raises(DeadlineError) as info:
            make()
        assert (info.value.code, info.value.data) == (code, data)
    stored = DeadlineRule(
        code="x",
        name="X",
        cadence="quarterly",  # type: ignore[arg-type]
        day=15,
        shift="next_working_day",  # type: ignore[arg-type]
    )
    assert stored.cadence is Cadence.QUARTERLY and stored.shift is Shift.NEXT


# --- properties ---------------------------------------------------------------------------------

_holiday_sets = st.frozensets(
    st.dates(min_value=date(2022, 12, 1), max_value=date(2027, 1, 31)), max_size=40
)


@given(holidays=_holiday_sets, d=st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)))
def test_previous_working_day_properties(holidays: frozenset[date], d: date) -> None:
    calendar = WorkCalendar(holidays)
    shifted = calendar.previous_working_day(d)
    assert calendar.is_working_day(shifted)
    assert shifted <= d
    assert (d - shifted).days <= 7 + len(holidays)
    assert (d - shifted).days <= 2 + len(holidays)  # at most one weekend between the holidays
    skipped = [shifted + timedelta(days=i) for i in range(1, (d - shifted).days + 1)]
    assert not any(calendar.is_working_day(x) for x in skipped)


@given(holidays=_holiday_sets, d=st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)))
def test_next_working_day_properties(holidays: frozenset[date], d: date) -> None:
    calendar = WorkCalendar(holidays)
    shifted = calendar.next_working_day(d)
    assert calendar.is_working_day(shifted)
    assert d <= shifted
    assert (shifted - d).days <= 2 + len(holidays)
    skipped = [d + timedelta(days=i) for i in range((shifted - d).days)]
    assert not any(calendar.is_working_day(x) for x in skipped)


@st.composite
def _rules(draw: st.DrawFn) -> DeadlineRule:
    cadence = draw(st.sampled_from(Cadence))
    day = draw(st.none() | st.integers(1, 31))
    shift = draw(st.sampled_from(Shift))
    if cadence is Cadence.YEARLY:
        return DeadlineRule(
            code="r",
            name="R",
            cadence=cadence,
            day=day,
            month=draw(st.integers(1, 12)),
            year_offset=draw(st.integers(0, 2)),
            shift=shift,
        )
    return DeadlineRule(
        code="r",
        name="R",
        cadence=cadence,
        day=day,
        months_after=draw(st.integers(0, 13)),
        shift=shift,
    )


@settings(max_examples=150, deadline=None)
@given(
    rule=_rules(),
    holidays=_holiday_sets,
    start=st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)),
    span=st.integers(0, 500),
    cut=st.integers(0, 500),
)
def test_occurrences_properties(
    rule: DeadlineRule, holidays: frozenset[date], start: date, span: int, cut: int
) -> None:
    calendar = WorkCalendar(holidays)
    end = start + timedelta(days=span)
    found = occurrences(rule, start, end, calendar)
    assert [o.due for o in found] == sorted(o.due for o in found)
    assert len({o.period_key for o in found}) == len(found)
    for occ in found:
        assert start <= occ.due <= end
        assert occ.due == calendar.shift(occ.nominal_due, rule.shift)
        if rule.shift is Shift.PREVIOUS:
            assert calendar.is_working_day(occ.due)
            assert occ.due <= occ.nominal_due
            assert (occ.nominal_due - occ.due).days <= 7 + len(holidays)
        elif rule.shift is Shift.NEXT:
            assert calendar.is_working_day(occ.due)
            assert occ.due >= occ.nominal_due
        assert occurrence_for(rule, occ.period_key, calendar) == occ
    # Splitting the range anywhere loses and duplicates nothing.
    middle = start + timedelta(days=min(cut, span))
    left = occurrences(rule, start, middle, calendar)
    right = occurrences(rule, middle + timedelta(days=1), end, calendar)
    assert left + right == found


@given(rule=_rules(), year=st.integers(2023, 2026))
def test_one_occurrence_per_period_and_year(rule: DeadlineRule, year: int) -> None:
    # With nothing but weekends, a year holds 12 monthly, 4 quarterly or 1 yearly occurrence(s),
    # give or take one moved across New Year by the shift.
    found = occurrences(rule, date(year, 1, 1), date(year, 12, 31), WEEKENDS_ONLY)
    expected = {Cadence.MONTHLY: 12, Cadence.QUARTERLY: 4, Cadence.YEARLY: 1}[rule.cadence]
    assert expected - 1 <= len(found) <= expected + 1


@given(st.frozensets(st.integers(0, MAX_LEAD_DAYS), min_size=1))
def test_parse_lead_days_round_trip(leads: frozenset[int]) -> None:
    text = ", ".join(f"H-{n}" if n % 2 else str(n) for n in leads)
    assert parse_lead_days(text) == tuple(sorted(leads, reverse=True))
