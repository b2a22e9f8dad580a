"""The break moment in the daily status (SE BKPSDM Kota Bengkulu 4/2025) as a table: TPI when a day asks
for a break check-in, the person arrived before the window closed, and none inside the window counts once
it has closed; days before the rule keep two moments."""

import datetime as dt

import pytest

from attendance.evaluation.status import evaluate_day
from attendance.rules_seed import MISSED_BREAK
from policy.plan import day_plan
from tests.attendance.evaluation.test_status import EARLY, LATE, ONSITE, WFH
from units.schedule import Hours, Override, Timetable

T = dt.time
D = dt.date
SE_DATE = D(2025, 3, 3)
MON_THU = Hours(T(7, 30), T(16, 0), T(12, 0), T(13, 0), SE_DATE)
FRI = Hours(T(7, 30), T(16, 30), T(11, 30), T(13, 0), SE_DATE)
# SE 04/2026: the 6-day units' Ramadan week, break 12:00–12:30 (Friday 11:30–12:30).
RAMADAN_SIX_DAY = Override("Ramadan 1447 H", D(2026, 2, 19), D(2026, 3, 20), {
    **{d: Hours(T(8, 0), T(14, 0), T(12, 0), T(12, 30), SE_DATE) for d in (0, 1, 2, 3, 5)},
    4: Hours(T(8, 0), T(14, 0), T(11, 30), T(12, 30), SE_DATE),
})
FIVE_DAY = Timetable({0: MON_THU, 1: MON_THU, 2: MON_THU, 3: MON_THU, 4: FRI})
SIX_DAY = Timetable(
    {**{d: Hours(T(7, 30), T(14, 15), T(12, 0), T(12, 30), SE_DATE) for d in (0, 1, 2, 3, 5)},
     4: Hours(T(7, 30), T(14, 45), T(11, 30), T(12, 30), SE_DATE)},
    (RAMADAN_SIX_DAY,),
)
BEFORE_RULE = Timetable({d: Hours(T(7, 30), T(16, 0), T(12, 0), T(13, 0)) for d in range(5)})
NIGHT = Hours(T(21, 0), T(7, 0), T(1, 0), T(1, 30), SE_DATE)
DAY_SHIFT_WITHOUT_BREAK = Hours(T(14, 0), T(21, 0), None, None, SE_DATE)

MONDAY = D(2026, 4, 6)
FRIDAY = D(2026, 4, 10)
RAMADAN_SATURDAY = D(2026, 3, 7)
LATER = dt.datetime(2026, 4, 30, 23, 0)


def at(day, hh, mm, ss=0, plus_days=0):
    return dt.datetime.combine(day + dt.timedelta(days=plus_days), T(hh, mm, ss))


def status(day, first_in, break_at, last_out, *, timetable=FIVE_DAY, hours=None, now=LATER, planned=ONSITE):
    return evaluate_day(
        day=day,
        planned=planned,
        hours=hours if hours is not None else timetable.hours_on(day),
        first_in=first_in,
        last_out=last_out,
        now=now,
        late_bands=LATE,
        early_bands=EARLY,
        break_at=break_at,
    )


@pytest.mark.parametrize(
    "first_in, break_at, last_out, codes",
    [
        # Inside the 12:00–13:00 window, its edges in whole minutes.
        (at(MONDAY, 7, 20), at(MONDAY, 12, 0, 0), at(MONDAY, 16, 5), ("H",)),
        (at(MONDAY, 7, 20), at(MONDAY, 12, 34), at(MONDAY, 16, 5), ("H",)),
        (at(MONDAY, 7, 20), at(MONDAY, 13, 0, 59), at(MONDAY, 16, 5), ("H",)),
        # Outside it the break check-in does not count.
        (at(MONDAY, 7, 20), at(MONDAY, 11, 59, 59), at(MONDAY, 16, 5), (MISSED_BREAK,)),
        (at(MONDAY, 7, 20), at(MONDAY, 13, 1, 0), at(MONDAY, 16, 5), (MISSED_BREAK,)),
        # No break check-in at all.
        (at(MONDAY, 7, 20), None, at(MONDAY, 16, 5), (MISSED_BREAK,)),
        # Codes in the order of the moments: arrival, break, departure.
        (at(MONDAY, 7, 45), None, at(MONDAY, 15, 0), ("TL1", MISSED_BREAK, "PSW2")),
        (at(MONDAY, 7, 45), at(MONDAY, 12, 10), at(MONDAY, 15, 0), ("TL1", "PSW2")),
        # Left before the break: the break is missed as well as the hours.
        (at(MONDAY, 7, 20), None, at(MONDAY, 11, 0), (MISSED_BREAK, "PSW4")),
        # Arrived inside the window's last minute: still asked for; after it, not.
        (at(MONDAY, 13, 0, 30), None, at(MONDAY, 16, 5), ("TL4", MISSED_BREAK)),
        (at(MONDAY, 13, 1, 0), None, at(MONDAY, 16, 5), ("TL4",)),
        # No check-out: PSW4 once the day is over, TPI too.
        (at(MONDAY, 7, 20), None, None, (MISSED_BREAK, "PSW4")),
        (at(MONDAY, 7, 20), at(MONDAY, 12, 5), None, ("PSW4",)),
    ],
)
def test_it_gives_tpi_for_a_missing_break_check_in(first_in, break_at, last_out, codes):
    result = status(MONDAY, first_in, break_at, last_out)
    assert result.codes == codes
    assert result.missing_break is (MISSED_BREAK in codes)
    counted = break_at if break_at and at(MONDAY, 12, 0) <= break_at < at(MONDAY, 13, 1) else None
    assert result.break_at == counted


@pytest.mark.parametrize(
    "now, codes, missing",
    [
        (at(MONDAY, 11, 0), ("H",), False),  # before the window
        (at(MONDAY, 12, 40), ("H",), False),  # inside it: there is still time
        (at(MONDAY, 13, 0, 59), ("H",), False),  # its last minute
        (at(MONDAY, 13, 1), (MISSED_BREAK,), True),  # closed: counted at once, not at the end of the day
    ],
)
def test_it_counts_a_missing_break_once_the_window_has_closed(now, codes, missing):
    result = status(MONDAY, at(MONDAY, 7, 20), None, None, now=now)
    assert result.codes == codes and result.missing_break is missing


@pytest.mark.parametrize(
    "day, timetable, hours, first_in, break_at, codes",
    [
        # Friday's break 11:30–13:00.
        (FRIDAY, FIVE_DAY, None, at(FRIDAY, 7, 20), at(FRIDAY, 11, 30), ("H",)),
        (FRIDAY, FIVE_DAY, None, at(FRIDAY, 7, 20), at(FRIDAY, 11, 29, 59), (MISSED_BREAK,)),
        # The 6-day units' Ramadan break 12:00–12:30 (SE 04/2026), Saturday included.
        (RAMADAN_SATURDAY, SIX_DAY, None, at(RAMADAN_SATURDAY, 7, 55), at(RAMADAN_SATURDAY, 12, 30, 59), ("H",)),
        (RAMADAN_SATURDAY, SIX_DAY, None, at(RAMADAN_SATURDAY, 7, 55), at(RAMADAN_SATURDAY, 12, 45), (MISSED_BREAK,)),
        # Before break_checkin_from (or without it) a day keeps two moments: the history stays valid.
        (SE_DATE, FIVE_DAY, None, at(SE_DATE, 7, 20), None, (MISSED_BREAK,)),  # the rule's first day
        (D(2025, 2, 28), FIVE_DAY, None, at(D(2025, 2, 28), 7, 20), None, ("H",)),
        (MONDAY, BEFORE_RULE, None, at(MONDAY, 7, 20), None, ("H",)),
        # A shift without a break has two moments; a night shift's break after midnight is asked for.
        (MONDAY, FIVE_DAY, DAY_SHIFT_WITHOUT_BREAK, at(MONDAY, 13, 50), None, ("H",)),
        (MONDAY, FIVE_DAY, NIGHT, at(MONDAY, 20, 50), at(MONDAY, 1, 10, plus_days=1), ("H",)),
        (MONDAY, FIVE_DAY, NIGHT, at(MONDAY, 20, 50), None, (MISSED_BREAK,)),
    ],
)
def test_it_follows_the_days_break_window(day, timetable, hours, first_in, break_at, codes):
    hours = hours or timetable.hours_on(day)
    end = hours.bounds(day)[1] + dt.timedelta(minutes=5)
    assert status(day, first_in, break_at, end, timetable=timetable, hours=hours).codes == codes


def test_it_keeps_days_decided_by_the_plan_and_absences_free_of_tpi():
    assert status(MONDAY, None, None, None).codes == ("TK",)
    dl = day_plan.PlannedDay(day_plan.DL, "arrangement", arrangement_id=1)
    assert status(MONDAY, at(MONDAY, 7, 20), None, None, planned=dl).codes == ("DL",)
    assert status(MONDAY, at(MONDAY, 7, 20), None, at(MONDAY, 16, 5), planned=WFH).codes == (MISSED_BREAK,)
