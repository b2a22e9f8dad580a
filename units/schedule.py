"""Working hours as plain values: which hours apply to a timetable on a date, and the day's moments.

Pure functions, no ORM: `units.models.Schedule.timetable()` gathers the rows and calls them.

Moments (SE BKPSDM Kota Bengkulu 4/2025): arrival, break and departure. A day asks for the break check-in
when its hours have a break window and the day is on or after the schedule's `break_checkin_from`
(`Hours.break_window`); other days keep two moments, so the history recorded before the rule stays valid.
The window is counted in whole minutes, like the arrival: on a 12:00–13:00 break, 12:00:00 to 13:00:59
is inside it.
"""

import datetime as dt
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Hours:
    start: dt.time
    end: dt.time
    break_start: dt.time | None = None
    break_end: dt.time | None = None
    # From this date a day with a break window asks for a break check-in (Schedule.break_checkin_from);
    # None: never (two moments, arrival and departure).
    break_checkin_from: dt.date | None = None

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """Naive local start and end datetimes of these hours when they begin on `day`."""
        start = dt.datetime.combine(day, self.start)
        end = dt.datetime.combine(
            day + dt.timedelta(days=1) if self.crosses_midnight else day, self.end
        )
        return start, end

    def break_bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """Naive local start and end of the break of these hours when they begin on `day` (a night
        shift's break after midnight falls on the next date); None without a break."""
        break_start, break_end = self.break_start, self.break_end
        if break_start is None or break_end is None:
            return None
        if break_start < self.start:  # before the start time: after midnight, in a shift that crosses it
            day += ONE_DAY
        return (
            dt.datetime.combine(day, break_start),
            dt.datetime.combine(day if break_end > break_start else day + ONE_DAY, break_end),
        )

    def break_window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """The break check-in window of `day` (naive local start and end) when the day asks for one."""
        if self.break_checkin_from is None or day < self.break_checkin_from:
            return None
        return self.break_bounds(day)

    @property
    def net_minutes(self) -> int:
        start, end = self.bounds(dt.date(2000, 1, 3))
        total = (end - start).total_seconds() / 60
        if self.break_start and self.break_end:
            b_start, b_end = Hours(self.break_start, self.break_end).bounds(dt.date(2000, 1, 3))
            total -= (b_end - b_start).total_seconds() / 60
        return int(total)


# The break window is counted in whole minutes: a check-in at 13:00:59 on a 13:00 end is inside it.
MINUTE = dt.timedelta(minutes=1)


def in_window(moment: dt.datetime, window: tuple[dt.datetime, dt.datetime]) -> bool:
    """Whether `moment` (naive local) falls inside a break window, its last minute included."""
    return window[0] <= moment < window[1] + MINUTE


def window_over(moment: dt.datetime, window: tuple[dt.datetime, dt.datetime]) -> bool:
    """Whether a break window has closed at `moment` (its last minute is over)."""
    return moment >= window[1] + MINUTE


@dataclass(frozen=True)
class Override:
    """A date range (inclusive) on which another week replaces the normal one, e.g. Ramadan hours."""

    name: str
    start: dt.date
    end: dt.date
    week: dict[int, Hours] = field(default_factory=dict)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Timetable:
    """A weekly timetable (weekday 0 = Monday → Hours; a missing weekday is a day off) and its overrides."""

    week: dict[int, Hours]
    overrides: tuple[Override, ...] = ()

    def hours_on(self, day: dt.date) -> Hours | None:
        """The hours that apply on `day`; the latest-starting override that covers the day wins whole."""
        week = self.week
        covering = [o for o in self.overrides if o.covers(day)]
        if covering:
            week = max(covering, key=lambda o: o.start).week
        return week.get(day.weekday())

    def weekly_minutes(self) -> int:
        return sum(hours.net_minutes for hours in self.week.values())
