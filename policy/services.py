"""Bulk gathering for the pure core: policies, people and plans for many staff and days in a fixed
number of queries. The single forms (one person, one day) call the bulk forms with one element."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from policy import plan as P
from policy import resolution as R
from policy.models import Arrangement, PlanEntry, Policy, StaffingMinimum
from units.models import Employee, Holiday, Schedule, Unit


def unit_paths() -> dict[int, tuple[int, ...]]:
    """Every unit's id path from the root (one query; the city has a few hundred units)."""
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    paths: dict[int, tuple[int, ...]] = {}

    def path(unit_id):
        if unit_id not in paths:
            parent = parents.get(unit_id)
            paths[unit_id] = (path(parent) if parent else ()) + (unit_id,)
        return paths[unit_id]

    for unit_id in parents:
        path(unit_id)
    return paths


def person(employee: Employee, paths: dict[int, tuple[int, ...]]) -> R.Person:
    """Plain facts about an employee; `employee.unit` must be loaded (select_related)."""
    return R.Person(
        id=employee.pk,
        unit_id=employee.unit_id,
        unit_path=paths.get(employee.unit_id, (employee.unit_id,)),
        unit_kind=employee.unit.kind,
        frontline=employee.unit.is_frontline,
        service_role=employee.service_role,
        position_category=employee.position_category,
    )


def facts(policy: Policy) -> R.PolicyFacts:
    """Plain facts of a policy; prefetch `scope_units` and `scope_employees` for many."""
    scoped = list(policy.scope_units.all())
    return R.PolicyFacts(
        id=policy.pk,
        title=policy.title,
        legal_basis=policy.legal_basis,
        decided_on=policy.decided_on,
        effective_from=policy.effective_from,
        effective_until=policy.effective_until,
        rule=policy.rule,
        wfh_days_per_week=policy.wfh_days_per_week,
        version=policy.version,
        city=policy.scope_city,
        unit_kinds=frozenset(policy.scope_unit_kinds),
        units=frozenset(s.unit_id for s in scoped if not s.include_sub_units),
        unit_trees=frozenset(s.unit_id for s in scoped if s.include_sub_units),
        frontline=policy.scope_frontline,
        service_roles=frozenset(policy.scope_service_roles),
        position_categories=frozenset(policy.scope_position_categories),
        employees=frozenset(e.pk for e in policy.scope_employees.all()),
    )


def policies_in_force(start: dt.date, end: dt.date, *, with_draft: Policy | None = None) -> list[R.PolicyFacts]:
    """Active policies overlapping [start, end] (3 queries). `with_draft` adds a draft or a new version
    as if it were active; when it supersedes a version, that version ends the day before it starts."""
    qs = Policy.objects.in_force_between(start, end).prefetch_related("scope_units", "scope_employees")
    result = []
    for policy in qs:
        item = facts(policy)
        if with_draft is not None and with_draft.supersedes_id == policy.pk:
            if with_draft.effective_from <= policy.effective_from:
                continue
            item = _ending(item, with_draft.effective_from - dt.timedelta(days=1))
        result.append(item)
    if with_draft is not None:
        result.append(facts(with_draft))
    return result


def _ending(item: R.PolicyFacts, until: dt.date) -> R.PolicyFacts:
    from dataclasses import replace

    return replace(item, effective_until=until)


@dataclass
class Plan:
    """Planned mode of every person for every day, with unit minimums; built by `build_plan`."""

    days: list[dt.date]
    employees: list[Employee]
    cells: dict[tuple[int, dt.date], P.PlannedDay]
    minimums: dict[tuple[int, dt.date], dict[str, int]] = field(default_factory=dict)
    timetables: dict = field(default_factory=dict)  # schedule id → units.schedule.Timetable
    _on_site: dict | None = field(default=None, repr=False)

    def on_site(self, unit_id: int, day: dt.date) -> dict[str, int]:
        """Planned on-site count per service role (a fresh dict the caller may change)."""
        if self._on_site is None:
            self._on_site = defaultdict(lambda: defaultdict(int))
            for employee in self.employees:
                for d in self.days:
                    if self.cells[(employee.pk, d)].on_site:
                        self._on_site[(employee.unit_id, d)][employee.service_role] += 1
        return defaultdict(int, self._on_site.get((unit_id, day), {}))

    def shortfalls(self, unit_id: int, day: dt.date) -> list[P.Shortfall]:
        return P.shortfalls(self.minimums.get((unit_id, day), {}), self.on_site(unit_id, day))


def _schedules(ids) -> dict[int, Schedule]:
    qs = Schedule.objects.filter(pk__in=ids).prefetch_related("days", "overrides__days")
    return {s.pk: s for s in qs}


def minimum_rules(start: dt.date, end: dt.date, units: list[Unit], *, with_draft: Policy | None = None):
    """{(unit id, day): [MinimumRule]} for the units and days (1–2 queries)."""
    policy_ids = [p.id for p in policies_in_force(start, end, with_draft=with_draft)]
    spans = dict(
        (p.pk, (p.effective_from, p.effective_until))
        for p in Policy.objects.filter(pk__in=policy_ids).only("effective_from", "effective_until")
    )
    if with_draft is not None:
        spans[with_draft.pk] = (with_draft.effective_from, with_draft.effective_until)
        if with_draft.supersedes_id in spans:
            old_from, _old_until = spans[with_draft.supersedes_id]
            spans[with_draft.supersedes_id] = (old_from, with_draft.effective_from - dt.timedelta(days=1))
    rules = StaffingMinimum.objects.filter(policy_id__in=spans).select_related("policy")
    by_target = defaultdict(list)
    for rule in rules:
        by_target[rule.unit_id or rule.unit_kind].append(rule)
    result = {}
    day = start
    while day <= end:
        for unit in units:
            found = []
            for rule in by_target.get(unit.pk, []) + by_target.get(unit.kind, []):
                begin, until = spans[rule.policy_id]
                if begin <= day and (until is None or day <= until):
                    found.append(P.MinimumRule(rule.policy_id, rule.policy.title, rule.service_role, rule.min_count, rule.min_percent))
            result[(unit.pk, day)] = found
        day += dt.timedelta(days=1)
    return result


def build_plan(
    employees: QuerySet | list[Employee],
    days: list[dt.date],
    *,
    with_draft: Policy | None = None,
    minimums: bool = True,
) -> Plan:
    """The plan for these employees over these days, in a fixed number of queries (about 14).

    minimums=False skips the units' on-site minimums (the check-in hot path does not need them)."""
    employees = list(employees.select_related("unit") if isinstance(employees, QuerySet) else employees)
    start, end = min(days), max(days)
    ids = [e.pk for e in employees]
    paths = unit_paths()
    policies = policies_in_force(start, end, with_draft=with_draft)
    holidays = dict(Holiday.objects.filter(date__range=(start, end)).values_list("date", "name"))
    schedules = _schedules({e.schedule_id or e.unit.schedule_id for e in employees})
    timetables = {pk: s.timetable() for pk, s in schedules.items()}
    arrangements = defaultdict(list)
    for a in Arrangement.objects.filter(
        employee_id__in=ids, status=Arrangement.Status.APPROVED, start_date__lte=end, end_date__gte=start
    ).values("id", "employee_id", "kind", "start_date", "end_date"):
        arrangements[a["employee_id"]].append(a)
    assignments = {
        (e["employee_id"], e["date"]): (e["mode"], e["shift_id"])
        for e in PlanEntry.objects.filter(employee_id__in=ids, date__range=(start, end)).values(
            "employee_id", "date", "mode", "shift_id"
        )
    }
    cells = {}
    for employee in employees:
        who = person(employee, paths)
        schedule = schedules[employee.schedule_id or employee.unit.schedule_id]
        timetable = timetables[schedule.pk]
        shift_based = schedule.kind == Schedule.Kind.SHIFT
        for day in days:
            holiday = "" if schedule.works_on_holidays else holidays.get(day, "")
            covering = next(
                ((a["id"], a["kind"]) for a in arrangements[employee.pk] if a["start_date"] <= day <= a["end_date"]),
                None,
            )
            cells[(employee.pk, day)] = P.plan_day(
                working=timetable.hours_on(day) is not None,
                holiday=holiday,
                arrangement=covering,
                assignment=assignments.get((employee.pk, day)),
                resolution=R.resolve(who, day, policies),
                shift_based=shift_based,
            )
    units = list({e.unit_id: e.unit for e in employees}.values())
    by_id = {e.pk: e for e in employees}
    staff_by_unit_role: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for employee in employees:
        staff_by_unit_role[employee.unit_id][employee.service_role] += 1
    if not minimums:
        return Plan(days, employees, cells, {}, timetables)
    rules = minimum_rules(start, end, units, with_draft=with_draft)
    # A minimum applies only on the days the unit works: not when all its staff are on a day off.
    open_days = {(by_id[pk].unit_id, day) for (pk, day), cell in cells.items() if cell.mode != P.LIBUR}
    minimums = {
        (unit.pk, day): P.required_on_site(rules[(unit.pk, day)], staff_by_unit_role[unit.pk])
        if (unit.pk, day) in open_days
        else {}
        for unit in units
        for day in days
    }
    return Plan(days, employees, cells, minimums, timetables)


def resolve_for(employee: Employee, day: dt.date) -> R.Resolution:
    """The required mode for one employee on one day (the bulk form with one element)."""
    policies = policies_in_force(day, day)
    return R.resolve(person(employee, unit_paths()), day, policies)


def active_staff(unit: Unit) -> QuerySet:
    return Employee.objects.active().filter(unit=unit)


def staff_within(unit: Unit) -> QuerySet:
    return Employee.objects.active().filter(Q(unit__tree_path__startswith=unit.tree_path))


def shortfalls_without(employee: Employee, days: list[dt.date], *, lock: bool = False):
    """{day: [Shortfall]} for the employee's unit on the days they would no longer be on site.

    With lock=True the unit row is locked first (SELECT … FOR UPDATE), so two approvals for the same
    unit are serialised: call it inside transaction.atomic() and write the decision before leaving it.
    """
    if lock:
        list(Unit.objects.select_for_update().filter(pk=employee.unit_id))
    plan = build_plan(Employee.objects.active().filter(unit_id=employee.unit_id), days)
    result = {}
    for day in days:
        cell = plan.cells.get((employee.pk, day))
        if cell is None or not cell.on_site:
            continue  # away already, or not counted: removing them changes nothing
        counts = plan.on_site(employee.unit_id, day)
        counts[employee.service_role] -= 1
        found = P.shortfalls(plan.minimums.get((employee.unit_id, day), {}), counts)
        if found:
            result[day] = found
    return result


def working_days(employee: Employee, start: dt.date, end: dt.date) -> list[dt.date]:
    """The person's working days in [start, end] (schedule and holidays; shift staff: every day)."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    plan = build_plan([employee], days)
    return [day for day in days if plan.cells[(employee.pk, day)].mode != P.LIBUR]
