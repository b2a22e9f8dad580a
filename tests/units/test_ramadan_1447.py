"""The Ramadan 1447 H schedule as SE Pj Sekda Kota Bengkulu No. 04/2026 sets it (DOMAIN.md section 1):
19 February – 20 March 2026 (1 Syawal, Idul Fitri, on 21 March after a 30-day month), and the 6-day units'
12.00–12.30 break Monday–Thursday and Saturday (Friday 11.30–12.30)."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from units.models import Schedule, ScheduleDay, ScheduleOverride
from units.schedule import Hours

D = dt.date
FIRST_DAY, LAST_DAY, IDUL_FITRI = D(2026, 2, 19), D(2026, 3, 20), D(2026, 3, 21)


def hours(start: str, end: str, break_start: str | None = None, break_end: str | None = None) -> Hours:
    t = dt.time.fromisoformat
    return Hours(t(start), t(end), break_start and t(break_start), break_end and t(break_end))


# The SE's table, written from the regulation (radarbengkulu.disway.id/read/687056).
SE_04_2026 = {
    "5-hari": {0: hours("08:00", "15:00", "12:00", "12:30"), 4: hours("08:00", "15:30", "11:30", "12:30")},
    "6-hari": {
        0: hours("08:00", "14:00", "12:00", "12:30"),
        4: hours("08:00", "14:00", "11:30", "12:30"),
        5: hours("08:00", "14:00", "12:00", "12:30"),
    },
}


@pytest.fixture
def schedules(db):
    import_module("units.migrations.0003_default_schedules").create_default_schedules(apps, None)
    return {s.code: s for s in Schedule.objects.prefetch_related("days", "overrides__days")}


@pytest.mark.parametrize("code", ["5-hari", "6-hari"])
def test_it_runs_ramadan_to_its_last_day(schedules, code):
    override = schedules[code].overrides.get()
    assert (override.start_date, override.end_date) == (FIRST_DAY, LAST_DAY)
    assert override.legal_basis == "SE Pj Sekda Kota Bengkulu No. 04/2026"
    timetable = schedules[code].timetable()
    assert timetable.hours_on(LAST_DAY) == SE_04_2026[code][4]  # Friday 20 March: still Ramadan hours
    assert timetable.hours_on(FIRST_DAY - dt.timedelta(days=1)).start == dt.time(7, 30)


def test_it_ends_ramadan_before_idul_fitri(schedules):
    # Saturday 21 March, 1 Syawal: the 6-day week's normal Saturday, not Ramadan's.
    assert schedules["6-hari"].timetable().hours_on(IDUL_FITRI) == hours("07:30", "14:15", "12:00", "12:30")


@pytest.mark.parametrize(
    "code, day",
    [("5-hari", D(2026, 3, 2)), ("5-hari", D(2026, 3, 6)), ("6-hari", D(2026, 3, 2)), ("6-hari", D(2026, 3, 6)),
     ("6-hari", D(2026, 3, 7)), ("6-hari", D(2026, 3, 19))],
)
def test_it_gives_the_ses_hours_and_break(schedules, code, day):
    expected = SE_04_2026[code][day.weekday() if day.weekday() in (4, 5) else 0]
    assert schedules[code].timetable().hours_on(day) == expected


def _as_first_seeded(schedules):
    """The values the schedules were seeded with before the fix: Ramadan to 19 March, no 6-day break."""
    ScheduleOverride.objects.filter(name="Ramadan 1447 H").update(end_date=D(2026, 3, 19))
    ScheduleDay.objects.filter(override__schedule__code="6-hari", weekday__in=(0, 1, 2, 3, 5)).update(
        break_start=None, break_end=None
    )


def test_the_data_migration_fixes_a_database_seeded_before(schedules):
    _as_first_seeded(schedules)
    import_module("units.migrations.0014_ramadan_1447_range_and_break").forwards(apps, None)
    for code in ("5-hari", "6-hari"):
        schedule = Schedule.objects.prefetch_related("days", "overrides__days").get(code=code)
        assert schedule.overrides.get().end_date == LAST_DAY
        assert schedule.timetable().hours_on(D(2026, 3, 7 if code == "6-hari" else 6)) == SE_04_2026[code][
            5 if code == "6-hari" else 4
        ]


def test_the_data_migration_keeps_what_an_admin_set(schedules):
    _as_first_seeded(schedules)
    override = ScheduleOverride.objects.get(schedule__code="6-hari")
    override.end_date = D(2026, 3, 18)
    override.save()
    ScheduleDay.objects.filter(override=override, weekday=5).update(
        break_start=dt.time(11, 0), break_end=dt.time(11, 45)
    )
    import_module("units.migrations.0014_ramadan_1447_range_and_break").forwards(apps, None)
    override.refresh_from_db()
    assert override.end_date == D(2026, 3, 18)
    saturday = ScheduleDay.objects.get(override=override, weekday=5)
    assert (saturday.break_start, saturday.break_end) == (dt.time(11, 0), dt.time(11, 45))
