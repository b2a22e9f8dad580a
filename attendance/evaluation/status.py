"""The status code of one person's day, from the plan, the hours and the check-ins: one pure function.

Codes: H (on time), TL1–TL4 (late in, or no arrival record: TL4), PSW1–PSW4 (early out, or no check-out), TK (a
working day with no record at all and no arrangement, once the hours are over), DL, the cuti codes (CT, CB, CS, CM, CAP, CLTN),
S, I, L (libur: holiday, weekend, off-shift) and "-" (the day is not over and nobody has checked in yet).
A DL with an activity site asks for check-ins there: DL with one, TK when the day ends without one.
A day is over CHECKOUT_WINDOW after the end of its hours.
A check-out without an arrival record is the last late band (TL4), as the code table itself says ("TL4 … >90
menit atau tidak presensi masuk", attendance_codes_examples.csv), not TK: TK is a working day with no record.
MV (menunggu verifikasi, SE BKPSDM 4/2025): a check-in of the day made outside every place waits for the
head's verification (attendance.verification) and does not count meanwhile; the codes it could still change
give way to MV, a code shown but never deducted (`awaiting_verification`).
TPI (tidak presensi istirahat, SE BKPSDM Kota Bengkulu 4/2025): a day that asks for a break check-in
(units.schedule.Hours.break_window: the schedule's break_checkin_from, a day with a break window), a person
who arrived before the window closed, and no break check-in inside the window once it has closed. A break
check-in outside its window does not count: the phone and the kiosk only offer it inside the window, so
one outside can only come from data made elsewhere. Codes are in the order of the moments: TL, TPI, PSW.
Minutes are whole minutes after the start (07:30:59 on a 07:30 day is on time; 07:31:00 is 1 minute
late) and before the end (16:59:01 on a 17:00 end is on time; 16:59:00 is 1 minute early).
"""

import datetime as dt
from dataclasses import dataclass, replace

from attendance.rules_seed import MISSED_BREAK
from policy.plan import day_plan
from units.schedule import Hours, in_window, window_over

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
AWAITING = "MV"


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
    missing_in: bool = False  # a check-out without an arrival record: TL4
    break_at: dt.datetime | None = None  # the break check-in that counts (inside its window)
    missing_break: bool = False  # TPI

    @property
    def code(self) -> str:
        """The main code of the day (the first one: a late arrival before an early departure)."""
        return self.codes[0]

    @property
    def present(self) -> bool:
        """Came to work: an arrival, or a check-out without one (TL4: the arrival was not recorded)."""
        return self.first_in is not None or self.missing_in

    @property
    def awaiting(self) -> bool:
        """A check-in of the day waits for verification (MV)."""
        return AWAITING in self.codes


def on_site_now(mode: str, status: DayStatus) -> bool:
    """The one definition of "on site now", read by the unit board, the city board, the public status page and
    the coverage alerts: planned on site today (`mode`, the day's planned mode), checked in at a place that
    counts (a check-in waiting for, or refused, verification does not: `status` sees only counted events) and
    not checked out yet. A night shift that began yesterday is counted by the boards from yesterday's day."""
    return mode == day_plan.ONSITE and status.present and status.last_out is None


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
    break_at: dt.datetime | None = None,
) -> DayStatus:
    """Status of one day. Datetimes are naive local (Asia/Jakarta) times; `hours` are the hours that
    apply on `day` (the schedule, its Ramadan override, or the assigned shift); `break_at` is the day's
    (first) break check-in."""
    if planned.mode == day_plan.CUTI:
        return DayStatus((LEAVE_CODES.get(leave_type, "CT"),))
    if planned.activity_site:
        # A DL with an activity site (SE BKPSDM 4/2025): checked in there, it is DL; no check-in by the end
        # of the day, TK; until then pending.
        if first_in is not None:
            return DayStatus((MODE_CODES[planned.mode],), first_in=first_in, last_out=last_out)
        if hours is not None and now >= hours.bounds(day)[1] + CHECKOUT_WINDOW:
            return DayStatus((ABSENT,))
        return DayStatus((PENDING,))
    if planned.mode in MODE_CODES:
        return DayStatus((MODE_CODES[planned.mode],), first_in=first_in, last_out=last_out)
    # On site or WFH: the check-ins decide.
    if hours is None:
        return DayStatus((ON_TIME if first_in else PENDING,), first_in=first_in, last_out=last_out)
    start, end = hours.bounds(day)
    day_over = now >= end + CHECKOUT_WINDOW
    if first_in is None and last_out is not None:
        return _without_arrival(day, hours, last_out, late_bands, early_bands)
    if first_in is None:
        return DayStatus((ABSENT if day_over else PENDING,))
    codes = []
    late = _whole_minutes(first_in - start)
    late_code = band_for(late, late_bands) if late else None
    if late_code:
        codes.append(late_code)
    window = hours.break_window(day)
    counted_break, missing_break = None, False
    if window is not None:
        if break_at is not None and in_window(break_at, window):
            counted_break = break_at
        elif not window_over(first_in, window) and window_over(now, window):
            missing_break = True
            codes.append(MISSED_BREAK)
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
        break_at=counted_break,
        missing_break=missing_break,
    )


def _without_arrival(
    day: dt.date, hours: Hours, last_out: dt.datetime, late_bands: list[Band], early_bands: list[Band]
) -> DayStatus:
    """A check-out with no arrival record: the last late band (TL4), and the early band of the check-out. Its
    late minutes are unknown (0); no break is asked of someone with no arrival."""
    codes = [late_bands[-1].code] if late_bands else []
    early = _whole_minutes(hours.bounds(day)[1] - last_out)
    early_code = band_for(early, early_bands) if early else None
    if early_code:
        codes.append(early_code)
    return DayStatus(tuple(codes) or (ON_TIME,), early_minutes=early, last_out=last_out, missing_in=True)


def awaiting_verification(status: DayStatus) -> DayStatus:
    """The day while one of its check-ins waits for verification: `status` was worked out from the check-ins
    that count, so what the waiting one could still change (H, TK, "-", TPI, PSW) gives way to MV; a late
    arrival that counts stays. A day the plan decides (DL, leave, sick, permit, day off) is left as it is."""
    if any(not _decided_by_checkins(code) for code in status.codes):
        return status
    # A TL4 for a missing arrival is not a late arrival that counts: the waiting check-in may be that arrival.
    late = () if status.missing_in else tuple(code for code in status.codes if code.startswith("TL"))
    return replace(
        status, codes=(*late, AWAITING), early_minutes=0, missing_in=False, missing_out=False, missing_break=False
    )


def _decided_by_checkins(code: str) -> bool:
    return code in (ON_TIME, ABSENT, PENDING, MISSED_BREAK) or code.startswith(("TL", "PSW"))
