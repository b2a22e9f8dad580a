"""Working hours: the hours that apply on a date, and the migrated default schedules."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from units.models import Schedule
from units.schedule import Hours, Override, Timetable


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def hours(start, end, break_start=None, break_end=None) -> Hours:
    return Hours(t(start), t(end), break_start and t(break_start), break_end and t(break_end))


MON_THU = hours("07:30", "16:00", "12:00", "13:00")
FRIDAY = hours("07:30", "16:30", "11:30", "13:00")
RAMADAN_MON_THU = hours("08:00", "15:00", "12:00", "12:30")
RAMADAN_FRIDAY = hours("08:00", "15:30", "11:30", "12:30")
RAMADAN = Override(
    "Ramadan 1447 H", dt.date(2026, 2, 19), dt.date(2026, 3, 20),
    {0: RAMADAN_MON_THU, 1: RAMADAN_MON_THU, 2: RAMADAN_MON_THU, 3: RAMADAN_MON_THU,
     4: RAMADAN_FRIDAY},
)
FIVE_DAY = Timetable({0: MON_THU, 1: MON_THU, 2: MON_THU, 3: MON_THU, 4: FRIDAY}, (RAMADAN,))


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2026, 1, 5), MON_THU),  # a normal Monday
        (dt.date(2026, 1, 8), MON_THU),  # Thursday
        (dt.date(2026, 1, 9), FRIDAY),  # Friday: longer break, later end
        (dt.date(2026, 1, 10), None),  # Saturday is off on the 5-day week
        (dt.date(2026, 1, 11), None),  # Sunday
        (dt.date(2026, 2, 18), MON_THU),  # the day before Ramadan
        (dt.date(2026, 2, 19), RAMADAN_MON_THU),  # first day of the override
        (dt.date(2026, 3, 2), RAMADAN_MON_THU),
        (dt.date(2026, 3, 6), RAMADAN_FRIDAY),
        (dt.date(2026, 3, 7), None),  # Saturday stays off during Ramadan
        (dt.date(2026, 3, 19), RAMADAN_MON_THU),
        (dt.date(2026, 3, 20), RAMADAN_FRIDAY),  # last day, inclusive
        (dt.date(2026, 3, 27), FRIDAY),  # a Friday after
    ],
)
def test_it_picks_the_hours_that_apply_on_a_day(day, expected):
    assert FIVE_DAY.hours_on(day) == expected


def test_it_lets_the_latest_starting_override_win_whole():
    inner = Override(
        "Rapat kerja", dt.date(2026, 3, 2), dt.date(2026, 3, 3), {0: hours("09:00", "12:00")}
    )
    timetable = Timetable(FIVE_DAY.week, (RAMADAN, inner))
    assert timetable.hours_on(dt.date(2026, 3, 2)) == hours("09:00", "12:00")
    assert timetable.hours_on(dt.date(2026, 3, 3)) is None  # the inner week has no Tuesday
    assert timetable.hours_on(dt.date(2026, 3, 4)) == RAMADAN_MON_THU


@pytest.mark.parametrize(
    "shift, start, end, crosses",
    [
        (hours("07:00", "14:00"), dt.datetime(2026, 1, 5, 7), dt.datetime(2026, 1, 5, 14), False),
        (hours("21:00", "07:00"), dt.datetime(2026, 1, 5, 21), dt.datetime(2026, 1, 6, 7), True),
        (hours("00:00", "00:00"), dt.datetime(2026, 1, 5, 0), dt.datetime(2026, 1, 6, 0), True),
    ],
)
def test_it_bounds_a_shift_that_crosses_midnight_on_the_next_day(shift, start, end, crosses):
    assert shift.bounds(dt.date(2026, 1, 5)) == (start, end)
    assert shift.crosses_midnight is crosses


@pytest.mark.parametrize(
    "item, minutes",
    [
        (MON_THU, 450),
        (FRIDAY, 450),
        (RAMADAN_MON_THU, 390),
        (hours("21:00", "07:00"), 600),
        (hours("00:00", "00:00"), 1440),
    ],
)
def test_it_counts_net_minutes_without_the_break(item, minutes):
    assert item.net_minutes == minutes


def test_it_adds_up_to_37_and_a_half_hours_a_week_on_the_5_day_week():
    assert FIVE_DAY.weekly_minutes() == 2250
    assert Timetable(RAMADAN.week).weekly_minutes() == 1950  # 32.5 h in Ramadan


@pytest.fixture
def defaults(db):
    """Migration 0003's schedules, re-created (idempotent) if a live-server test flushed them."""
    migration = import_module("units.migrations.0003_default_schedules")
    migration.create_default_schedules(apps, None)
    return {
        s.code: s
        for s in Schedule.objects.prefetch_related("days", "overrides__days", "shifts")
    }


def test_it_migrates_the_5_day_schedule_with_its_ramadan_hours(defaults):
    timetable = defaults["5-hari"].timetable()
    assert timetable.hours_on(dt.date(2026, 1, 5)) == MON_THU
    assert timetable.hours_on(dt.date(2026, 3, 2)) == RAMADAN_MON_THU
    assert timetable.hours_on(dt.date(2026, 3, 6)) == RAMADAN_FRIDAY
    assert timetable.weekly_minutes() == 2250
    assert defaults["5-hari"].overrides.get().legal_basis == "SE Pj Sekda Kota Bengkulu No. 04/2026"


def test_it_migrates_the_6_day_schedule_at_37_and_a_half_hours(defaults):
    timetable = defaults["6-hari"].timetable()
    assert timetable.hours_on(dt.date(2026, 1, 10)) == hours("07:30", "14:15", "12:00", "12:30")
    assert timetable.hours_on(dt.date(2026, 1, 11)) is None
    assert timetable.weekly_minutes() == 2250
    assert timetable.hours_on(dt.date(2026, 3, 7)) == hours("08:00", "14:00", "12:00", "12:30")


def test_it_migrates_the_24_hour_shift_schedule(defaults):
    shift = defaults["shift-24-jam"]
    assert shift.kind == Schedule.Kind.SHIFT and shift.works_on_holidays
    week = [shift.timetable().hours_on(dt.date(2026, 1, d)) for d in range(4, 11)]
    assert [h.net_minutes for h in week] == [1440] * 7
    assert [(s.code, s.hours().crosses_midnight) for s in shift.shifts.all()] == [
        ("pagi", False), ("siang", False), ("malam", True)
    ]
