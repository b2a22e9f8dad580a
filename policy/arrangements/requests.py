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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from policy import audit
from policy.approvals import attachments, notices
from policy.approvals.decision import DecisionError
from policy.arrangements import rules
from policy.models import (
    DEFAULT_SOURCE,
    Arrangement,
    AuditEvent,
    LeaveHistory,
    LeaveRules,
    LeaveTypeRule,
    Sanction,
)
from policy.plan import building, day_plan
from units import clock, nip, regulation
from units.models import Employee, Holiday, RegulationRule, Unit

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


def _days_needed(candidate: Candidate, annual: "AnnualInputs") -> set[dt.date]:
    """The request's days, the ISO weeks around them (WFH cap) and whole years (annual leave: from the
    first year Hadir keeps, for the days carried over)."""
    r = candidate.request
    days = set(_span(r.start, r.end))
    if r.kind in rules.FLEXIBLE:
        monday = r.start - dt.timedelta(days=r.start.weekday())
        days.update(_span(monday, r.end + dt.timedelta(days=6 - r.end.weekday())))
    for year in annual.history_years(candidate):
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
    annual = AnnualInputs(candidates)
    needed: dict[int, set[dt.date]] = {emp.pk: set() for emp in employees}
    for c in candidates:
        needed[c.employee.pk] |= _days_needed(c, annual)
    all_days = sorted(set().union(*needed.values()))
    plan = building.build_plan(employees, all_days)
    working = _working(plan)

    checked = [
        Checked(c, working(c.employee.pk, _span(c.request.start, c.request.end)))
        for c in candidates
    ]
    others = _others(candidates, _whole_years(candidates, all_days), working)
    flexible = [c for c in candidates if c.request.kind in rules.FLEXIBLE]
    sanctions = _sanctions(flexible)
    flexible_cap = _flexible_cap() if flexible else None
    leave = annual.leave_years(plan, others)
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
            flexible_cap=flexible_cap,
            assigned=_assigned_wfh(plan, emp_id, needed[emp_id]) if c.request.kind in rules.FLEXIBLE else (),
            tenure_start=tenure_start(c.employee),
            type_rules=annual.type_rules.get(c.employee.asn_type, {}),
            earlier_births=annual.births_before(c),
        )
        item.findings = rules.check(c.request, facts)
    return checked


def _flexible_cap() -> int | None:
    """PermenPANRB 4/2025's flexible-location days a week, or None when an admin switched the rule off."""
    return RegulationRule.values(regulation.FLEXIBLE_LOCATION_DAYS)[regulation.FLEXIBLE_LOCATION_DAYS]


def _assigned_wfh(plan: building.Plan, employee_id: int, days: set[dt.date]) -> tuple[dt.date, ...]:
    """The days a head assigned the person WFH (the plan's own cells: no query)."""
    return tuple(
        sorted(
            d for d in days
            if (cell := plan.cells.get((employee_id, d))) is not None
            and cell.mode == day_plan.WFH and cell.source == "assignment"
        )
    )


def _working(plan: building.Plan):
    """working(employee id, days): those of the days the plan has and the person works (not libur)."""

    def working(employee_id, days):
        return [
            d
            for d in days
            if (employee_id, d) in plan.cells and plan.cells[(employee_id, d)].mode != day_plan.LIBUR
        ]

    return working


def _years(c: Candidate) -> list[int]:
    if c.request.kind == rules.CUTI and c.request.leave_type == rules.TAHUNAN:
        return list(range(c.request.start.year, c.request.end.year + 1))
    return []


def _others(candidates, span, working) -> dict[int, list[tuple[int, rules.Other]]]:
    """Pending and approved requests of the candidates' employees within span, (first, last) (1 query)."""
    ids = {c.employee.pk for c in candidates}
    kinds = dict(Arrangement.Kind.choices)
    leave_types = dict(Arrangement.LeaveType.choices)
    statuses = dict(Status.choices)
    result = defaultdict(list)
    qs = Arrangement.objects.filter(
        employee_id__in=ids,
        status__in=ACTIVE,
        start_date__lte=span[1],
        end_date__gte=span[0],
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


def tenure_start(employee: Employee) -> dt.date:
    """Leave counts service from the first appointment: the NIP's TMT (PNS: its month; PPPK: its year), or
    the start date when it is within that month or year (more precise) or the NIP cannot be read."""
    try:
        appointed = nip.parse_nip(employee.nip, employee.asn_type, limits=nip.READING, today=clock.today()).appointed
    except ValidationError:
        return employee.start_date
    same = (
        employee.start_date.year == appointed.year
        if employee.asn_type == nip.PPPK
        else employee.start_date.replace(day=1) == appointed
    )
    return employee.start_date if same else appointed


def _whole_years(candidates, all_days) -> tuple[dt.date, dt.date]:
    """The span whose requests are read: the days checked, and the whole years of leave requests (a type
    that rules out cuti tahunan looks at the whole year)."""
    first, last = all_days[0], all_days[-1]
    for c in candidates:
        if c.request.kind == rules.CUTI:
            first = min(first, dt.date(c.request.start.year, 1, 1))
            last = max(last, dt.date(c.request.end.year, 12, 31))
    return first, last


# A balance is counted from the first year Hadir keeps, but never from more than this many years back.
HISTORY_YEARS = 5


class AnnualInputs:
    """What the leave rules read besides the plan, for many candidates in four queries: the annual rules of
    their types and years, their leave types' rules, the admin's record of their leave before Hadir, and
    the births (approved cuti melahirkan) Hadir knows of."""

    def __init__(self, candidates: list[Candidate]):
        leave = [c for c in candidates if c.request.kind == rules.CUTI]
        self.candidates = leave
        annual = [c for c in leave if c.request.leave_type == rules.TAHUNAN]
        years = {y for c in annual for y in _years(c)}
        self.rules: dict[tuple[str, int], LeaveRules] = {}
        if annual:
            # Back to the earliest year a balance may carry days from (history_years), and the year after.
            self.rules = LeaveRules.for_years(
                {c.employee.asn_type for c in annual}, list(range(min(years) - HISTORY_YEARS, max(years) + 2))
            )
        self.type_rules: dict[str, dict[str, rules.TypeRule]] = defaultdict(dict)
        self.history: dict[int, LeaveHistory] = {}
        self.births: dict[int, list[dt.date]] = defaultdict(list)
        if not leave:
            return
        labels = dict(Arrangement.LeaveType.choices)
        for row in LeaveTypeRule.objects.filter(asn_type__in={c.employee.asn_type for c in leave}):
            self.type_rules[row.asn_type][row.leave_type] = rules.TypeRule(
                row.leave_type,
                str(labels[row.leave_type]),
                row.min_service_months,
                row.max_months,
                row.max_births,
                row.excludes_annual_leave,
                row.source,
            )
        ids = {c.employee.pk for c in leave}
        self.history = {h.employee_id: h for h in LeaveHistory.objects.filter(employee_id__in=ids)}
        births = {c.employee.pk for c in leave if c.request.leave_type == Arrangement.LeaveType.MELAHIRKAN}
        if births:
            for pk, day in Arrangement.objects.filter(
                employee_id__in=births,
                kind=rules.CUTI,
                leave_type=Arrangement.LeaveType.MELAHIRKAN,
                status=Status.APPROVED,
            ).values_list("employee_id", "start_date"):
                self.births[pk].append(day)

    def rule(self, asn_type: str, year: int) -> rules.AnnualRule:
        row = self.rules.get((asn_type, year)) or LeaveRules(asn_type=asn_type, source=DEFAULT_SOURCE)
        return rules.AnnualRule(
            row.base_days,
            row.carry_over_days,
            row.max_days,
            row.max_days_after_two_unused,
            row.service_months,
            row.first_year_days,
            row.bersama_worked_days,
            row.records_from_year,
            row.source,
        )

    def history_years(self, c: Candidate) -> list[int]:
        """The years whose leave decides the balance of the candidate's years (none but annual leave)."""
        years = _years(c)
        if not years:
            return []
        start = min(self.rule(c.employee.asn_type, years[0]).records_from_year, years[0])
        return list(range(max(start, tenure_start(c.employee).year, years[0] - HISTORY_YEARS), years[-1] + 1))

    def births_before(self, c: Candidate) -> int:
        if c.request.leave_type != Arrangement.LeaveType.MELAHIRKAN:
            return 0
        history = self.history.get(c.employee.pk)
        earlier = sum(1 for day in self.births.get(c.employee.pk, ()) if day < c.request.start)
        return earlier + (history.earlier_births if history else 0)

    def leave_years(self, plan, others) -> dict[tuple[int, int, int | None], rules.LeaveYear]:
        """{(employee, year, arrangement checked): LeaveYear} for the annual-leave candidates (1 query: the
        cuti bersama of their years)."""
        wanted = [c for c in self.candidates if _years(c)]
        if not wanted:
            return {}
        spans = {id(c): self.history_years(c) for c in wanted}
        years = {y for span in spans.values() for y in span}
        bersama = list(
            Holiday.objects.filter(category=Holiday.Category.GOVERNMENT, date__year__in=years)
            .values_list("date", flat=True)
            .distinct()
        )
        result = {}
        for c in wanted:
            emp = c.employee
            history = {}
            for year in spans[id(c)]:
                worked = sum(
                    1
                    for d in bersama
                    if d.year == year and (cell := plan.cells.get((emp.pk, d))) is not None and works(cell)
                )
                taken = sum(
                    1
                    for pk, other in others.get(emp.pk, ())
                    if pk != c.arrangement_id and other.kind == rules.CUTI and other.leave_type == rules.TAHUNAN
                    for d in other.days
                    if d.year == year
                )
                history[year] = (worked, taken)
            kept = self.history.get(emp.pk)
            for year in _years(c):
                result[(emp.pk, year, c.arrangement_id)] = rules.annual_leave(
                    lambda y, asn=emp.asn_type: self.rule(asn, y),
                    tenure_start(emp),
                    year,
                    history,
                    kept.carried_days if kept else 0,
                )
        return result


def works(cell: day_plan.PlannedDay) -> bool:
    """Whether the plan has the person working that day (on site, WFH or DL): on a cuti bersama, the day is
    added to their annual leave (Keppres 42/2025). A shift person's day is their assigned shift; a unit
    that works on holidays (puskesmas, hospitals: the frontline minimum keeps them open) has its staff on
    site unless on leave or off shift. The plan, not a check-in, decides: the Keppres adds the day for being
    required at work by one's post, and a check-in on a day off is not a duty (policy never reads check-ins)."""
    return cell.mode in (day_plan.ONSITE, day_plan.WFH, day_plan.DL)


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
    annual = AnnualInputs([probe])
    days = sorted(_days_needed(probe, annual))
    plan = building.build_plan([employee], days)
    others = _others([probe], _whole_years([probe], days), _working(plan))
    return annual.leave_years(plan, others)[(employee.pk, year, None)]


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
