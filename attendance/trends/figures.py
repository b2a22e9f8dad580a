"""Trends for the policy review: per day and per unit, the presence rate, the lateness rate, the WFH share and
the days a unit was short of its on-site minimum; totals over a period and the comparison of two periods.

Definitions (the page says them in words):
  wajib hadir (expected)   person-days planned on site or WFH: working days without DL, cuti, sakit, izin,
                           a holiday or a day off, from the person's start date
  hadir (present)          expected person-days with a check-in (on site or from home, late or not)
  presence rate            hadir ÷ wajib hadir
  lateness rate            days with a late code (TL1–TL4) ÷ hadir
  WFH share                person-days planned WFH ÷ wajib hadir
  short (planned)          unit-days where the people planned on site are fewer than the minimum
  short (actual)           unit-days where the people planned on site who checked in are fewer than the minimum
Only days that are over count (today is on the live board), and only from the first check-in recorded in
Hadir (before it every working day would look absent). Staff: the people active now.

Cost. The pure core (`tally`, `total`, `compare`) works on plain values. `gather` reads the statuses through
attendance.evaluation.bulk.evaluate, in one pass per run of consecutive days, about 10 queries per run whatever the
number of staff. Evaluating the city over 90 days is too slow to repeat on every visit (docs/performance.md,
"Trends"), so the per-unit day counts are kept in Django's cache (a few integers per unit and day, one cache entry per day) for days
before yesterday, for FRESH_FOR; yesterday is always counted afresh (corrections come the next morning). A
caller with a time budget gets part of the days and is told what is left (the page shows its progress).
"""

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from django.core.cache import cache

from attendance.evaluation.bulk import evaluate
from policy.plan import day_plan
from units.models import Employee

LATE_CODES = frozenset({"TL1", "TL2", "TL3", "TL4"})
EXPECTED_MODES = frozenset({day_plan.ONSITE, day_plan.WFH})
CACHE_KEY = "hadir:trends:v1:{day}"
FRESH_FOR = 60 * 60  # seconds a past day's counts are kept before they are counted again
ONE_DAY = dt.timedelta(days=1)


# --- the pure core -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Counts of one unit on one day, or a sum of them (over units, days, or both)."""

    expected: int = 0
    present: int = 0
    late: int = 0
    wfh: int = 0
    with_minimum: int = 0  # unit-days with an on-site minimum
    short_planned: int = 0
    short_actual: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_tuple(self) -> tuple[int, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    @property
    def presence_rate(self) -> float | None:
        return percent(self.present, self.expected)

    @property
    def lateness_rate(self) -> float | None:
        return percent(self.late, self.present)

    @property
    def wfh_share(self) -> float | None:
        return percent(self.wfh, self.expected)

    @property
    def short_planned_rate(self) -> float | None:
        return percent(self.short_planned, self.with_minimum)

    @property
    def short_actual_rate(self) -> float | None:
        return percent(self.short_actual, self.with_minimum)


ZERO = Counts()


def percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class PersonDay:
    """One person's day, as plain values: where they belong, what was planned, what happened."""

    unit_id: int
    day: dt.date
    role: str  # service role, for role-specific minimums
    mode: str  # planned mode (policy.plan.day_plan)
    present: bool  # checked in
    late: bool  # a late code (TL1–TL4)
    counted: bool = True  # False before the person's start date: not counted at all


def tally(
    person_days: Iterable[PersonDay],
    minimums: dict[tuple[int, dt.date], dict[str, int]],
) -> dict[tuple[int, dt.date], Counts]:
    """Counts per (unit, day) in one pass over the person-days.

    Every (unit, day) seen or in `minimums` gets an entry, with or without anybody expected. The planned
    on-site count takes the people planned on site (who had started by then); the actual count those of
    them who checked in.
    """
    sums: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    seen: set[tuple[int, dt.date]] = set()
    planned: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    actual: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for pd in person_days:
        key = (pd.unit_id, pd.day)
        seen.add(key)
        if not pd.counted:
            continue
        if pd.mode == day_plan.ONSITE:
            planned[key][pd.role] += 1
            if pd.present:
                actual[key][pd.role] += 1
        if pd.mode not in EXPECTED_MODES:
            continue
        row = sums[key]
        row[0] += 1
        if pd.present:
            row[1] += 1
            if pd.late:
                row[2] += 1
        if pd.mode == day_plan.WFH:
            row[3] += 1
    result = {}
    for key in seen | set(minimums):
        expected, present, late, wfh = sums.get(key, (0, 0, 0, 0))
        needed = {role: n for role, n in minimums.get(key, {}).items() if n > 0}
        result[key] = Counts(
            expected=expected,
            present=present,
            late=late,
            wfh=wfh,
            with_minimum=1 if needed else 0,
            short_planned=1 if needed and day_plan.shortfalls(needed, planned.get(key, {})) else 0,
            short_actual=1 if needed and day_plan.shortfalls(needed, actual.get(key, {})) else 0,
        )
    return result


def total(counts: Iterable[Counts | None]) -> Counts:
    result = ZERO
    for item in counts:
        if item is not None:
            result = result + item
    return result


def series(
    by_unit_day: dict[tuple[int, dt.date], Counts], unit_ids: Iterable[int], days: Sequence[dt.date]
) -> list[Counts | None]:
    """The day-by-day sum over `unit_ids`; None for a day with no counts at all (not counted)."""
    unit_ids = list(unit_ids)
    result = []
    for day in days:
        found = [by_unit_day[(u, day)] for u in unit_ids if (u, day) in by_unit_day]
        result.append(total(found) if found else None)
    return result


@dataclass(frozen=True)
class Difference:
    """One metric in two periods: the values (percent, or a count) and B − A."""

    key: str
    a: float | None
    b: float | None

    @property
    def change(self) -> float | None:
        if self.a is None or self.b is None:
            return None
        return self.b - self.a


METRICS = ("presence_rate", "lateness_rate", "wfh_share", "short_planned_rate", "short_actual_rate")


def compare(a: Counts, b: Counts) -> list[Difference]:
    """Each rate in period A and period B, with the difference in percentage points (B − A)."""
    return [Difference(key, getattr(a, key), getattr(b, key)) for key in METRICS]


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def counted_days(days: Iterable[dt.date], *, today: dt.date, since: dt.date | None) -> list[dt.date]:
    """The days that count: over (before today) and not before Hadir's first recorded check-in."""
    if since is None:
        return []
    return [d for d in days if since <= d < today]


def default_periods(
    today: dt.date, policy_starts: Iterable[dt.date], *, since: dt.date | None, length: int = 30
) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """Two periods to compare: `length` days before and after the latest policy start that has data on
    both sides (a full period after it, ended yesterday; some recorded days before it), else the last
    `length` days against the `length` days before them."""
    yesterday = today - ONE_DAY
    for start in sorted(policy_starts, reverse=True):
        if since is not None and since < start and start + dt.timedelta(days=length - 1) <= yesterday:
            return (start - dt.timedelta(days=length), start - ONE_DAY), (start, start + dt.timedelta(days=length - 1))
    b = (yesterday - dt.timedelta(days=length - 1), yesterday)
    a = (b[0] - dt.timedelta(days=length), b[0] - ONE_DAY)
    return a, b


# --- gathering (ORM and cache) -----------------------------------------------------------------------------


def person_days(evaluation, days: Sequence[dt.date]) -> Iterable[PersonDay]:
    """Plain person-days from an attendance.evaluation.bulk.Evaluation."""
    for employee in evaluation.plan.employees:
        for day in days:
            cell = evaluation.plan.cells[(employee.pk, day)]
            status = evaluation.statuses[(employee.pk, day)]
            yield PersonDay(
                unit_id=employee.unit_id,
                day=day,
                role=employee.service_role,
                mode=cell.mode,
                present=status.present,
                late=any(code in LATE_CODES for code in status.codes),
                counted=day >= employee.start_date,
            )


def runs(days: Iterable[dt.date], *, gap: int = 7) -> list[list[dt.date]]:
    """Sorted days in runs; days closer than `gap` days join one run (a run is evaluated in one pass, and
    its check-ins are read for its whole span, so a run should not stretch over a long hole)."""
    result: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if result and (day - result[-1][-1]).days <= gap:
            result[-1].append(day)
        else:
            result.append([day])
    return result


def _cacheable(day: dt.date, today: dt.date) -> bool:
    return day < today - ONE_DAY


def from_cache(days: Iterable[dt.date], unit_ids: Iterable[int], *, today: dt.date) -> dict:
    """{(unit, day): Counts} found in the cache, for days whose every unit is there and still fresh."""
    wanted = [d for d in days if _cacheable(d, today)]
    unit_ids = set(unit_ids)
    entries = cache.get_many([CACHE_KEY.format(day=d.isoformat()) for d in wanted])
    # Freshness is the cache's own bookkeeping, in wall-clock seconds (not a business "now").
    oldest = time.time() - FRESH_FOR
    result = {}
    for day in wanted:
        entry = entries.get(CACHE_KEY.format(day=day.isoformat()))
        if not entry:
            continue
        units = {u: v for u, (at, v) in entry.items() if at >= oldest}
        if unit_ids <= units.keys():
            for unit_id in unit_ids:
                result[(unit_id, day)] = Counts(*units[unit_id])
    return result


def to_cache(counts: dict[tuple[int, dt.date], Counts], *, today: dt.date) -> None:
    """Add the units' counts to each past day's entry (a dict of unit id → (time counted, counts))."""
    by_day: dict[dt.date, dict[int, tuple]] = defaultdict(dict)
    now = time.time()
    for (unit_id, day), value in counts.items():
        if _cacheable(day, today):
            by_day[day][unit_id] = (now, value.as_tuple())
    if not by_day:
        return
    keys = {day: CACHE_KEY.format(day=day.isoformat()) for day in by_day}
    entries = cache.get_many(list(keys.values()))
    oldest = now - FRESH_FOR
    merged = {}
    for day, units in by_day.items():
        kept = {u: item for u, item in (entries.get(keys[day]) or {}).items() if item[0] >= oldest}
        merged[keys[day]] = {**kept, **units}
    cache.set_many(merged, FRESH_FOR)


@dataclass
class Gathered:
    counts: dict[tuple[int, dt.date], Counts]
    needed: int  # days to count
    done: int  # days counted so far (cached, or counted now)

    @property
    def complete(self) -> bool:
        return self.done >= self.needed


def gather(
    staff: list[Employee],
    unit_ids: Iterable[int],
    days: Iterable[dt.date],
    *,
    today: dt.date,
    budget: int | None = None,
) -> Gathered:
    """Counts per (unit, day) for the staff of these units (a list with `unit` loaded) over `days` that
    count (see `counted_days`). Cached days are read from the cache; the others are evaluated, oldest
    first, as long as `budget` (person-days) allows, at least one day per call."""
    unit_ids = list(unit_ids)
    days = sorted(set(days))
    result = from_cache(days, unit_ids, today=today)
    cached_days = {day for (_u, day) in result}
    missing = [d for d in days if d not in cached_days]
    if budget is not None and missing:
        per_day = max(1, len(staff))
        missing = missing[: max(1, budget // per_day)]
    fresh: dict[tuple[int, dt.date], Counts] = {}
    for run in runs(missing):
        fresh.update(_count(staff, unit_ids, run))
    to_cache(fresh, today=today)
    result.update(fresh)
    return Gathered(result, len(days), len(cached_days) + len(missing))


def _count(staff: list[Employee], unit_ids: list[int], days: list[dt.date]) -> dict:
    """Evaluate the staff over the days (one evaluate call) and tally per unit and day; units without
    staff get zeros, so that they are cached too."""
    result = {(unit_id, day): ZERO for unit_id in unit_ids for day in days}
    if staff:
        evaluation = evaluate(staff, days, lean=True)
        result.update(tally(person_days(evaluation, days), evaluation.plan.minimums))
    return result
