"""Bulk evaluation: the status of many people over many days in a fixed number of queries.

Boards, calendars and recaps all read `evaluate`; nothing computes a status a second way.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, DateTimeField, Func, QuerySet
from django.utils import timezone

from attendance.evaluation.status import Band, DayStatus, awaiting_verification, evaluate_day
from attendance.models import CheckIn, DeductionRule, Verification, verification_counts
from policy.models import Arrangement
from policy.plan import day_plan, reference
from policy.plan.building import Plan, Tables, build_plan
from units import clock
from units.models import Employee, Shift


@dataclass
class Evaluation:
    plan: Plan
    statuses: dict[tuple[int, dt.date], DayStatus]
    checkins: dict[tuple[int, dt.date], list[CheckIn]]  # events_by_day's (void ones included)

    def status(self, employee_id: int, day: dt.date) -> DayStatus:
        return self.statuses[(employee_id, day)]


def bands() -> tuple[list[Band], list[Band]]:
    """(late bands, early bands) from the admin-editable table, in minute order (one query)."""
    late, early = [], []
    for rule in DeductionRule.objects.filter(min_minutes__isnull=False).order_by("min_minutes"):
        if rule.min_minutes is None:  # left out by the query already
            continue
        band = Band(rule.code, rule.min_minutes, rule.max_minutes)
        if rule.code.startswith("TL"):
            late.append(band)
        elif rule.code.startswith("PSW"):
            early.append(band)
    return late, early


IN, OUT, BREAK = CheckIn.Kind.IN, CheckIn.Kind.OUT, CheckIn.Kind.BREAK


def remembered_bands() -> tuple[list[Band], list[Band]]:
    """`bands()` from memory (policy.plan.reference): for the check-in and pages that only show a status."""
    return reference.remembered("deduction-bands", bands)


reference.watch(DeductionRule)


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


# SE BKPSDM 4/2025: a phone check-in outside every place of the day has a Verification (attendance.verification)
# and counts only once a head accepts its reason (attendance.models.verification_counts). While it waits the day
# shows MV (status.awaiting_verification); rejected, or still waiting when its month was locked (the lock rejects
# it), it never counts: the day is what the other check-ins make it.
WAITING = Verification.Status.PENDING


def events_by_day(employee_ids, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], list[CheckIn]]:
    """The day's events per person, corrected originals left out, each with its `verification_status`; one
    that does not count (CheckIn.counts) is kept so the pages can show it (one query)."""
    events = CheckIn.objects.with_verification().filter(employee_id__in=employee_ids, date__range=(start, end))
    return counting(events.order_by("at", "id"))


def counting(rows) -> dict[tuple[int, dt.date], list[CheckIn]]:
    """The events of `rows` (CheckIn in time order) per person and day, corrected originals left out."""
    rows = list(rows)
    corrected = {row.corrects_id for row in rows if row.corrects_id}
    result: dict[tuple[int, dt.date], list[CheckIn]] = {}
    for row in rows:
        if row.pk not in corrected:
            result.setdefault((row.employee_id, row.date), []).append(row)
    return result


class LocalTime(Func):
    """A timestamp as naive local wall time (Asia/Jakarta), computed by PostgreSQL: psycopg then reads a
    plain timestamp in C instead of Django's Python loader for time zones (a third of the city board's time
    went there). Elsewhere it is the stored value, made local in Python. Asia/Jakarta keeps no daylight saving
    time, so the earliest local time is the earliest instant."""

    output_field = DateTimeField()

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} AT TIME ZONE %s)", (*params, timezone.get_current_timezone_name())


class LocalText(Func):
    """The same on SQLite, as text ("2026-11-02 07:20:33.123") that `datetime.fromisoformat` reads in C: Django's
    converters for a DateTimeField (parse, make aware, then back to local time) were half of what the city recap
    of a month cost on the demo (docs/performance.md, "City recap"). SQLite keeps UTC; the offset is the time
    zone's, fixed in Asia/Jakarta (no daylight saving time)."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        offset = timezone.get_current_timezone().utcoffset(dt.datetime(2000, 1, 1))
        seconds = int(offset.total_seconds()) if offset is not None else 0
        return f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', {sql}, %s)", (*params, f"{seconds:+d} seconds")


def local_at(field: str) -> Func:
    """`field` as naive local wall time, in the cheapest form the database gives: see LocalTime and LocalText."""
    return LocalText(field) if connection.vendor == "sqlite" else LocalTime(field)


def event_times(
    employee_ids: object, start: dt.date, end: dt.date
) -> tuple[dict[tuple[int, dt.date], list[dt.datetime | None]], set[tuple[int, dt.date]]]:
    """{(employee id, day): [first "in", last "out", first break]} as naive local times (None when there is none), from
    the same events that count as `events_by_day` (corrected originals left out), without building a
    CheckIn per event (one query): what `evaluate` needs when nobody shows the events. (Adding them up
    in SQL instead halves the rows but costs the database more than it saves here.) Only the events that
    count (CheckIn.counts); with the days one of whose events waits for verification (CheckIn.waiting)."""
    rows = list(
        CheckIn.objects.with_verification()
        .filter(employee_id__in=employee_ids, date__range=(start, end))
        .order_by()
        .annotate(local_at=local_at("at"))
        .values_list("id", "employee_id", "date", "kind", "local_at", "corrects_id", "verification_status")
    )
    corrected = {row[5] for row in rows if row[5]}
    times: dict[tuple[int, dt.date], list[dt.datetime | None]] = {}  # [first in, last out, first break]
    waiting: set[tuple[int, dt.date]] = set()
    zone = timezone.get_current_timezone()
    for pk, employee_id, day, kind, at, _corrects, verification in rows:
        if pk in corrected:
            continue
        if not verification_counts(verification):
            if verification == WAITING:
                waiting.add((employee_id, day))
            continue
        if isinstance(at, str):  # SQLite's local text (LocalText)
            at = dt.datetime.fromisoformat(at)
        elif at.tzinfo is not None:  # not made local by the database
            at = at.astimezone(zone).replace(tzinfo=None)
        found = times.get((employee_id, day))
        if found is None:
            found = times[(employee_id, day)] = [None, None, None]
        if kind == IN:
            if found[0] is None or at < found[0]:
                found[0] = at
        elif kind == BREAK:
            if found[2] is None or at < found[2]:
                found[2] = at
        elif found[1] is None or at > found[1]:
            found[1] = at
    return times, waiting


def _times(events: list[CheckIn]) -> tuple[dt.datetime | None, dt.datetime | None, dt.datetime | None]:
    """(first "in", last "out", first break) of a day's events that count, as `event_times` reads them."""
    events = [e for e in events if e.counts]
    ins = [local(e.at) for e in events if e.kind == IN]
    outs = [local(e.at) for e in events if e.kind == OUT]
    breaks = [local(e.at) for e in events if e.kind == BREAK]
    return (min(ins) if ins else None, max(outs) if outs else None, min(breaks) if breaks else None)


def _status(day, cell, hours, first_in, last_out, now, bands_, leave_type, break_at=None, waiting=False) -> DayStatus:
    status = evaluate_day(
        day=day,
        planned=cell,
        hours=hours,
        first_in=first_in,
        last_out=last_out,
        now=now,
        late_bands=bands_[0],
        early_bands=bands_[1],
        leave_type=leave_type,
        break_at=break_at,
    )
    return awaiting_verification(status) if waiting else status


def evaluate(
    employees: QuerySet | list[Employee],
    days: list[dt.date],
    *,
    now: dt.datetime | None = None,
    lean: bool = False,
    tables: Tables | None = None,
) -> Evaluation:
    """Status of every person for every day (about 10 queries whatever the number of staff).

    lean=True reads only the times of the first "in", the last "out" and the first break (no CheckIn objects;
    `checkins` is then empty) and turns a queryset of employees into policy.plan.building.Staff rows: for the city board,
    the recap and the trends, which show no single event. `tables`: as for policy.plan.building.build_plan,
    and the deduction bands and shifts from memory too (pages that only show the result)."""
    plan = build_plan(employees, days, lean=lean, tables=tables)
    ids = plan.people
    start, end = min(days), max(days)
    now = local(now or clock.now())
    bands_ = bands() if tables is None else remembered_bands()
    times: Mapping[tuple[int, dt.date], Sequence[dt.datetime | None]]  # (first in, last out, first break)
    if not lean:
        checkins = events_by_day(ids, start, end)
        times = {key: _times(found) for key, found in checkins.items()}
        waiting = {key for key, found in checkins.items() if any(e.waiting for e in found)}
    else:
        checkins, (times, waiting) = {}, event_times(ids, start, end)
    cuti_ids = {c.arrangement_id for c in plan.cells.values() if c.mode == day_plan.CUTI and c.arrangement_id}
    leave_types = dict(Arrangement.objects.filter(pk__in=cuti_ids).values_list("pk", "leave_type")) if cuti_ids else {}
    if tables is None:
        shift_ids = {c.shift_id for c in plan.cells.values() if c.shift_id}
        found_shifts = Shift.objects.filter(pk__in=shift_ids).select_related("schedule") if shift_ids else []
        shifts = {s.pk: s.hours() for s in found_shifts}
    else:
        shifts = tables.shifts
    cells, timetables = plan.cells, plan.timetables
    statuses = {}
    day_hours = {pk: [t.hours_on(day) for day in days] for pk, t in timetables.items()}
    without_events: dict[tuple, DayStatus] = {}  # nobody's check-ins: equal inputs, one (frozen) status
    for employee in plan.employees:
        pk = employee.pk
        hours_by_day = day_hours[employee.schedule_id or employee.unit.schedule_id]  # effective schedule
        for i, day in enumerate(days):
            key = (pk, day)
            cell = cells[key]
            hours = shifts.get(cell.shift_id) if cell.shift_id else hours_by_day[i]
            leave_type = leave_types.get(cell.arrangement_id, "") if cell.arrangement_id else ""
            found = times.get(key)
            if found is None and key not in waiting:
                shared = (day, id(cell), id(hours), leave_type)
                status = without_events.get(shared)
                if status is None:
                    status = without_events[shared] = _status(day, cell, hours, None, None, now, bands_, leave_type)
            else:
                first_in, last_out, break_at = found or (None, None, None)
                status = _status(
                    day, cell, hours, first_in, last_out, now, bands_, leave_type, break_at, key in waiting
                )
            statuses[key] = status
    return Evaluation(plan, statuses, checkins)
