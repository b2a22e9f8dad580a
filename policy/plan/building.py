"""Bulk gathering for the pure core: policies, people and plans for many staff and days in a fixed
number of queries. The single forms (one person, one day) call the bulk forms with one element."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import cast

from django.db.models import Q, QuerySet

from policy.models import Arrangement, PlanEntry, Policy, PolicyUnit, StaffingMinimum
from policy.plan import day_plan, precedence, reference
from units.models import Employee, Holiday, Schedule, ScheduleDay, ScheduleOverride, Shift, Unit
from units.schedule import Hours


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


def person(employee: Employee, paths: dict[int, tuple[int, ...]]) -> precedence.Person:
    """Plain facts about an employee; `employee.unit` must be loaded (select_related)."""
    return precedence.Person(
        id=employee.pk,
        unit_id=employee.unit_id,
        unit_path=paths.get(employee.unit_id, (employee.unit_id,)),
        unit_kind=employee.unit.kind,
        frontline=employee.unit.is_frontline,
        service_role=employee.service_role,
        position_category=employee.position_category,
    )


def facts(policy: Policy) -> precedence.PolicyFacts:
    """Plain facts of a policy; prefetch `scope_units` and `scope_employees` for many."""
    scoped = list(policy.scope_units.all())
    return precedence.PolicyFacts(
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


def policies_in_force(start: dt.date, end: dt.date, *, with_draft: Policy | None = None) -> list[precedence.PolicyFacts]:
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


def _ending(item: precedence.PolicyFacts, until: dt.date) -> precedence.PolicyFacts:
    from dataclasses import replace

    return replace(item, effective_until=until)


@dataclass
class Plan:
    """Planned mode of every person for every day, with unit minimums; built by `build_plan`."""

    days: list[dt.date]
    employees: list[Employee]
    cells: dict[tuple[int, dt.date], day_plan.PlannedDay]
    minimums: dict[tuple[int, dt.date], dict[str, int]] = field(default_factory=dict)
    timetables: dict = field(default_factory=dict)  # schedule id → units.schedule.Timetable
    people: object = None  # what picks these employees' rows: a list of ids, or a subquery
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

    def shortfalls(self, unit_id: int, day: dt.date) -> list[day_plan.Shortfall]:
        return day_plan.shortfalls(self.minimums.get((unit_id, day), {}), self.on_site(unit_id, day))


def _schedules(ids) -> dict[int, Schedule]:
    qs = Schedule.objects.filter(pk__in=ids).prefetch_related("days", "overrides__days")
    return {s.pk: s for s in qs}


MINIMUM_FIELDS = ("policy_id", "unit_id", "unit_kind", "service_role", "min_count", "min_percent")


def minimum_rules(
    start: dt.date,
    end: dt.date,
    units: list[Unit],
    *,
    with_draft: Policy | None = None,
    policies: list[precedence.PolicyFacts] | None = None,
    rows: Sequence[dict] | None = None,
):
    """{(unit id, day): [MinimumRule]} for the units and days (1 query, or 4 without `policies`: the
    policies_in_force of the same span and draft, which their dates and titles are read from; none with
    `rows`, the StaffingMinimum values of those policies)."""
    if policies is None:
        policies = policies_in_force(start, end, with_draft=with_draft)
    # policies_in_force already ends a version the draft supersedes the day before the draft starts.
    spans = {p.id: (p.effective_from, p.effective_until) for p in policies}
    titles = {p.id: p.title for p in policies}
    if rows is None:
        rows = StaffingMinimum.objects.filter(policy_id__in=spans).values(*MINIMUM_FIELDS)
    rules = [rule for rule in rows if rule["policy_id"] in spans]
    by_target = defaultdict(list)
    for rule in rules:
        by_target[rule["unit_id"] or rule["unit_kind"]].append(rule)
    result = {}
    day = start
    while day <= end:
        for unit in units:
            found = []
            for rule in by_target.get(unit.pk, []) + by_target.get(unit.kind, []):
                begin, until = spans[rule["policy_id"]]
                if begin <= day and (until is None or day <= until):
                    found.append(
                        day_plan.MinimumRule(
                            rule["policy_id"],
                            titles[rule["policy_id"]],
                            rule["service_role"],
                            rule["min_count"],
                            rule["min_percent"],
                        )
                    )
            result[(unit.pk, day)] = found
        day += dt.timedelta(days=1)
    return result


class Staff(tuple):
    """A person as the plan and the evaluation read them, without a model instance: for the city-wide
    callers (the city board, trends) where building an Employee per person costs more than the plan
    (docs/performance.md, "The plan").
    `unit` is the Unit instance (shared by the unit's staff)."""

    __slots__ = ()
    FIELDS = ("pk", "unit_id", "service_role", "position_category", "schedule_id", "start_date")

    pk = property(itemgetter(0))
    unit_id = property(itemgetter(1))
    service_role = property(itemgetter(2))
    position_category = property(itemgetter(3))
    schedule_id = property(itemgetter(4))
    start_date = property(itemgetter(5))
    unit = property(itemgetter(6))

    @property
    def effective_schedule_id(self) -> int:
        return self[4] or self[6].schedule_id


def staff_rows(employees: QuerySet) -> list[Staff]:
    """The people of `employees` as Staff rows, in the queryset's order (2 queries)."""
    rows = list(employees.values_list(*Staff.FIELDS))
    units = Unit.objects.in_bulk({row[1] for row in rows})
    return [Staff((*row, units[row[1]])) for row in rows]


def build_plan(
    employees: QuerySet | list[Employee],
    days: list[dt.date],
    *,
    with_draft: Policy | None = None,
    minimums: bool = True,
    lean: bool = False,
    tables: "Tables | None" = None,
) -> Plan:
    """The plan for these employees over these days, in a fixed number of queries (about 10).

    `employees` may be a queryset (its rows are then picked by a subquery rather than a list of ids), a
    list of Employee (with `unit` loaded) or of Staff rows; lean=True turns a queryset into Staff rows.
    minimums=False skips the units' on-site minimums (the check-in hot path does not need them).
    `tables` (from `tables()`): read policies, holidays, schedules and minimums from memory rather than
    the database (2 queries instead of about 10): for pages that only show the plan, never for a
    decision taken on it (policy.plan.reference says how fresh the tables are)."""
    ids: object  # what picks the rows (Plan.people)
    if isinstance(employees, QuerySet):
        ids = employees.order_by().values("pk")
        # Staff rows stand in for Employee: they carry what the plan and the evaluation read.
        employees = (
            cast(list[Employee], staff_rows(employees))
            if lean
            else list(employees.select_related("unit"))
        )
    else:
        employees = list(employees)
        ids = [e.pk for e in employees]
    start, end = min(days), max(days)
    if tables is None:
        paths = unit_paths()
        policies = policies_in_force(start, end, with_draft=with_draft)
        holidays = dict(Holiday.objects.filter(date__range=(start, end)).values_list("date", "name"))
        schedules = _schedules({e.schedule_id or e.unit.schedule_id for e in employees})
        timetables = {pk: s.timetable() for pk, s in schedules.items()}
    else:
        if with_draft is not None:
            raise ValueError("A draft's plan is read from the database.")
        paths, policies, holidays = tables.paths, tables.policies, tables.holidays
        schedules, timetables = tables.schedules, tables.timetables
    arrangements, assignments = shaped_inputs(
        Arrangement.objects.plan_inputs(ids, start, end), PlanEntry.objects.plan_inputs(ids, start, end)
    )
    cells = plan_cells(employees, days, paths, policies, holidays, schedules, timetables, arrangements, assignments)
    if not minimums:
        return Plan(days, employees, cells, {}, timetables, ids)
    by_id: dict[int, Unit] = {}
    staff_by_unit_role: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # What Plan.on_site counts, in the same pass.
    on_site: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # A minimum applies only on the days the unit works: not when all its staff are on a day off.
    open_days = set()
    for employee in employees:
        pk, unit_id, role = employee.pk, employee.unit_id, employee.service_role
        by_id[unit_id] = employee.unit
        staff_by_unit_role[unit_id][role] += 1
        for day in days:
            mode = cells[(pk, day)].mode
            if mode != day_plan.LIBUR:
                open_days.add((unit_id, day))
                if mode == day_plan.ONSITE:
                    on_site[(unit_id, day)][role] += 1
    units = list(by_id.values())
    rules = minimum_rules(
        start, end, units, with_draft=with_draft, policies=policies, rows=tables.minimums if tables else None
    )
    required = {
        (unit.pk, day): day_plan.required_on_site(rules[(unit.pk, day)], staff_by_unit_role[unit.pk])
        if (unit.pk, day) in open_days
        else {}
        for unit in units
        for day in days
    }
    return Plan(days, employees, cells, required, timetables, ids, on_site)


def shaped_inputs(
    arrangements: Iterable[dict], assignments: Iterable[dict]
) -> tuple[dict[int, list[dict]], dict[tuple[int, dt.date], tuple[str, int | None, day_plan.Site | None]]]:
    """The rows of `Arrangement.objects.plan_inputs` and `PlanEntry.objects.plan_inputs` in the shapes
    `plan_cells` reads: {employee id: [arrangement, latest start first]},
    {(employee id, day): (mode, shift id, activity site)}."""
    by_person = defaultdict(list)
    for a in arrangements:
        by_person[a["employee_id"]].append(a)
    return by_person, {
        (e["employee_id"], e["date"]): (e["mode"], e["shift_id"], activity_site(e)) for e in assignments
    }


def activity_site(row: dict) -> day_plan.Site | None:
    """The activity site of a row of `Arrangement.objects.plan_inputs` or `PlanEntry.objects.plan_inputs`,
    when it has one."""
    if row.get("site_radius_m") is None or row.get("site_latitude") is None:
        return None
    return day_plan.Site(row["site_name"], float(row["site_latitude"]), float(row["site_longitude"]), row["site_radius_m"])


def plan_cells(employees, days, paths, policies, holidays, schedules, timetables, arrangements, assignments):
    """{(employee id, day): PlannedDay} from inputs gathered in bulk (no query), through the pure
    `policy.plan.day_plan.plan_day` and `policy.plan.precedence.resolve`.

    Both are pure, so their answers are shared between people who give them the same inputs: a policy
    resolves the same for everybody of a unit with the same service role and position category (unless
    someone is named in a policy), and without an arrangement or an assignment of their own, people with
    the same schedule and policy group have the same plan (one PlannedDay, which is frozen)."""
    named = set().union(*(p.employees for p in policies))
    assigned = {pk for pk, _day in assignments}
    # The policies in force on each day: a resolution holds for every day with the same ones.
    in_force = {day: tuple(p.id for p in policies if p.in_force(day)) for day in days}
    resolved: dict[tuple, precedence.Resolution] = {}
    planned: dict[tuple, day_plan.PlannedDay] = {}
    shared: dict[tuple, day_plan.PlannedDay] = {}  # (schedule, group, day, arrangement, assignment) → the plan
    working: dict[tuple[int, dt.date], bool] = {}
    cells = {}

    def cell(employee, schedule, group, day, covering, assignment):
        resolution = resolved.get((group, in_force[day]))
        if resolution is None:
            resolution = resolved[(group, in_force[day])] = precedence.resolve(person(employee, paths), day, policies)
        schedule_id = schedule.id
        works = working.get((schedule_id, day))
        if works is None:
            works = working[(schedule_id, day)] = timetables[schedule_id].hours_on(day) is not None
        holiday = "" if schedule.works_on_holidays else holidays.get(day, "")
        shift_based = schedule.kind == Schedule.Kind.SHIFT
        key = (works, holiday, covering, assignment, id(resolution), shift_based)
        found = planned.get(key)
        if found is None:
            found = planned[key] = day_plan.plan_day(
                working=works,
                holiday=holiday,
                arrangement=covering,
                assignment=assignment,
                resolution=resolution,
                shift_based=shift_based,
            )
        return found

    for employee in employees:
        pk = employee.pk
        schedule_id = employee.schedule_id or employee.unit.schedule_id
        schedule = schedules[schedule_id]
        group = pk if pk in named else (employee.unit_id, employee.service_role, employee.position_category)
        own = arrangements.get(pk)
        mine = pk in assigned
        for day in days:
            covering = None
            for a in own or ():
                if a["start_date"] <= day <= a["end_date"]:
                    covering = (a["id"], a["kind"], activity_site(a))
                    break
            assignment = assignments.get((pk, day)) if mine else None
            key = (schedule_id, group, day, covering, assignment)
            found = shared.get(key)
            if found is None:
                found = shared[key] = cell(employee, schedule, group, day, covering, assignment)
            cells[(pk, day)] = found
    return cells


def resolve_for(employee: Employee, day: dt.date) -> precedence.Resolution:
    """The required mode for one employee on one day (the bulk form with one element)."""
    policies = policies_in_force(day, day)
    return precedence.resolve(person(employee, unit_paths()), day, policies)


# --- One person from in-memory tables (the check-in hot path) -------------------------------------------


@dataclass(frozen=True)
class Tables:
    """The slow-changing tables a person's plan reads, for the check-in (see policy.plan.reference)."""

    paths: dict[int, tuple[int, ...]]
    policies: list[precedence.PolicyFacts]  # every version that governs some day (resolve checks the day)
    holidays: dict[dt.date, str]
    schedules: dict[int, Schedule]  # with days, overrides and shifts prefetched
    timetables: dict
    shifts: dict[int, Hours]
    holiday_list: tuple[Holiday, ...] = ()  # in date order
    minimums: tuple[dict, ...] = ()  # StaffingMinimum values (MINIMUM_FIELDS) of the policies
    shift_models: dict[int, Shift] = field(default_factory=dict)

    def upcoming_holidays(self, after: dt.date, count: int = 3) -> list[Holiday]:
        return [h for h in self.holiday_list if h.date > after][:count]

    def hours_of(self, schedule_id: int, day: dt.date, cell: day_plan.PlannedDay) -> Hours | None:
        """The hours of a person's planned day: the assigned shift's, else their schedule's on that day."""
        return self.shifts.get(cell.shift_id) if cell.shift_id else self.timetables[schedule_id].hours_on(day)


reference.watch(Unit, Holiday, Schedule, ScheduleDay, ScheduleOverride, Shift, Policy, PolicyUnit, StaffingMinimum)
reference.watch_m2m(Policy.scope_employees.through)


def _load_tables() -> Tables:
    governing = Policy.objects.in_force_between(dt.date.min, dt.date.max)
    schedules = {s.pk: s for s in Schedule.objects.prefetch_related("days", "overrides__days", "shifts")}
    holidays = list(Holiday.objects.order_by("date"))
    return Tables(
        paths=unit_paths(),
        policies=[facts(p) for p in governing.prefetch_related("scope_units", "scope_employees")],
        holidays={h.date: h.name for h in holidays},
        schedules=schedules,
        timetables={pk: s.timetable() for pk, s in schedules.items()},
        shifts={shift.pk: shift.hours() for s in schedules.values() for shift in s.shifts.all()},
        shift_models={shift.pk: shift for s in schedules.values() for shift in s.shifts.all()},
        holiday_list=tuple(holidays),
        minimums=tuple(StaffingMinimum.objects.filter(policy__in=governing).values(*MINIMUM_FIELDS)),
    )


def tables() -> Tables:
    """The tables, read again after an admin's change or TTL seconds (policy.plan.reference)."""
    return reference.remembered("plan-tables", _load_tables)


def person_cells(
    employee: Employee,
    days: list[dt.date],
    *,
    arrangements: Iterable[dict],
    assignments: Iterable[dict],
    tables: Tables,
) -> dict[tuple[int, dt.date], day_plan.PlannedDay]:
    """One person's plan cells from `tables` and the rows of their own `Arrangement.objects.plan_inputs`
    and `PlanEntry.objects.plan_inputs`: the bulk `plan_cells` with one element, without a query."""
    by_person, by_day = shaped_inputs(arrangements, assignments)
    return plan_cells(
        [employee],
        days,
        tables.paths,
        tables.policies,
        tables.holidays,
        tables.schedules,
        tables.timetables,
        by_person,
        by_day,
    )


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
        found = day_plan.shortfalls(plan.minimums.get((employee.unit_id, day), {}), counts)
        if found:
            result[day] = found
    return result


def working_days(employee: Employee, start: dt.date, end: dt.date) -> list[dt.date]:
    """The person's working days in [start, end] (schedule and holidays; shift staff: every day)."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    plan = build_plan([employee], days)
    return [day for day in days if plan.cells[(employee.pk, day)].mode != day_plan.LIBUR]


def shift_shortfalls(
    plan: Plan, moves: dict[tuple[int, dt.date], int | None]
) -> list[tuple[dt.date, int, day_plan.Shortfall]]:
    """(day, shift id, shortfall) for each shift of the plan that `moves` would leave below its minimum.

    `moves` gives people a shift on a day ((employee id, day) → the shift's id) or takes theirs away (None).
    In a round-the-clock unit the on-site minimum of a day (`Plan.minimums`, day_plan.required_on_site)
    holds for each of its shifts, counted as day_plan.shortfalls counts: only a shift that loses someone of
    a role (or in all) is refused, so a shift already short is not blamed on a move that keeps it as it is."""
    before: dict[tuple[int, dt.date, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    after: dict[tuple[int, dt.date, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for employee in plan.employees:
        for day in plan.days:
            cell = plan.cells[(employee.pk, day)]
            shift = cell.shift_id if cell.on_site else None
            if shift:
                before[(employee.unit_id, day, shift)][employee.service_role] += 1
            moved = moves.get((employee.pk, day), shift)
            if moved:
                after[(employee.unit_id, day, moved)][employee.service_role] += 1
    result = []
    for (unit_id, day, shift), counts in sorted(before.items(), key=lambda item: (item[0][1], item[0][2])):
        now = after.get((unit_id, day, shift), {})
        lost = {role for role, n in counts.items() if now.get(role, 0) < n}
        if sum(now.values()) < sum(counts.values()):
            lost.add("")
        for short in day_plan.shortfalls(plan.minimums.get((unit_id, day), {}), now):
            if short.service_role in lost:
                result.append((day, shift, short))
    return result
