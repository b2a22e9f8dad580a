"""Requests (arrangements): the facts policy.arrangements.rules needs, gathered in bulk, and the services that
submit, approve, reject and cancel, each inside a transaction and recorded in the audit trail.

The decision fields, the refusal of a second decision and the rejection are those of every kind
(policy.approvals). `findings_for` runs a fixed number of queries (about 35) whatever the number of requests or staff:
one plan for the requesters (their working days, the policy of each day, whole years for annual
leave) and one for the staff of their units (minimum on site).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from policy import audit
from policy.approvals import attachments, notices
from policy.approvals.decision import DecisionError
from policy.arrangements import rules
from policy.models import Arrangement, AuditEvent, LeaveAllowance, Sanction
from policy.plan import building, day_plan
from units import clock
from units.models import Employee, Holiday, Schedule, Unit

Status = Arrangement.Status
ACTIVE = (Status.PENDING, Status.APPROVED)


class RequestError(DecisionError):
    """A request cannot be cancelled; the message says why, in Bahasa Indonesia."""


@dataclass
class Candidate:
    """A request to check: a new one (no arrangement yet) or a pending one being decided."""

    employee: Employee  # with .unit loaded
    request: rules.Request
    arrangement_id: int | None = None
    who: str = ""


@dataclass
class Checked:
    candidate: Candidate
    days: list[dt.date]  # working days of the request
    findings: list[rules.Finding] = field(default_factory=list)

    @property
    def blocking(self) -> list[rules.Finding]:
        return [f for f in self.findings if f.blocking]


def candidate_for(arrangement: Arrangement, who: str = "") -> Candidate:
    return Candidate(
        arrangement.employee,
        rules.Request(
            arrangement.kind, arrangement.start_date, arrangement.end_date, arrangement.leave_type
        ),
        arrangement.pk,
        who or arrangement.employee.full_name,
    )


def _span(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _year(year: int) -> list[dt.date]:
    return _span(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _days_needed(candidate: Candidate) -> set[dt.date]:
    """The request's days, the ISO weeks around them (WFH cap) and whole years (annual leave)."""
    r = candidate.request
    days = set(_span(r.start, r.end))
    if r.kind in rules.FLEXIBLE:
        monday = r.start - dt.timedelta(days=r.start.weekday())
        days.update(_span(monday, r.end + dt.timedelta(days=6 - r.end.weekday())))
    if r.kind == rules.CUTI and r.leave_type == rules.TAHUNAN:
        for year in range(r.start.year, r.end.year + 1):
            days.update(_year(year))
    return days


def _role_label(role: str) -> str:
    if not role:
        return _("pegawai")
    label = str(Employee.ServiceRole(role).label)
    return label[:1].lower() + label[1:]


def findings_for(candidates: list[Candidate], *, minimum: bool = True) -> list[Checked]:
    """Check every candidate against every rule, in bulk. With minimum=False the staffing minimum
    is left out (the approving transaction checks it with the unit row locked)."""
    if not candidates:
        return []
    employees = list({c.employee.pk: c.employee for c in candidates}.values())
    needed: dict[int, set[dt.date]] = {emp.pk: set() for emp in employees}
    for c in candidates:
        needed[c.employee.pk] |= _days_needed(c)
    all_days = sorted(set().union(*needed.values()))
    plan = building.build_plan(employees, all_days)

    def working(employee_id, days):
        return [
            d
            for d in days
            if (employee_id, d) in plan.cells and plan.cells[(employee_id, d)].mode != day_plan.LIBUR
        ]

    checked = [
        Checked(c, working(c.employee.pk, _span(c.request.start, c.request.end)))
        for c in candidates
    ]
    others = _others(candidates, all_days, working)
    sanctions = _sanctions([c for c in candidates if c.request.kind in rules.FLEXIBLE])
    leave = _leave_years(candidates, others, working)
    gaps = _gaps(checked) if minimum else {}
    for item in checked:
        c = item.candidate
        emp_id = c.employee.pk
        facts = rules.Facts(
            who=c.who or c.employee.full_name,
            days=tuple(item.days),
            service_start=c.employee.start_date,
            resolutions={
                d: resolution
                for d in item.days
                if (resolution := plan.cells[(emp_id, d)].resolution) is not None
            },
            sanctions=tuple(sanctions.get(emp_id, ())),
            others=tuple(o for pk, o in others.get(emp_id, ()) if pk != c.arrangement_id),
            leave={
                year: leave[(emp_id, year, c.arrangement_id)]
                for year in _years(c)
                if (emp_id, year, c.arrangement_id) in leave
            },
            unit_name=c.employee.unit.short_name or c.employee.unit.name,
            gaps=gaps.get(id(item), {}),
        )
        item.findings = rules.check(c.request, facts)
    return checked


def _years(c: Candidate) -> list[int]:
    if c.request.kind == rules.CUTI and c.request.leave_type == rules.TAHUNAN:
        return list(range(c.request.start.year, c.request.end.year + 1))
    return []


def _others(candidates, all_days, working) -> dict[int, list[tuple[int, rules.Other]]]:
    """Pending and approved requests of the candidates' employees near the days checked (1 query)."""
    ids = {c.employee.pk for c in candidates}
    kinds = dict(Arrangement.Kind.choices)
    leave_types = dict(Arrangement.LeaveType.choices)
    statuses = dict(Status.choices)
    result = defaultdict(list)
    qs = Arrangement.objects.filter(
        employee_id__in=ids,
        status__in=ACTIVE,
        start_date__lte=all_days[-1],
        end_date__gte=all_days[0],
    ).only("id", "employee_id", "kind", "leave_type", "start_date", "end_date", "status")
    for a in qs:
        label = (
            leave_types.get(a.leave_type)
            if a.kind == rules.CUTI and a.leave_type
            else kinds[a.kind]
        )
        days = working(a.employee_id, _span(a.start_date, a.end_date))
        result[a.employee_id].append(
            (
                a.pk,
                rules.Other(
                    a.kind,
                    a.start_date,
                    a.end_date,
                    a.status,
                    str(label),
                    str(statuses[a.status]),
                    tuple(days),
                    a.leave_type,
                ),
            )
        )
    return result


def _sanctions(candidates) -> dict[int, list[rules.Sanction]]:
    result: defaultdict[int, list[rules.Sanction]] = defaultdict(list)
    if not candidates:
        return result
    for s in Sanction.objects.filter(employee_id__in={c.employee.pk for c in candidates}):
        result[s.employee_id].append(
            rules.Sanction(s.description, s.start_date, s.end_date, s.decree_number)
        )
    return result


def _leave_years(candidates, others, working) -> dict[tuple[int, int, int | None], rules.LeaveYear]:
    """{(employee, year, arrangement checked): LeaveYear} for annual-leave candidates (5 queries)."""
    wanted = [(c, year) for c in candidates for year in _years(c)]
    if not wanted:
        return {}
    years = {year for _c, year in wanted}
    entitled = LeaveAllowance.days_for(years)
    bersama = list(
        Holiday.objects.filter(category=Holiday.Category.GOVERNMENT, date__year__in=years)
        .values_list("date", flat=True)
        .distinct()
    )
    timetables = _timetables({c.employee for c, _y in wanted})
    result = {}
    for c, year in wanted:
        emp = c.employee
        schedule, timetable = timetables[emp.effective_schedule_id]
        shift = schedule.kind == Schedule.Kind.SHIFT
        bersama_days = sum(
            1 for d in bersama if d.year == year and (shift or timetable.hours_on(d) is not None)
        )
        used = sum(
            1
            for pk, other in others.get(emp.pk, ())
            if pk != c.arrangement_id
            and other.kind == rules.CUTI
            and other.leave_type == rules.TAHUNAN
            for d in other.days
            if d.year == year
        )
        result[(emp.pk, year, c.arrangement_id)] = rules.LeaveYear(
            year, entitled[year], bersama_days, used
        )
    return result


def _timetables(employees):
    ids = {e.effective_schedule_id for e in employees}
    schedules = Schedule.objects.filter(pk__in=ids).prefetch_related("days", "overrides__days")
    return {s.pk: (s, s.timetable()) for s in schedules}


def _gaps(checked: list[Checked]) -> dict[int, dict[dt.date, tuple[rules.Gap, ...]]]:
    """Shortfalls of each candidate's unit on its days if the candidate were away (one plan for all)."""
    unit_ids = {item.candidate.employee.unit_id for item in checked}
    days = sorted({d for item in checked for d in item.days})
    if not days:
        return {}
    plan = building.build_plan(Employee.objects.active().filter(unit_id__in=unit_ids), days)
    on_site: defaultdict[tuple[int, dt.date], defaultdict[str, int]] = defaultdict(
        lambda: defaultdict(int)
    )  # (unit, day) → role → count
    for emp in plan.employees:
        for day in days:
            if plan.cells[(emp.pk, day)].on_site:
                on_site[(emp.unit_id, day)][emp.service_role] += 1
    result = {}
    for item in checked:
        emp = item.candidate.employee
        found = {}
        for day in item.days:
            cell = plan.cells.get((emp.pk, day))
            if cell is None or not cell.on_site:
                continue
            counts = dict(on_site[(emp.unit_id, day)])
            counts[emp.service_role] -= 1
            short = day_plan.shortfalls(plan.minimums.get((emp.unit_id, day), {}), counts)
            if short:
                found[day] = to_gaps(short)
        result[id(item)] = found
    return result


def to_gaps(shortfalls: list[day_plan.Shortfall]) -> tuple[rules.Gap, ...]:
    return tuple(rules.Gap(_role_label(s.service_role), s.needed, s.planned) for s in shortfalls)


def leave_balance(employee: Employee, year: int) -> rules.LeaveYear:
    """The person's cuti tahunan for a year, for the request form."""
    probe = Candidate(
        employee, rules.Request(rules.CUTI, dt.date(year, 1, 1), dt.date(year, 1, 1), rules.TAHUNAN)
    )
    plan = building.build_plan([employee], _year(year))

    def working(employee_id, days):
        return [d for d in days if plan.cells[(employee_id, d)].mode != day_plan.LIBUR]

    others = _others([probe], _year(year), working)
    return _leave_years([probe], others, working)[(employee.pk, year, None)]


def flexible_unavailable(employee: Employee, today: dt.date) -> list[str]:
    """Why the request form does not offer WFH/WFA to the person (empty when it does): the rules
    (rules.flexible_unavailable) over their working days of the coming rules.OFFER_DAYS. One plan and
    one query for sanctions, whatever the number of policies."""
    days = _span(today, today + dt.timedelta(days=rules.OFFER_DAYS - 1))
    plan = building.build_plan([employee], days, minimums=False)
    cells = [(d, plan.cells[(employee.pk, d)]) for d in days]
    working = [(d, cell) for d, cell in cells if cell.mode != day_plan.LIBUR]
    probe = Candidate(employee, rules.Request(rules.WFH, today, today))
    facts = rules.Facts(
        who=_("Anda"),
        days=tuple(d for d, _cell in working),
        service_start=employee.start_date,
        resolutions={d: cell.resolution for d, cell in working if cell.resolution is not None},
        sanctions=tuple(_sanctions([probe]).get(employee.pk, ())),
    )
    return rules.flexible_unavailable(facts)


# Services: every change is a transaction and an audit event.


@transaction.atomic
def submit(employee: Employee, actor, data: dict, days: list[dt.date]) -> Arrangement:
    arrangement = Arrangement.objects.create(
        employee=employee,
        kind=data["kind"],
        leave_type=data.get("leave_type") or "",
        start_date=data["start_date"],
        end_date=data["end_date"],
        working_days=len(days),
        # WFH: the registered home at the time of the request, so the record does not change with it.
        address=employee.home_address if data["kind"] == rules.WFH else data.get("address") or "",
        spt_number=data.get("spt_number") or "",
        site_name=data.get("site_name") or "",
        site_latitude=data.get("site_latitude"),
        site_longitude=data.get("site_longitude"),
        site_radius_m=data.get("site_radius_m"),
        attachment=attachments.renamed(data.get("attachment")),
        reason=data.get("reason") or "",
    )
    audit.record(
        actor,
        AuditEvent.Action.REQUESTED,
        employee=employee,
        arrangement=arrangement,
        note=arrangement.reason,
        kind=arrangement.kind,
        leave_type=arrangement.leave_type,
        start=str(arrangement.start_date),
        end=str(arrangement.end_date),
        working_days=len(days),
        **_site_trail(arrangement),
    )
    notices.waiting(arrangement)
    return arrangement


def _site_trail(arrangement: Arrangement) -> dict:
    """A DL's activity site as the audit trail keeps it (nothing without one)."""
    if arrangement.site_radius_m is None:
        return {}
    return {
        "site": arrangement.site_name,
        "site_point": f"{arrangement.site_latitude}, {arrangement.site_longitude}",
        "site_radius_m": arrangement.site_radius_m,
    }


@dataclass
class Approval:
    """What an approval did: approved, or refused with the findings that stopped it."""

    approved: bool
    findings: list[rules.Finding] = field(default_factory=list)
    overridden: bool = False


def approve(
    arrangement: Arrangement,
    actor,
    *,
    note: str = "",
    override_reason: str = "",
    may_override: bool = False,
) -> Approval:
    """Approve if every rule still holds, re-checked now with the unit row locked, so two approvals for
    the same unit are serialised and never take it below its minimum. A city admin (may_override)
    approves a blocked request only with a written reason, recorded on the request and in the trail.
    DecisionError once it is no longer pending."""
    with transaction.atomic():
        locked = arrangement.lock_pending()
        employee = locked.employee
        # Lock the unit first: what is read below includes approvals committed before the lock.
        list(Unit.objects.select_for_update().filter(pk=employee.unit_id))
        (checked,) = findings_for([candidate_for(locked)], minimum=False)
        shortfalls = building.shortfalls_without(employee, checked.days, lock=True)
        checked.findings += rules.minimum(
            checked.candidate.request,
            rules.Facts(
                who=employee.full_name,
                days=tuple(checked.days),
                service_start=employee.start_date,
                unit_name=employee.unit.short_name or employee.unit.name,
                gaps={day: to_gaps(found) for day, found in shortfalls.items()},
            ),
        )
        blocking = checked.blocking
        override_reason = override_reason.strip()
        if blocking and not (may_override and override_reason):
            return Approval(False, blocking)
        if blocking:
            locked.override_reason = override_reason
        locked.decide(Status.APPROVED, actor, note, "override_reason")
        if blocking:
            audit.record(
                actor,
                AuditEvent.Action.OVERRIDDEN,
                employee=employee,
                arrangement=locked,
                note=override_reason,
                reasons=[f.message for f in blocking],
            )
        audit.record(
            actor, AuditEvent.Action.APPROVED, note=note, overridden=bool(blocking), **locked.decision_trail()
        )
    arrangement.refresh_from_db()
    return Approval(True, blocking, overridden=bool(blocking))


def can_cancel(arrangement: Arrangement, today: dt.date) -> bool:
    """An approved request before its first day (a pending one is withdrawn instead: policy.approvals)."""
    return arrangement.status == Status.APPROVED and today < arrangement.start_date


def cancel(arrangement: Arrangement, actor, *, note: str = "") -> None:
    """The person cancels an approved request before its first day."""
    with transaction.atomic():
        locked = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
        if locked.status == Status.PENDING:
            raise RequestError(_("Pengajuan yang masih menunggu tidak dibatalkan tetapi ditarik: tekan Tarik."))
        if locked.status != Status.APPROVED:
            raise RequestError(
                locked.already_decided % {"status": locked.get_status_display().lower()}
            )
        if not can_cancel(locked, clock.today()):
            raise RequestError(
                _(
                    "Pengajuan yang sudah dimulai (sejak %(start)s) tidak dapat dibatalkan. Hubungi kepala unit Anda."
                )
                % {"start": rules.day_text(locked.start_date)}
            )
        previous = locked.status
        locked.status = Status.CANCELLED
        locked.save(update_fields=["status"])
        audit.record(
            actor,
            AuditEvent.Action.CANCELLED,
            employee=locked.employee,
            arrangement=locked,
            note=note,
            previous_status=previous,
        )
    arrangement.refresh_from_db()
