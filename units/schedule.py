"""Working hours as plain values: which hours apply to a timetable on a date.

Pure functions, no ORM: `units.models.Schedule.timetable()` gathers the rows and calls them.
"""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hours:
    start: dt.time
    end: dt.time
    break_start: dt.time | None = None
    break_end: dt.time | None = None

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

    @property
    def net_minutes(self) -> int:
        start, end = self.bounds(dt.date(2000, 1, 3))
        total = (end - start).total_seconds() / 60
        if self.break_start and self.break_end:
            b_start, b_end = Hours(self.break_start, self.break_end).bounds(dt.date(2000, 1, 3))
            total -= (b_end - b_start).total_seconds() / 60
        return int(total)


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
