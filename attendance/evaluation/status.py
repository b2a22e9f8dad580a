"""The status code of one person's day, from the plan, the hours and the check-ins: one pure function.

Codes: H (on time), TL1–TL4 (late in), PSW1–PSW4 (early out, or no check-out), TK (a working day with
no check-in and no arrangement, once the hours are over), DL, the cuti codes (CT, CB, CS, CM, CAP, CLTN),
S, I, L (libur: holiday, weekend, off-shift) and "-" (the day is not over and nobody has checked in yet).
A day is over CHECKOUT_WINDOW after the end of its hours.
Minutes are whole minutes after the start (07:30:59 on a 07:30 day is on time; 07:31:00 is 1 minute
late) and before the end (16:59:01 on a 17:00 end is on time; 16:59:00 is 1 minute early).
"""

import datetime as dt
from dataclasses import dataclass

from policy.plan import day_plan
from units.schedule import Hours

ON_TIME = "H"
ABSENT = "TK"
DAY_OFF = "L"
PENDING = "-"
LEAVE_CODES = {
    "tahunan": "CT",
    "besar": "CB",
    "sakit": "CS",
    "melahirkan": "CM",
    "alasan_penting": "CAP",
    "cltn": "CLTN",
}
MODE_CODES = {day_plan.DL: "DL", day_plan.SAKIT: "S", day_plan.IZIN: "I", day_plan.LIBUR: DAY_OFF, day_plan.OFF: DAY_OFF}
# Check-out stays open this long after the end of the hours; after it the day is over (TK, or PSW4 for
# a missing check-out).
CHECKOUT_WINDOW = dt.timedelta(hours=4)


@dataclass(frozen=True)
class Band:
    code: str  # TL1…TL4, PSW1…PSW4
    min_minutes: int
    max_minutes: int | None  # None: no upper bound


@dataclass(frozen=True)
class DayStatus:
    codes: tuple[str, ...]
    late_minutes: int = 0
    early_minutes: int = 0
    first_in: dt.datetime | None = None
    last_out: dt.datetime | None = None
    missing_out: bool = False

    @property
    def code(self) -> str:
        """The main code of the day (the first one: a late arrival before an early departure)."""
        return self.codes[0]

    @property
    def present(self) -> bool:
        return self.first_in is not None


def band_for(minutes: int, bands: list[Band]) -> str | None:
    for band in bands:
        if minutes >= band.min_minutes and (band.max_minutes is None or minutes <= band.max_minutes):
            return band.code
    return None


def _whole_minutes(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def evaluate_day(
    *,
    day: dt.date,
    planned: day_plan.PlannedDay,
    hours: Hours | None,
    first_in: dt.datetime | None,
    last_out: dt.datetime | None,
    now: dt.datetime,
    late_bands: list[Band],
    early_bands: list[Band],
    leave_type: str = "",
) -> DayStatus:
    """Status of one day. Datetimes are naive local (Asia/Jakarta) times; `hours` are the hours that
    apply on `day` (the schedule, its Ramadan override, or the assigned shift)."""
    if planned.mode == day_plan.CUTI:
        return DayStatus((LEAVE_CODES.get(leave_type, "CT"),))
    if planned.mode in MODE_CODES:
        return DayStatus((MODE_CODES[planned.mode],), first_in=first_in, last_out=last_out)
    # On site or WFH: the check-ins decide.
    if hours is None:
        return DayStatus((ON_TIME if first_in else PENDING,), first_in=first_in, last_out=last_out)
    start, end = hours.bounds(day)
    day_over = now >= end + CHECKOUT_WINDOW
    if first_in is None:
        return DayStatus((ABSENT if day_over else PENDING,))
    codes = []
    late = _whole_minutes(first_in - start)
    late_code = band_for(late, late_bands) if late else None
    if late_code:
        codes.append(late_code)
    early, missing_out = 0, False
    if last_out is not None and last_out > first_in:
        early = _whole_minutes(end - last_out)
        early_code = band_for(early, early_bands) if early else None
    elif day_over:
        missing_out = True
        early_code = early_bands[-1].code if early_bands else None
    else:
        early_code = None
    if early_code:
        codes.append(early_code)
    return DayStatus(
        tuple(codes) or (ON_TIME,),
        late_minutes=late,
        early_minutes=early,
        first_in=first_in,
        last_out=last_out,
        missing_out=missing_out,
    )
