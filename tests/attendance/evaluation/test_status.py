"""The daily status as a table: every band edge, Ramadan, holidays, weekends, a 6-day unit, a night shift."""

import datetime as dt

import pytest

from attendance.evaluation.status import Band, evaluate_day
from policy.plan import day_plan
from units.schedule import Hours, Override, Timetable

T = dt.time
D = dt.date
LATE = [Band("TL1", 1, 30), Band("TL2", 31, 60), Band("TL3", 61, 90), Band("TL4", 91, None)]
EARLY = [Band("PSW1", 1, 30), Band("PSW2", 31, 60), Band("PSW3", 61, 90), Band("PSW4", 91, None)]

MON_THU = Hours(T(7, 30), T(16, 0), T(12, 0), T(13, 0))
FRI = Hours(T(7, 30), T(16, 30), T(11, 30), T(13, 0))
RAMADAN = Override("Ramadan 1447 H", D(2026, 2, 19), D(2026, 3, 20), {
    **{d: Hours(T(8, 0), T(15, 0), T(12, 0), T(12, 30)) for d in range(4)},
    4: Hours(T(8, 0), T(15, 30), T(11, 30), T(12, 30)),
})
FIVE_DAY = Timetable({0: MON_THU, 1: MON_THU, 2: MON_THU, 3: MON_THU, 4: FRI}, (RAMADAN,))
SIX_DAY = Timetable({**{d: Hours(T(7, 30), T(14, 15)) for d in (0, 1, 2, 3, 5)}, 4: Hours(T(7, 30), T(14, 45))})
NIGHT = Hours(T(21, 0), T(7, 0))  # a puskesmas night shift, crossing midnight

MONDAY = D(2026, 4, 6)
FRIDAY = D(2026, 4, 10)
SATURDAY = D(2026, 4, 11)
RAMADAN_MONDAY = D(2026, 3, 2)
LATE_NIGHT = dt.datetime(2026, 4, 7, 23, 0)  # long after every day above is over

ONSITE = day_plan.PlannedDay(day_plan.ONSITE, "policy")
WFH = day_plan.PlannedDay(day_plan.WFH, "arrangement", arrangement_id=1)


def at(day, hh, mm, ss=0, plus_days=0):
    return dt.datetime.combine(day + dt.timedelta(days=plus_days), T(hh, mm, ss))


def status(day, first_in=None, last_out=None, *, timetable=FIVE_DAY, planned=ONSITE, now=None, hours=None, leave=""):
    return evaluate_day(
        day=day,
        planned=planned,
        hours=hours if hours is not None else timetable.hours_on(day),
        first_in=first_in,
        last_out=last_out,
        now=now or dt.datetime(2026, 4, 30, 23, 0),
        late_bands=LATE,
        early_bands=EARLY,
        leave_type=leave,
    )


@pytest.mark.parametrize(
    "first_in, last_out, codes, late, early",
    [
        # Arrival band edges on a 07:30 day (whole minutes after 07:30:00).
        (at(MONDAY, 7, 0), at(MONDAY, 16, 0), ("H",), 0, 0),
        (at(MONDAY, 7, 30, 0), at(MONDAY, 16, 5), ("H",), 0, 0),
        (at(MONDAY, 7, 30, 59), at(MONDAY, 16, 0), ("H",), 0, 0),
        (at(MONDAY, 7, 31, 0), at(MONDAY, 16, 0), ("TL1",), 1, 0),
        (at(MONDAY, 8, 0, 59), at(MONDAY, 16, 0), ("TL1",), 30, 0),
        (at(MONDAY, 8, 1, 0), at(MONDAY, 16, 0), ("TL2",), 31, 0),
        (at(MONDAY, 8, 30, 59), at(MONDAY, 16, 0), ("TL2",), 60, 0),
        (at(MONDAY, 8, 31), at(MONDAY, 16, 0), ("TL3",), 61, 0),
        (at(MONDAY, 9, 0, 59), at(MONDAY, 16, 0), ("TL3",), 90, 0),
        (at(MONDAY, 9, 1), at(MONDAY, 16, 0), ("TL4",), 91, 0),
        (at(MONDAY, 13, 0), at(MONDAY, 16, 0), ("TL4",), 330, 0),
        # Departure band edges on a 16:00 day (whole minutes before 16:00:00).
        (at(MONDAY, 7, 20), at(MONDAY, 15, 59, 1), ("H",), 0, 0),
        (at(MONDAY, 7, 20), at(MONDAY, 15, 59, 0), ("PSW1",), 0, 1),
        (at(MONDAY, 7, 20), at(MONDAY, 15, 30), ("PSW1",), 0, 30),
        (at(MONDAY, 7, 20), at(MONDAY, 15, 29), ("PSW2",), 0, 31),
        (at(MONDAY, 7, 20), at(MONDAY, 15, 0), ("PSW2",), 0, 60),
        (at(MONDAY, 7, 20), at(MONDAY, 14, 59), ("PSW3",), 0, 61),
        (at(MONDAY, 7, 20), at(MONDAY, 14, 30), ("PSW3",), 0, 90),
        (at(MONDAY, 7, 20), at(MONDAY, 14, 29), ("PSW4",), 0, 91),
        # Late in and early out on the same day: both recorded.
        (at(MONDAY, 7, 45), at(MONDAY, 15, 0), ("TL1", "PSW2"), 15, 60),
        (at(MONDAY, 9, 30), at(MONDAY, 13, 0), ("TL4", "PSW4"), 120, 180),
        # No check-out once the day is over: PSW4.
        (at(MONDAY, 7, 25), None, ("PSW4",), 0, 0),
        (at(MONDAY, 7, 45), None, ("TL1", "PSW4"), 15, 0),
        # Friday ends at 16:30.
        (at(FRIDAY, 7, 30), at(FRIDAY, 16, 0), ("PSW1",), 0, 30),
        (at(FRIDAY, 7, 30), at(FRIDAY, 16, 30), ("H",), 0, 0),
    ],
)
def test_it_codes_arrivals_and_departures_by_band(first_in, last_out, codes, late, early):
    result = status(first_in.date(), first_in, last_out)
    assert (result.codes, result.late_minutes, result.early_minutes) == (codes, late, early)


def test_it_uses_ramadan_hours_on_their_dates():
    assert status(RAMADAN_MONDAY, at(RAMADAN_MONDAY, 8, 0, 59), at(RAMADAN_MONDAY, 15, 0)).codes == ("H",)
    assert status(RAMADAN_MONDAY, at(RAMADAN_MONDAY, 8, 1), at(RAMADAN_MONDAY, 15, 0)).codes == ("TL1",)
    assert status(RAMADAN_MONDAY, at(RAMADAN_MONDAY, 7, 50), at(RAMADAN_MONDAY, 14, 30)).codes == ("PSW1",)
    # The same 07:50–15:00 outside Ramadan leaves early by an hour.
    assert status(MONDAY, at(MONDAY, 7, 50), at(MONDAY, 15, 0)).codes == ("TL1", "PSW2")


@pytest.mark.parametrize(
    "planned, leave, code",
    [
        (day_plan.PlannedDay(day_plan.LIBUR, "holiday", holiday="Hari Buruh"), "", "L"),
        (day_plan.PlannedDay(day_plan.LIBUR, "schedule"), "", "L"),
        (day_plan.PlannedDay(day_plan.OFF, "schedule"), "", "L"),
        (day_plan.PlannedDay(day_plan.DL, "arrangement", arrangement_id=1), "", "DL"),
        (day_plan.PlannedDay(day_plan.SAKIT, "arrangement", arrangement_id=1), "", "S"),
        (day_plan.PlannedDay(day_plan.IZIN, "arrangement", arrangement_id=1), "", "I"),
        (day_plan.PlannedDay(day_plan.CUTI, "arrangement", arrangement_id=1), "tahunan", "CT"),
        (day_plan.PlannedDay(day_plan.CUTI, "arrangement", arrangement_id=1), "besar", "CB"),
        (day_plan.PlannedDay(day_plan.CUTI, "arrangement", arrangement_id=1), "sakit", "CS"),
        (day_plan.PlannedDay(day_plan.CUTI, "arrangement", arrangement_id=1), "melahirkan", "CM"),
        (day_plan.PlannedDay(day_plan.CUTI, "arrangement", arrangement_id=1), "alasan_penting", "CAP"),
        (day_plan.PlannedDay(day_plan.CUTI, "arrangement", arrangement_id=1), "cltn", "CLTN"),
    ],
)
def test_it_codes_days_off_and_arrangements_without_check_ins(planned, leave, code):
    assert status(MONDAY, planned=planned, leave=leave).codes == (code,)


def test_it_marks_tk_only_once_the_day_is_over():
    assert status(MONDAY, now=at(MONDAY, 12, 0)).codes == ("-",)
    assert status(MONDAY, now=at(MONDAY, 19, 59)).codes == ("-",)  # check-out still open until 20:00
    assert status(MONDAY, now=at(MONDAY, 20, 0)).codes == ("TK",)
    # A checked-in person without a check-out yet, during the day: no code for the departure yet.
    assert status(MONDAY, at(MONDAY, 7, 10), now=at(MONDAY, 12, 0)).codes == ("H",)


def test_it_codes_wfh_days_by_their_check_ins_too():
    assert status(MONDAY, at(MONDAY, 7, 29), at(MONDAY, 16, 1), planned=WFH).codes == ("H",)
    assert status(MONDAY, planned=WFH).codes == ("TK",)


def test_it_uses_the_six_day_timetable_on_saturday():
    assert status(SATURDAY, at(SATURDAY, 7, 30), at(SATURDAY, 14, 15), timetable=SIX_DAY).codes == ("H",)
    assert status(SATURDAY, at(SATURDAY, 7, 30), at(SATURDAY, 14, 0), timetable=SIX_DAY).codes == ("PSW1",)
    assert status(SATURDAY, timetable=SIX_DAY).codes == ("TK",)
    assert FIVE_DAY.hours_on(SATURDAY) is None


def test_it_follows_a_night_shift_across_midnight():
    on_time = status(MONDAY, at(MONDAY, 20, 55), at(MONDAY, 7, 2, plus_days=1), hours=NIGHT, now=LATE_NIGHT + dt.timedelta(days=2))
    assert on_time.codes == ("H",)
    late_early = status(MONDAY, at(MONDAY, 21, 40), at(MONDAY, 6, 0, plus_days=1), hours=NIGHT, now=LATE_NIGHT + dt.timedelta(days=2))
    assert (late_early.codes, late_early.late_minutes, late_early.early_minutes) == (("TL2", "PSW2"), 40, 60)
    # At 02:00 during the shift, the day is not over: no TK, no PSW.
    assert status(MONDAY, hours=NIGHT, now=at(MONDAY, 2, 0, plus_days=1)).codes == ("-",)
    assert status(MONDAY, at(MONDAY, 21, 0), hours=NIGHT, now=at(MONDAY, 2, 0, plus_days=1)).codes == ("H",)
