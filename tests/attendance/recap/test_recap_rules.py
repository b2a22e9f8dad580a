"""The pure parts of the recap, as tables: deductions with the cap, the year's TK runs, PP 94/2021 levels."""

from decimal import Decimal

import pytest

from attendance.evaluation.status import DayStatus
from attendance.recap import monthly

RULES = {
    "H": monthly.Rule(Decimal(0), True),
    "TL1": monthly.Rule(Decimal("0.5"), True),
    "PSW1": monthly.Rule(Decimal("0.5"), False),
    "TK": monthly.Rule(Decimal(3), False),
}
LEVELS = [
    monthly.Level(3, 3, "Ringan", "Teguran lisan"),
    monthly.Level(4, 6, "Ringan", "Teguran tertulis"),
    monthly.Level(28, None, "Berat", "Pemberhentian"),
]


def test_it_counts_a_late_arrival_and_an_early_departure_on_the_same_day():
    result = monthly.summarize([DayStatus(("TL1", "PSW1"), late_minutes=5, early_minutes=7)], RULES)
    assert result.counts == {"TL1": 1, "PSW1": 1}
    assert result.working_days == 1
    assert (result.late_minutes, result.early_minutes) == (5, 7)
    assert result.deduction == Decimal("1.0")


def test_it_caps_the_deduction_at_100_percent():
    result = monthly.summarize([DayStatus(("TK",))] * 40, RULES)
    assert result.counts["TK"] == 40
    assert result.deduction == Decimal(100)


def test_it_skips_days_off_pending_days_and_days_not_counted():
    days = [DayStatus(("L",)), DayStatus(("-",)), None, DayStatus(("H",))]
    result = monthly.summarize(days, RULES)
    assert result.working_days == 1
    assert result.counts == {"H": 1}


def test_it_marks_example_values_only_when_an_example_rule_was_used():
    assert not monthly.summarize([DayStatus(("TK",)), DayStatus(("PSW1",))], RULES).example
    assert monthly.summarize([DayStatus(("TL1",))], RULES).example
    assert not monthly.summarize([DayStatus(("XX",))], RULES).example  # no rule: no deduction, no example


@pytest.mark.parametrize(
    "codes, expected",
    [
        (["TK", "TK", "H", "TK"], monthly.Tally(3, 1, 2)),
        (["TK", "L", "L", "TK", "-", "TK"], monthly.Tally(3, 3, 3)),  # days off do not break a run
        (["TK", "DL", "TK"], monthly.Tally(2, 1, 1)),
        (["TK"] * 10, monthly.Tally(10, 10, 10)),
        ([], monthly.Tally()),
    ],
)
def test_it_counts_the_years_absences_and_runs(codes, expected):
    assert monthly.tally_tk(monthly.Tally(), codes) == expected


def test_it_carries_a_run_over_a_month_boundary():
    march = monthly.tally_tk(monthly.Tally(), ["H"] + ["TK"] * 6)
    april = monthly.tally_tk(march, ["L", "TK", "TK", "TK", "TK", "H"])
    assert april == monthly.Tally(10, 0, 10)
    ladder = monthly.Ladder(streak=monthly.Level(10, None, "Berat", "Pemberhentian"))
    assert monthly.streak_for(april, ladder) == ladder.streak
    assert monthly.streak_for(monthly.Tally(9, 9, 9), ladder) is None


@pytest.mark.parametrize(
    "days, level",
    [(0, None), (2, None), (3, "Teguran lisan"), (4, "Teguran tertulis"), (6, "Teguran tertulis"),
     (7, None), (28, "Pemberhentian"), (90, "Pemberhentian")],
)
def test_it_finds_the_sanction_level(days, level):
    found = monthly.sanction_for(days, LEVELS)
    assert (found.sanction if found else None) == level


def test_it_adds_up_and_averages_the_deduction():
    a = monthly.summarize([DayStatus(("TK",))], RULES)
    b = monthly.summarize([DayStatus(("H",))], RULES)
    total = monthly.add_up([a, b])
    assert total.counts == {"TK": 1, "H": 1}
    assert total.working_days == 2
    assert total.deduction == Decimal("1.50")
    assert total.example
