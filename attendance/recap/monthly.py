"""The monthly recap (rekap bulanan): per employee the count of each code, late and early minutes, the TPP
deduction and the year's TK days with the sanction they reach on the ladder of the person's ASN type (PNS:
PP 94/2021; PPPK: their own consequences, never the PNS wording; attendance.models.SanctionLevel).

With the admin switch on (units.models.RegulationRule LATENESS_TO_TK_MINUTES, off by default, unverified: the
PP 53/2010 elucidation), every 7.5 h of lateness and early leaving added up since 1 January counts as one more
TK day on the ladder (`converted`); the runs of consecutive TK days are left as they are.

The core is pure (`summarize`, `tally_tk`, `stretch`, `carry`, `sanction_for`, `add_up`) over DayStatus
values; `gather` reads the statuses through `attendance.evaluation.bulk.evaluate` (one call) and the two rule
tables, so its query count does not depend on the number of staff.

A locked month is final: its TK days are stored per person (MonthTally, a `Stretch`) when it is locked, or
on first use for months locked before that or people missing then, and the year's count carries them over
without evaluating the month again. Only the months not locked (and the month shown) are evaluated.

Days that are not counted: days after today and today while it is not over (code "-"), days before the
person's start date, and days off ("L"). A day with a late arrival and an early departure counts in both
codes and both deductions.
"""

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attendance import rules_seed
from attendance.evaluation.bulk import evaluate
from attendance.evaluation.status import DAY_OFF, PENDING, DayStatus
from attendance.models import CheckIn, DeductionRule, MonthLock, MonthTally, SanctionLevel
from attendance.recap import remembered
from units import clock, regulation, words
from units.models import Employee, RegulationRule, Unit

LATE = ("TL1", "TL2", "TL3", "TL4")
EARLY = ("PSW1", "PSW2", "PSW3", "PSW4")
LEAVE = ("CT", "CB", "CS", "CM", "CAP", "CLTN")
MISSED_BREAK = rules_seed.MISSED_BREAK  # TPI: no break check-in (SE BKPSDM Kota Bengkulu 4/2025)
CODES = ("H", *LATE, *EARLY, MISSED_BREAK, "DL", *LEAVE, "S", "I", "TK")
ABSENT = "TK"
CAP = Decimal(100)  # a month's deduction never exceeds the whole TPP
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    percent: Decimal
    is_example: bool
    name: str = ""


@dataclass(frozen=True)
class Level:
    min_days: int
    max_days: int | None
    level: str
    sanction: str


@dataclass(frozen=True)
class Ladder:
    """One ASN type's discipline ladder: the steps by the year's TK days, and the rule for consecutive days."""

    steps: tuple[Level, ...] = ()
    streak: Level | None = None  # `min_days` consecutive TK working days


@dataclass(frozen=True)
class Tally:
    """TK working days in the year so far: the total, the current run and the longest run; with the late and
    early minutes of the year (for the 7.5 h conversion)."""

    days: int = 0
    run: int = 0
    longest: int = 0
    minutes: int = 0


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)
    working_days: int = 0
    late_minutes: int = 0
    early_minutes: int = 0
    deduction: Decimal = Decimal(0)  # percent of the month's TPP, capped at 100
    example: bool = False  # an example (unconfirmed) rule was used


def summarize(statuses: Iterable[DayStatus | remembered.Day | None], rules: dict[str, Rule]) -> Summary:
    """Totals of one person's month; None (or "-", or "L") marks a day that is not counted."""
    result = Summary()
    deduction = Decimal(0)
    for status in statuses:
        if status is None or status.code in (PENDING, DAY_OFF):
            continue
        result.working_days += 1
        result.late_minutes += status.late_minutes
        result.early_minutes += status.early_minutes
        for code in status.codes:
            result.counts[code] += 1
            rule = rules.get(code)
            if rule is not None:
                deduction += rule.percent
                result.example = result.example or rule.is_example
    result.deduction = min(deduction, CAP)
    return result


def tally_tk(tally: Tally, codes: Iterable[str]) -> Tally:
    """Carry the year's TK count over more days, in date order (each item a day's main code).

    Days off and days not counted ("L", "-") neither count nor break a run of TK days; any other code does.
    """
    days, run, longest = tally.days, tally.run, tally.longest
    for code in codes:
        if code == ABSENT:
            days, run = days + 1, run + 1
            longest = max(longest, run)
        elif code not in (DAY_OFF, PENDING):
            run = 0
    return Tally(days, run, longest, tally.minutes)


@dataclass(frozen=True)
class Stretch:
    """A month's TK days, enough to carry a Tally over the month without its days (see `carry`)."""

    days: int = 0
    lead: int = 0  # TK days before the first day that breaks a run
    run: int = 0  # TK days after the last break: the run at the month's end
    longest: int = 0  # the longest run inside the month
    broken: bool = False  # some counted day broke a run (else every counted day was TK)
    minutes: int = 0  # late and early minutes of the month's counted days


def stretch(codes: list[str]) -> Stretch:
    """The Stretch of a month's main codes in date order (same rules as `tally_tk`)."""
    inside = tally_tk(Tally(), codes)
    lead = 0
    for code in codes:
        if code == ABSENT:
            lead += 1
        elif code not in (DAY_OFF, PENDING):
            return Stretch(inside.days, lead, inside.run, inside.longest, True)
    return Stretch(inside.days, lead, inside.run, inside.longest, False)


def carry(tally: Tally, month: Stretch) -> Tally:
    """`tally` carried over a month: the same as `tally_tk(tally, codes)` for the codes of `month`."""
    days, minutes = tally.days + month.days, tally.minutes + month.minutes
    if not month.broken:
        run = tally.run + month.days
        return Tally(days, run, max(tally.longest, run), minutes)
    return Tally(days, month.run, max(tally.longest, tally.run + month.lead, month.longest), minutes)


def converted(minutes: int, per_day: int | None) -> int:
    """TK days from the year's late and early minutes: one per `per_day` minutes (None: the switch is off)."""
    return minutes // per_day if per_day else 0


def streak_for(tally: Tally, ladder: Ladder) -> Level | None:
    """The consecutive-days rule reached by the longest run of TK days, if any."""
    if ladder.streak is not None and tally.longest >= ladder.streak.min_days:
        return ladder.streak
    return None


def sanction_for(days: int, levels: list[Level]) -> Level | None:
    """The PP 94/2021 level reached by `days` TK days in a year (None below the first level)."""
    for level in levels:
        if days >= level.min_days and (level.max_days is None or days <= level.max_days):
            return level
    return None


def add_up(summaries: Iterable[Summary]) -> Summary:
    """Column totals; `deduction` is the mean over the people (a sum of percentages means nothing)."""
    total = Summary()
    n = 0
    deduction = Decimal(0)
    for s in summaries:
        n += 1
        total.counts.update(s.counts)
        total.working_days += s.working_days
        total.late_minutes += s.late_minutes
        total.early_minutes += s.early_minutes
        total.example = total.example or s.example
        deduction += s.deduction
    total.deduction = (deduction / n).quantize(HUNDREDTH) if n else Decimal(0)
    return total


def month_days(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


def counted(
    status: DayStatus | remembered.Day, day: dt.date, *, today: dt.date, start: dt.date
) -> DayStatus | remembered.Day | None:
    """The status, or None for a day in the future or before the person started."""
    if day > today or day < start:
        return None
    return status


# --- gathering (ORM) -----------------------------------------------------------------------------------


@dataclass
class Row:
    employee: Employee
    summary: Summary
    tally: Tally | None = None  # None when the year-to-date was not asked for
    level: Level | None = None
    streak: Level | None = None  # the consecutive-days rule of the person's ladder, when reached
    converted: int = 0  # TK days from lateness and early leaving (the switch on), counted on the ladder
    cells: list[tuple[str, int]] = field(default_factory=list)  # (code, count) shown: display.py

    def streak_note(self) -> str:
        """The consecutive-days rule reached, in words (the page and the files)."""
        if self.streak is None or self.tally is None:
            return ""
        return _("%(n)d hari kerja berturut-turut tanpa keterangan: %(sanction)s") % {
            "n": self.tally.longest,
            "sanction": self.streak.sanction,
        }

    def conversion_note(self) -> str:
        """The TK days counted from lateness and early leaving (the switch on), in words."""
        if not self.converted or self.tally is None:
            return ""
        return ngettext(
            "+%(days)d hari TK dari %(time)s terlambat dan pulang cepat sejak 1 Januari",
            "+%(days)d hari TK dari %(time)s terlambat dan pulang cepat sejak 1 Januari",
            self.converted,
        ) % {"days": self.converted, "time": words.duration(self.tally.minutes)}


@dataclass
class Group:
    unit: Unit
    rows: list[Row]
    total: Summary
    cells: list[tuple[str, int]] = field(default_factory=list)  # (code, count) shown: display.py


@dataclass
class Recap:
    year: int
    month: int
    rows: list[Row]
    example: bool
    through: dt.date | None  # last day counted; None when the month has not started
    since: dt.date | None  # the first check-in recorded in Hadir (days before it are not counted)
    rules: dict[str, Rule] = field(default_factory=dict)
    frozen: tuple[int, ...] = ()  # months of the year-to-date taken from their stored (locked) figures
    per_tk_day: int | None = None  # minutes of lateness and early leaving per TK day; None: the switch is off

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @cached_property
    def total(self) -> Summary:
        return add_up(r.summary for r in self.rows)

    def groups(self) -> list[Group]:
        """Rows grouped by unit, in the order of the rows (unit tree order when gathered so)."""
        groups: dict[int, Group] = {}
        for row in self.rows:
            unit = row.employee.unit
            groups.setdefault(unit.pk, Group(unit, [], Summary())).rows.append(row)
        for group in groups.values():
            group.total = add_up(r.summary for r in group.rows)
        return list(groups.values())


def rules() -> dict[str, Rule]:
    return {
        r.code: Rule(r.deduction_percent, r.is_example, r.name)
        for r in DeductionRule.objects.only("code", "name", "deduction_percent", "is_example")
    }


def ladders() -> dict[str, Ladder]:
    """{ASN type: its ladder} from the admin-editable table (one query). A type without rows has an empty
    ladder: no sanction is shown rather than another type's."""
    steps: dict[str, list[Level]] = {t: [] for t in Employee.AsnType.values}
    streaks: dict[str, Level] = {}
    for s in SanctionLevel.objects.order_by("asn_type", "consecutive", "min_days"):
        level = Level(s.min_days, s.max_days, s.level, s.sanction)
        if s.consecutive:
            streaks.setdefault(s.asn_type, level)
        else:
            steps.setdefault(s.asn_type, []).append(level)
    return {t: Ladder(tuple(found), streaks.get(t)) for t, found in steps.items()}


def per_tk_day() -> int | None:
    """Minutes of lateness and early leaving that make one TK day, or None while the switch is off (one query)."""
    return RegulationRule.values(regulation.LATENESS_TO_TK_MINUTES)[regulation.LATENESS_TO_TK_MINUTES]


def recorded_since() -> dt.date | None:
    """The first day Hadir recorded a check-in. Days before it are not counted: without it, every
    working day before the city started using Hadir would be TK (1 query, on the date index)."""
    return CheckIn.objects.aggregate(first=Min("date"))["first"]


def month_lock(year: int, month: int) -> MonthLock | None:
    return MonthLock.objects.select_related("locked_by__employee").filter(year=year, month=month).first()


def ordered(employees) -> list[Employee]:
    """Active staff in unit tree order, then by name (1 query)."""
    return list(
        employees.filter(is_active=True).select_related("unit").order_by("unit__tree_path", "full_name", "nip")
    )


def _start(employee: Employee, since: dt.date | None) -> dt.date:
    return max(employee.start_date, since) if since else dt.date.max


def _codes(statuses, pk: int, days: list[dt.date], start: dt.date, today: dt.date) -> list[str]:
    # Days not counted (`counted` gives None: "-") neither count nor break a run: leave them out.
    return [statuses[(pk, day)].code for day in days if start <= day <= today]


def _minutes(statuses, pk: int, days: list[dt.date], start: dt.date, today: dt.date) -> int:
    """Late and early minutes of the counted days (as `summarize` adds them up)."""
    total = 0
    for day in days:
        if start <= day <= today:
            status = statuses[(pk, day)]
            total += status.late_minutes + status.early_minutes
    return total


def frozen_months(year: int, months: Iterable[int], *, today: dt.date) -> dict[int, int]:
    """{month: lock id} of the `months` that are locked and over: their stored tallies are final (1 query)."""
    locks = MonthLock.objects.filter(year=year, month__in=list(months)).values_list("month", "pk")
    return {m: pk for m, pk in locks if month_days(year, m)[-1] < today}


def _ids(employees) -> list[int]:
    if isinstance(employees, list):
        return [e.pk for e in employees]
    return list(employees.values_list("pk", flat=True))


def _only(employees, ids: set[int]):
    if isinstance(employees, list):
        return [e for e in employees if e.pk in ids]
    return employees.filter(pk__in=ids)


def freeze(employees, year: int, month: int, lock: int, *, today: dt.date, since: dt.date | None) -> dict[int, Stretch]:
    """Evaluate a locked month for `employees` and store each person's Stretch (one evaluate call, bulk)."""
    if isinstance(employees, list) and not employees:
        return {}
    days = month_days(year, month)
    evaluation = evaluate(employees, days, lean=True)
    found = {
        e.pk: replace(
            stretch(_codes(evaluation.statuses, e.pk, days, _start(e, since), today)),
            minutes=_minutes(evaluation.statuses, e.pk, days, _start(e, since), today),
        )
        for e in evaluation.plan.employees
    }
    at = clock.now()
    MonthTally.objects.bulk_create(
        [
            MonthTally(lock_id=lock, employee_id=pk, year=year, month=month, computed_at=at, **vars(s))
            for pk, s in found.items()
        ],
        batch_size=2000,
        ignore_conflicts=True,  # stored a moment ago by another request: the same figures
    )
    return found


def stored(employees, year: int, frozen: dict[int, int], *, today: dt.date, since) -> dict[int, dict[int, Stretch]]:
    """{month: {person: Stretch}} for the frozen months (1 query); people without stored figures (a month
    locked before tallies were stored, staff added since) are evaluated and stored now, once."""
    if not frozen:
        return {}
    ids = _ids(employees)
    found: dict[int, dict[int, Stretch]] = {m: {} for m in frozen}
    rows = MonthTally.objects.filter(year=year, month__in=list(frozen), employee_id__in=ids).values_list(
        "month", "employee_id", "days", "lead", "run", "longest", "broken", "minutes"
    )
    for month, pk, days, lead, run, longest, broken, minutes in rows:
        found[month][pk] = Stretch(days, lead, run, longest, broken, minutes)
    for month, lock in frozen.items():
        missing = set(ids) - found[month].keys()
        if missing:
            found[month].update(freeze(_only(employees, missing), year, month, lock, today=today, since=since))
    return found


def _walk(people, year, months, frozen, figures, statuses, tallies, *, today, since) -> dict[int, Tally]:
    """Each person's tally carried over `months` in order: frozen ones from `figures`, others from `statuses`."""
    days = {m: month_days(year, m) for m in months if m not in frozen}
    nothing = Stretch()
    result = {}
    for e in people:
        pk = e.pk
        start = _start(e, since)
        tally = tallies.get(pk, Tally())
        for m in months:
            if m in frozen:
                tally = carry(tally, figures[m].get(pk, nothing))
            else:
                tally = tally_tk(tally, _codes(statuses, pk, days[m], start, today))
                tally = replace(tally, minutes=tally.minutes + _minutes(statuses, pk, days[m], start, today))
        result[pk] = tally
    return result


def advance(employees, year: int, month: int, tallies: dict[int, Tally], *, today: dt.date, after: int | None = None):
    """The year's TK tallies (counted through month `after`, by default the month before) carried over the
    months up to `month`: locked months from their stored figures, the others in one evaluate call. For work
    done in steps. `employees`: a list of Employee, or a queryset (then read as plain rows, the cheaper way
    for the city)."""
    if isinstance(employees, list) and not employees:
        return dict(tallies)
    months = list(range((month - 1 if after is None else after) + 1, month + 1))
    since = recorded_since()
    frozen = frozen_months(year, months, today=today)
    figures = stored(employees, year, frozen, today=today, since=since)
    open_days = [d for m in months if m not in frozen for d in month_days(year, m)]
    if open_days:
        evaluation = evaluate(employees, open_days, lean=True)
        people, statuses = evaluation.plan.employees, evaluation.statuses
    else:
        people = employees if isinstance(employees, list) else list(employees.only("pk", "start_date"))
        statuses = {}
    return {**tallies, **_walk(people, year, months, frozen, figures, statuses, tallies, today=today, since=since)}


def gather(
    employees: list[Employee],
    year: int,
    month: int,
    *,
    today: dt.date,
    year_to_date: bool = True,
    tallies: dict[int, Tally] | None = None,
    after: int = 0,
) -> Recap:
    """The recap of `employees` (a list, in display order) for one month, with one evaluate call.

    With `year_to_date`, the year's TK days are counted from 1 January (or from `tallies`, counted through
    month `after`, built with `advance` for the whole city): locked months from their stored figures, the
    other months evaluated with the month itself. About 14 queries whatever the staff (more once when a
    locked month's figures are stored on first use).
    """
    days = month_days(year, month)
    through = min(today, days[-1]) if days[0] <= today else None
    table = rules()
    since = recorded_since()
    rows = []
    frozen: dict[int, int] = {}
    if employees:
        span = days
        if year_to_date:
            before = list(range(after + 1, month))
            frozen = frozen_months(year, before, today=today)
            figures = stored(employees, year, frozen, today=today, since=since)
            span = [d for m in before if m not in frozen for d in month_days(year, m)] + days
        status: Callable[[int, dt.date], DayStatus | remembered.Day]
        if year_to_date:
            evaluation = evaluate(employees, span, lean=True)
            status = evaluation.status
        else:  # the month alone (the city recap per unit): its finished days remembered (recap/remembered.py)
            found_statuses = remembered.statuses(employees, days, today=today)
            status = lambda pk, day: found_statuses[(pk, day)]  # noqa: E731
        if year_to_date:
            steps = _walk(
                employees, year, [*before, month], frozen, figures, evaluation.statuses, tallies or {},
                today=today, since=since,
            )
            found = ladders()
            per_day = per_tk_day()
        for e in employees:
            start = _start(e, since)
            summary = summarize(
                (counted(status(e.pk, d), d, today=today, start=start) for d in days),
                table,
            )
            row = Row(e, summary)
            if year_to_date:
                ladder = found.get(e.asn_type, Ladder())
                row.tally = steps[e.pk]
                row.converted = converted(row.tally.minutes, per_day)
                row.level = sanction_for(row.tally.days + row.converted, list(ladder.steps))
                row.streak = streak_for(row.tally, ladder)
            rows.append(row)
    example = any(r.summary.example for r in rows)
    recap = Recap(year, month, rows, example, through, since, table, tuple(sorted(frozen)))
    if employees and year_to_date:
        recap.per_tk_day = per_day
    return recap
