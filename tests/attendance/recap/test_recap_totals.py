"""The monthly recap of a hand-made month: three people, their check-ins and requests built by hand, and the
counts, minutes, TPP deduction and PP 94/2021 level worked out by hand below.

April 2026: Wed 1 … Thu 30; Good Friday (3 April) is a holiday; 21 working days (Mon–Thu 07:30–16:00,
Fri 07:30–16:30). The first check-in ever recorded is Monday 2 March, so the year's TK days count from then.

Ani   all of March on time. April: Mon 6 in 07:45 (TL1, 15 min late); Tue 7 out 15:00 (PSW2, 60 min
      early); Wed 8 in 08:10 and out 14:00 (TL2 40 min and PSW4 120 min: both count); Thu 9 nothing (TK);
      Fri 10 in 07:25 and no check-out (PSW4, 0 minutes); every other day on time (16 × H).
Budi  nothing in March (22 TK working days in a row); April 1–2 nothing (TK; 24 in a row with March);
      DL 13–14, cuti tahunan 15–17 (CT), sakit 20 (S), izin 21 (I), the other 12 days on time.
Citra started on 15 April (12 working days); TK 22, 23, 24; Mon 27 in 09:05 (TL4, 95 min); 8 × H.

Deduction table used (set below): TL1 0.5, TL2 1, TL4 1.5, PSW2 1, PSW4 1.5, TK 3, I 2.5, others 0.
  Ani   0.5 + 1 + 1 + 1.5 + 3 + 1.5 = 8.5 %
  Budi  2 × 3 + 2.5 = 8.5 %
  Citra 3 × 3 + 1.5 = 10.5 %
Year's TK days to 30 April: Ani 1 (no level), Budi 24 (Berat: penurunan jabatan; 24 in a row, so the
Pasal 15(2) note), Citra 3 (Ringan: teguran lisan).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance.models import CheckIn, DeductionRule
from attendance.recap import monthly
from policy.models import Arrangement
from tests.conftest import make_employee, make_unit
from units import clock
from units.models import Employee, Holiday, Unit

GOOD_FRIDAY = dt.date(2026, 4, 3)
AFTER_APRIL = dt.date(2026, 5, 4)
PERCENTS = {"TL1": "0.5", "TL2": "1", "TL3": "1.25", "TL4": "1.5", "PSW1": "0.5", "PSW2": "1",
            "PSW3": "1.25", "PSW4": "1.5", "TK": "3", "I": "2.5", "H": "0", "DL": "0", "CT": "0", "S": "0"}


def jakarta(day, hh, mm):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))


def working_days(year, month):
    return [d for d in monthly.month_days(year, month) if d.weekday() < 5 and d != GOOD_FRIDAY]


def check(employee, day, kind, hh, mm):
    CheckIn.objects.create(employee=employee, date=day, kind=kind, at=jakarta(day, hh, mm), created_by=employee.user)


def on_time(employee, day):
    check(employee, day, "in", 7, 20)
    check(employee, day, "out", 16, 35)


def arrange(employee, kind, start, end, leave_type=""):
    Arrangement.objects.create(
        employee=employee, kind=kind, leave_type=leave_type, start_date=start, end_date=end,
        status=Arrangement.Status.APPROVED, reason="uji",
    )


@dataclass
class April:
    unit: Unit
    ani: Employee
    budi: Employee
    citra: Employee


def build_april(world) -> April:
    for code, percent in PERCENTS.items():
        DeductionRule.objects.filter(code=code).update(deduction_percent=Decimal(percent))
    Holiday.objects.create(date=GOOD_FRIDAY, name="Wafat Yesus Kristus", category="public")
    unit = make_unit("17.99.01.1009", "Kelurahan Rekap Uji", Unit.Kind.KELURAHAN, world.kec_alpha)
    ani = make_employee(unit, "Ani Rekap")
    budi = make_employee(unit, "Budi Rekap")
    citra = make_employee(unit, "Citra Rekap", start_date=dt.date(2026, 4, 15))
    for day in working_days(2026, 3):
        on_time(ani, day)
    d = dt.date.fromisoformat
    special = {d("2026-04-06"), d("2026-04-07"), d("2026-04-08"), d("2026-04-09"), d("2026-04-10")}
    for day in working_days(2026, 4):
        if day not in special:
            on_time(ani, day)
    check(ani, d("2026-04-06"), "in", 7, 45)
    check(ani, d("2026-04-06"), "out", 16, 0)
    check(ani, d("2026-04-07"), "in", 7, 20)
    check(ani, d("2026-04-07"), "out", 15, 0)
    check(ani, d("2026-04-08"), "in", 8, 10)
    check(ani, d("2026-04-08"), "out", 14, 0)
    check(ani, d("2026-04-10"), "in", 7, 25)
    arrange(budi, "dl", d("2026-04-13"), d("2026-04-14"))
    arrange(budi, "cuti", d("2026-04-15"), d("2026-04-17"), "tahunan")
    arrange(budi, "sakit", d("2026-04-20"), d("2026-04-20"))
    arrange(budi, "izin", d("2026-04-21"), d("2026-04-21"))
    for day in working_days(2026, 4):
        if d("2026-04-06") <= day <= d("2026-04-10") or day >= d("2026-04-22"):
            on_time(budi, day)
    for day in working_days(2026, 4):
        if day >= d("2026-04-15") and day not in {d("2026-04-22"), d("2026-04-23"), d("2026-04-24"), d("2026-04-27")}:
            on_time(citra, day)
    check(citra, d("2026-04-27"), "in", 9, 5)
    check(citra, d("2026-04-27"), "out", 16, 35)
    return April(unit, ani, budi, citra)


def freeze(monkeypatch, day: dt.date, hh: int = 10) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)
    monkeypatch.setattr(clock, "now", lambda: jakarta(day, hh, 0))


@pytest.fixture
def after_april(monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)


@pytest.fixture
def april(world, after_april) -> April:
    return build_april(world)


def recap_of(april):
    staff = monthly.ordered(Employee.objects.filter(unit=april.unit))
    return monthly.gather(staff, 2026, 4, today=clock.today())


def counts(row) -> dict:
    return {code: n for code, n in row.summary.counts.items() if n}


def test_it_counts_each_code_minutes_and_deduction_for_ani(april):
    ani = next(r for r in recap_of(april).rows if r.employee == april.ani)
    assert counts(ani) == {"H": 16, "TL1": 1, "TL2": 1, "PSW2": 1, "PSW4": 2, "TK": 1}
    assert ani.summary.working_days == 21
    assert ani.summary.late_minutes == 15 + 40
    assert ani.summary.early_minutes == 60 + 120
    assert ani.summary.deduction == Decimal("8.5")
    assert ani.tally.days == 1
    assert ani.level is None


def test_it_counts_requests_and_the_years_absences_for_budi(april):
    budi = next(r for r in recap_of(april).rows if r.employee == april.budi)
    assert counts(budi) == {"H": 12, "DL": 2, "CT": 3, "S": 1, "I": 1, "TK": 2}
    assert budi.summary.working_days == 21
    assert budi.summary.deduction == Decimal("8.5")
    assert budi.tally.days == 22 + 2
    assert budi.tally.longest == 24
    assert budi.streak.sanction.startswith("Pemberhentian")
    assert budi.level.level == "Berat"
    assert budi.level.sanction.startswith("Penurunan jabatan")


def test_it_starts_counting_on_the_start_date_for_citra(april):
    citra = next(r for r in recap_of(april).rows if r.employee == april.citra)
    assert counts(citra) == {"H": 8, "TK": 3, "TL4": 1}
    assert citra.summary.working_days == 12
    assert citra.summary.late_minutes == 95
    assert citra.summary.deduction == Decimal("10.5")
    assert citra.tally.days == 3
    assert citra.streak is None
    assert (citra.level.level, citra.level.sanction) == ("Ringan", "Teguran lisan")


def test_it_adds_up_the_unit(april):
    recap = recap_of(april)
    total = recap.total
    assert total.working_days == 21 + 21 + 12
    assert {c: n for c, n in total.counts.items() if n} == {
        "H": 36, "TL1": 1, "TL2": 1, "TL4": 1, "PSW2": 1, "PSW4": 2, "DL": 2, "CT": 3, "S": 1, "I": 1, "TK": 6,
    }
    assert (total.late_minutes, total.early_minutes) == (150, 180)
    assert total.deduction == Decimal("9.17")  # the mean of 8.5, 8.5 and 10.5
    assert recap.example  # the seeded rules are examples until BKPSDM confirms them
    assert recap.since == dt.date(2026, 3, 2)


def test_it_leaves_out_days_after_today_and_today_before_it_is_over(world, monkeypatch):
    freeze(monkeypatch, dt.date(2026, 4, 9))
    april = build_april(world)
    recap = monthly.gather(monthly.ordered(Employee.objects.filter(unit=april.unit)), 2026, 4, today=clock.today())
    ani, budi = (next(r for r in recap.rows if r.employee == p) for p in (april.ani, april.budi))
    assert ani.summary.working_days == 5  # 1, 2, 6, 7, 8: the 9th is not over yet
    assert counts(ani) == {"H": 2, "TL1": 1, "TL2": 1, "PSW2": 1, "PSW4": 1}
    assert budi.summary.counts["DL"] == 0  # the DL days are next week
    assert recap.through == dt.date(2026, 4, 9)


def test_it_says_when_a_rule_is_confirmed(april):
    DeductionRule.objects.update(is_example=False)
    recap = recap_of(april)
    assert not recap.example
    assert not any(r.summary.example for r in recap.rows)
