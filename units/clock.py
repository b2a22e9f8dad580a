"""The one clock: every "now" and "today" in Hadir comes from here, so tests can freeze it.

For trying Hadir on a weekend or in the evening, the clock can be moved (README.md, "Demo clock"):
`HADIR_DEMO_DATE` is a date (the same time of day on that date), a date and time (that moment when the demo
started, running on from there) or "auto" (now, when now is a working morning; otherwise 07:20 of the next
working day). Settings refuse it when DEBUG is off.
"""

import datetime as dt
import time

from django.conf import settings
from django.utils import timezone

# The dates Hadir works with. Python's calendar stops at years 1 and 9999, where the week, month or year
# around a date does not exist (OverflowError): forms refuse a date outside this range instead.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)

# "auto": a demo started between these hours of a working day runs on the real clock; any other time starts
# at DEMO_MORNING of the next working day (before the 07:30 start, so the first check-in is on time).
DEMO_REAL_HOURS = (dt.time(6, 0), dt.time(14, 0))
DEMO_MORNING = dt.time(7, 20)

_STARTED = time.time()
_demo_offsets: dict[tuple[str, str], dt.timedelta] = {}


def now() -> dt.datetime:
    real = timezone.now()
    setting = settings.DEMO_CLOCK
    if not setting:
        return real
    key = (setting, settings.DEMO_CLOCK_FROM)
    if key not in _demo_offsets:
        started = dt.datetime.fromtimestamp(
            float(settings.DEMO_CLOCK_FROM or _STARTED), tz=dt.UTC
        )
        _demo_offsets[key] = demo_offset(setting, started, real)
    return real + _demo_offsets[key]


def today() -> dt.date:
    """Today's business date in Asia/Jakarta."""
    return timezone.localdate(now())


def is_demo() -> bool:
    return bool(settings.DEMO_CLOCK)


def demo_offset(setting: str, started: dt.datetime, real: dt.datetime) -> dt.timedelta:
    """How far the demo clock runs ahead of (or behind) the real one; ValueError names a bad setting."""
    local_real = timezone.localtime(real)
    if setting == "auto":
        local_started = timezone.localtime(started)
        day = local_started.date()
        if is_working_day(day) and DEMO_REAL_HOURS[0] <= local_started.time() < DEMO_REAL_HOURS[1]:
            return dt.timedelta(0)
        if not (is_working_day(day) and local_started.time() < DEMO_REAL_HOURS[0]):
            day = next_working_day(day)
        target = timezone.make_aware(dt.datetime.combine(day, DEMO_MORNING))
        return target - started
    try:
        if "T" in setting or " " in setting:
            moment = dt.datetime.fromisoformat(setting)
            target = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
            return target - started
        return dt.timedelta(days=(dt.date.fromisoformat(setting) - local_real.date()).days)
    except ValueError as error:
        raise ValueError(
            f"HADIR_DEMO_DATE must be YYYY-MM-DD, YYYY-MM-DDTHH:MM or auto, not {setting!r}"
        ) from error


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and neither a national holiday nor cuti bersama (the demo's 5-day units)."""
    from units.holidays import national_holidays

    return day.weekday() < 5 and day not in {d for d, _, _ in national_holidays([day.year])}


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
