"""The break moment of a schedule (SE BKPSDM Kota Bengkulu 4/2025): which days ask for a break check-in,
the window in whole minutes, what the rows pass on, and what an admin may set."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import login
from units.models import Schedule, ScheduleDay, ScheduleOverride, Shift, check_break
from units.schedule import Hours, Timetable, in_window, window_over

T = dt.time
D = dt.date
SE_DATE = D(2025, 3, 3)
MON_THU = Hours(T(7, 30), T(16, 0), T(12, 0), T(13, 0), SE_DATE)
FRIDAY_HOURS = Hours(T(7, 30), T(16, 30), T(11, 30), T(13, 0), SE_DATE)
NO_BREAK = Hours(T(7, 30), T(14, 15), None, None, SE_DATE)
NIGHT = Hours(T(21, 0), T(7, 0), T(1, 0), T(1, 30), SE_DATE)  # a night shift's break after midnight
MONDAY = D(2026, 4, 6)
FRIDAY = D(2026, 4, 10)


def at(day, hh, mm, ss=0):
    return dt.datetime.combine(day, T(hh, mm, ss))


@pytest.mark.parametrize(
    "hours, day, window",
    [
        (MON_THU, MONDAY, (at(MONDAY, 12, 0), at(MONDAY, 13, 0))),
        (FRIDAY_HOURS, FRIDAY, (at(FRIDAY, 11, 30), at(FRIDAY, 13, 0))),
        (MON_THU, SE_DATE, (at(SE_DATE, 12, 0), at(SE_DATE, 13, 0))),  # the rule's first day
        (MON_THU, D(2025, 3, 2), None),  # the day before: two moments, as recorded then
        (NO_BREAK, MONDAY, None),  # hours without a break window
        (Hours(T(7, 30), T(16, 0), T(12, 0), T(13, 0)), MONDAY, None),  # a schedule without the rule
        (NIGHT, MONDAY, (at(MONDAY + dt.timedelta(days=1), 1, 0), at(MONDAY + dt.timedelta(days=1), 1, 30))),
    ],
)
def test_it_asks_for_a_break_check_in_from_the_rules_date_on_days_with_a_break(hours, day, window):
    assert hours.break_window(day) == window


def test_it_keeps_the_break_bounds_before_the_rule_for_display():
    assert MON_THU.break_bounds(D(2025, 1, 6)) == (at(D(2025, 1, 6), 12, 0), at(D(2025, 1, 6), 13, 0))
    assert NO_BREAK.break_bounds(MONDAY) is None


@pytest.mark.parametrize(
    "moment, inside, over",
    [
        (at(MONDAY, 11, 59, 59), False, False),
        (at(MONDAY, 12, 0, 0), True, False),
        (at(MONDAY, 12, 31), True, False),
        (at(MONDAY, 13, 0, 59), True, False),  # whole minutes: 13:00:59 is still 13:00
        (at(MONDAY, 13, 1, 0), False, True),
    ],
)
def test_it_counts_the_window_in_whole_minutes(moment, inside, over):
    window = MON_THU.break_window(MONDAY)
    assert in_window(moment, window) is inside
    assert window_over(moment, window) is over


def test_it_leaves_net_minutes_and_equality_of_old_hours_alone():
    assert MON_THU.net_minutes == 450
    assert Hours(T(7, 30), T(16, 0), T(12, 0), T(13, 0)) != MON_THU  # the rule's date is part of the hours
    assert Timetable({0: MON_THU}).hours_on(MONDAY) is MON_THU


def test_the_schedule_passes_its_date_to_its_week_its_overrides_and_its_shifts(db):
    schedule = Schedule.objects.create(code="uji-tiga", name="Uji tiga kali", break_checkin_from=SE_DATE)
    ScheduleDay.objects.create(schedule=schedule, weekday=0, start=T(7, 30), end=T(16), break_start=T(12), break_end=T(13))
    ramadan = ScheduleOverride.objects.create(
        schedule=schedule, name="Ramadan 1447 H", start_date=D(2026, 2, 19), end_date=D(2026, 3, 19)
    )
    ScheduleDay.objects.create(
        schedule=schedule, override=ramadan, weekday=0, start=T(8), end=T(14), break_start=T(12), break_end=T(12, 30)
    )
    shift = Shift.objects.create(
        schedule=schedule, code="pagi", name="Pagi", start=T(7), end=T(14), break_start=T(12), break_end=T(12, 30)
    )
    timetable = Schedule.objects.get(pk=schedule.pk).timetable()
    assert timetable.hours_on(MONDAY).break_window(MONDAY) == (at(MONDAY, 12, 0), at(MONDAY, 13, 0))
    ramadan_monday = D(2026, 3, 2)
    assert timetable.hours_on(ramadan_monday).break_window(ramadan_monday) == (
        at(ramadan_monday, 12, 0), at(ramadan_monday, 12, 30)
    )
    hours = Shift.objects.select_related("schedule").get(pk=shift.pk).hours()
    assert hours == Hours(T(7), T(14), T(12), T(12, 30), SE_DATE)
    schedule.break_checkin_from = None
    schedule.save()
    assert Schedule.objects.get(pk=schedule.pk).timetable().hours_on(MONDAY).break_window(MONDAY) is None


@pytest.mark.parametrize(
    "start, end, break_start, break_end, message",
    [
        (T(7, 30), T(16), T(12), None, "Isi jam istirahat mulai dan selesai"),
        (T(7, 30), T(16), T(6), T(7), "harus berada di antara"),  # before the start
        (T(7, 30), T(16), T(15, 30), T(16, 30), "harus berada di antara"),  # past the end
        (T(7), T(14), T(14), T(14, 30), "harus berada di antara"),
    ],
)
def test_it_refuses_a_break_outside_the_hours_or_half_filled(start, end, break_start, break_end, message):
    with pytest.raises(ValidationError, match=message):
        check_break(start, end, break_start, break_end)


@pytest.mark.parametrize(
    "start, end, break_start, break_end",
    [
        (T(7, 30), T(16), T(12), T(13)),
        (T(7, 30), T(16), None, None),
        (T(21), T(7), T(1), T(1, 30)),  # a night shift's break after midnight
        (T(0), T(0), T(12), T(12, 30)),  # round the clock
    ],
)
def test_it_accepts_a_break_inside_the_hours_or_none(start, end, break_start, break_end):
    check_break(start, end, break_start, break_end)


def test_an_admin_sets_the_break_rule_and_a_shifts_break_in_the_django_admin(client, world):
    schedule = Schedule.objects.create(code="uji-shift", name="Uji shift", kind=Schedule.Kind.SHIFT)
    shift = Shift.objects.create(schedule=schedule, code="pagi", name="Pagi", start=T(7), end=T(14))
    login(client, world.admin_user)
    form = client.get(f"/admin/units/schedule/{schedule.pk}/change/").content.decode()
    assert 'name="break_checkin_from"' in form and 'name="shifts-0-break_start"' in form
    data = {
        "code": schedule.code, "name": schedule.name, "kind": "shift", "description": "",
        "break_checkin_from": "2025-03-03",
        "days-TOTAL_FORMS": "0", "days-INITIAL_FORMS": "0",
        "shifts-TOTAL_FORMS": "1", "shifts-INITIAL_FORMS": "1",
        "shifts-0-id": str(shift.pk), "shifts-0-schedule": str(schedule.pk), "shifts-0-code": "pagi",
        "shifts-0-name": "Pagi", "shifts-0-start": "07:00", "shifts-0-end": "14:00",
        "shifts-0-break_start": "12:00", "shifts-0-break_end": "12:30",
    }
    response = client.post(f"/admin/units/schedule/{schedule.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    schedule.refresh_from_db()
    shift.refresh_from_db()
    assert schedule.break_checkin_from == SE_DATE
    assert (shift.break_start, shift.break_end) == (T(12), T(12, 30))
    # A break past the shift's end is refused with the reason, and nothing changes.
    data["shifts-0-break_start"], data["shifts-0-break_end"] = "13:45", "14:15"
    response = client.post(f"/admin/units/schedule/{schedule.pk}/change/", data)
    assert response.status_code == 200
    assert "Jam istirahat harus berada di antara jam mulai dan jam selesai." in response.content.decode()
    shift.refresh_from_db()
    assert shift.break_start == T(12)
    listing = client.get("/admin/units/schedule/").content.decode()
    assert "Presensi istirahat wajib mulai" in listing and "3 Maret 2025" in listing
