"""The pure helpers of the month calendar: weeks, labels in words and letters, totals."""

import datetime as dt

from attendance.evaluation.status import DayStatus
from attendance.month import calendar
from policy.plan import day_plan

TODAY = dt.date(2026, 4, 10)


def test_it_lays_a_month_out_monday_to_sunday():
    weeks = calendar.weeks(dt.date(2026, 4, 1))
    assert weeks[0] == [None, None, dt.date(2026, 4, 1), dt.date(2026, 4, 2), dt.date(2026, 4, 3), dt.date(2026, 4, 4), dt.date(2026, 4, 5)]
    assert weeks[-1] == [dt.date(2026, 4, 27), dt.date(2026, 4, 28), dt.date(2026, 4, 29), dt.date(2026, 4, 30), None, None, None]
    assert len(weeks) == 5 and all(len(w) == 7 for w in weeks)
    assert len(calendar.weeks(dt.date(2026, 2, 1))) == 5  # 1 February 2026 is a Sunday


def test_it_reads_the_month_or_falls_back_to_this_one():
    assert calendar.parse_month("2026-02", TODAY) == dt.date(2026, 2, 1)
    for wrong in (None, "", "2026-13", "April", "2026-04-01"):
        assert calendar.parse_month(wrong, TODAY) == dt.date(2026, 4, 1), wrong
    assert calendar.previous_month(dt.date(2026, 1, 1)) == dt.date(2025, 12, 1)
    assert calendar.next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)


def test_it_says_each_code_in_words():
    day = dt.date(2026, 4, 6)
    onsite = day_plan.PlannedDay(day_plan.ONSITE, "policy")
    assert calendar.day_label(day, TODAY, DayStatus(("TL1",), late_minutes=12), onsite) == "TL1 · terlambat 12 menit"
    assert calendar.day_label(day, TODAY, DayStatus(("H",)), onsite) == "H · hadir"
    assert calendar.day_label(day, TODAY, DayStatus(("TL1", "PSW2"), late_minutes=3, early_minutes=40), onsite) == (
        "TL1 · terlambat 3 menit; PSW2 · pulang cepat 40 menit"
    )
    assert calendar.day_label(day, TODAY, DayStatus(("PSW4",), missing_out=True), onsite) == "PSW4 · tidak presensi pulang"
    assert calendar.day_label(day, TODAY, DayStatus(("TK",)), onsite) == "TK · tanpa keterangan"
    holiday = day_plan.PlannedDay(day_plan.LIBUR, "holiday", holiday="Hari Buruh")
    assert calendar.day_label(dt.date(2026, 5, 1), TODAY, DayStatus(("L",)), holiday) == "L · Libur: Hari Buruh"
    assert calendar.day_label(dt.date(2026, 4, 4), TODAY, DayStatus(("L",)), day_plan.PlannedDay(day_plan.LIBUR, "schedule")) == (
        "L · akhir pekan"
    )
    assert calendar.day_label(day, TODAY, DayStatus(("L",)), day_plan.PlannedDay(day_plan.LIBUR, "schedule")) == "L · bukan hari kerja"
    assert calendar.day_label(day, TODAY, DayStatus(("L",)), day_plan.PlannedDay(day_plan.OFF, "schedule")) == "L · lepas shift"
    assert calendar.day_label(dt.date(2026, 4, 13), TODAY, DayStatus(("-",)), onsite) == "hari mendatang"
    assert calendar.day_label(TODAY, TODAY, DayStatus(("-",)), onsite) == "belum presensi"
    assert calendar.day_label(day, TODAY, DayStatus(("CT",)), day_plan.PlannedDay(day_plan.CUTI, "arrangement")) == "CT · cuti tahunan"


def test_it_totals_a_hand_made_month_up_to_today():
    statuses = {
        dt.date(2026, 4, 1): DayStatus(("H",), first_in=dt.datetime(2026, 4, 1, 7, 20)),
        dt.date(2026, 4, 2): DayStatus(("TL2", "PSW1"), late_minutes=40, early_minutes=20, first_in=dt.datetime(2026, 4, 2, 8, 10)),
        dt.date(2026, 4, 3): DayStatus(("L",)),
        dt.date(2026, 4, 6): DayStatus(("TK",)),
        dt.date(2026, 4, 7): DayStatus(("PSW4",), missing_out=True, first_in=dt.datetime(2026, 4, 7, 7, 0)),
        dt.date(2026, 4, 8): DayStatus(("DL",)),
        dt.date(2026, 4, 10): DayStatus(("-",)),
        dt.date(2026, 4, 11): DayStatus(("L",)),  # after today: not counted yet
    }
    totals = calendar.totals(statuses, TODAY)
    assert totals.counts == (("H", 1), ("TL2", 1), ("PSW1", 1), ("PSW4", 1), ("DL", 1), ("TK", 1), ("L", 1))
    assert (totals.late_minutes, totals.early_minutes, totals.days_present) == (40, 20, 3)


def test_it_says_a_long_lateness_in_hours_and_minutes():
    """Issue 16: "7 jam 47 menit", not "467 mnt" (units.words.duration, tested in tests/units/test_words.py)."""
    status = DayStatus(codes=("PSW4",), early_minutes=467)
    assert calendar.code_words("PSW4", status) == "pulang cepat 7 jam 47 menit"
