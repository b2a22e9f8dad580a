"""Bulk evaluation: the status of many people over many days in a fixed number of queries.

Boards, calendars and recaps all read `evaluate`; nothing computes a status a second way.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from attendance.models import CheckIn, DeductionRule
from attendance.status import Band, DayStatus, evaluate_day
from policy import plan as P
from policy.models import Arrangement
from policy.services import Plan, build_plan
from units import clock
from units.models import Employee, Shift


@dataclass
class Evaluation:
    plan: Plan
    statuses: dict[tuple[int, dt.date], DayStatus]
    checkins: dict[tuple[int, dt.date], list[CheckIn]]

    def status(self, employee_id: int, day: dt.date) -> DayStatus:
        return self.statuses[(employee_id, day)]


def bands() -> tuple[list[Band], list[Band]]:
    """(late bands, early bands) from the admin-editable table, in minute order (one query)."""
    late, early = [], []
    for rule in DeductionRule.objects.filter(min_minutes__isnull=False).order_by("min_minutes"):
        band = Band(rule.code, rule.min_minutes, rule.max_minutes)
        if rule.code.startswith("TL"):
            late.append(band)
        elif rule.code.startswith("PSW"):
            early.append(band)
    return late, early


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def events_by_day(employee_ids, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], list[CheckIn]]:
    """The events that count, per person and day: corrected originals are left out (one query)."""
    rows = list(
        CheckIn.objects.filter(employee_id__in=employee_ids, date__range=(start, end)).order_by("at", "id")
    )
    corrected = {row.corrects_id for row in rows if row.corrects_id}
    result: dict[tuple[int, dt.date], list[CheckIn]] = {}
    for row in rows:
        if row.pk not in corrected:
            result.setdefault((row.employee_id, row.date), []).append(row)
    return result


def evaluate(employees: QuerySet | list[Employee], days: list[dt.date], *, now: dt.datetime | None = None) -> Evaluation:
    """Status of every person for every day (about 20 queries whatever the number of staff)."""
    plan = build_plan(employees, days)
    ids = [e.pk for e in plan.employees]
    start, end = min(days), max(days)
    now = local(now or clock.now())
    late_bands, early_bands = bands()
    events = events_by_day(ids, start, end)
    cuti_ids = {c.arrangement_id for c in plan.cells.values() if c.mode == P.CUTI and c.arrangement_id}
    leave_types = dict(Arrangement.objects.filter(pk__in=cuti_ids).values_list("pk", "leave_type")) if cuti_ids else {}
    shift_ids = {c.shift_id for c in plan.cells.values() if c.shift_id}
    shifts = {s.pk: s.hours() for s in Shift.objects.filter(pk__in=shift_ids)} if shift_ids else {}
    timetables = plan.timetables
    statuses = {}
    for employee in plan.employees:
        timetable = timetables[employee.effective_schedule_id]
        for day in days:
            cell = plan.cells[(employee.pk, day)]
            hours = shifts.get(cell.shift_id) if cell.shift_id else timetable.hours_on(day)
            todays = events.get((employee.pk, day), [])
            ins = [local(e.at) for e in todays if e.kind == CheckIn.Kind.IN]
            outs = [local(e.at) for e in todays if e.kind == CheckIn.Kind.OUT]
            statuses[(employee.pk, day)] = evaluate_day(
                day=day,
                planned=cell,
                hours=hours,
                first_in=min(ins) if ins else None,
                last_out=max(outs) if outs else None,
                now=now,
                late_bands=late_bands,
                early_bands=early_bands,
                leave_type=leave_types.get(cell.arrangement_id, ""),
            )
    return Evaluation(plan, statuses, events)
