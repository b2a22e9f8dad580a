"""Coverage of the city's units right now: per unit the minimum on site, the planned and present counts,
lateness, and whether the unit is open at this moment; read by the city board and the public status page.

`gather` reads every input in bulk: one lean `attendance.evaluation.bulk.evaluate` of today for all the staff
asked (plain rows, no model instance per person or event), the units, and yesterday only for the people
whose night shift is not over yet; the schedules, holidays, policies and minimums come from memory
(policy.plan.reference). About 10 queries whatever the number of staff. Everything after it is pure:
`service_today`, `UnitCoverage`, `group_rows`, `board_marker` and `public_words` take plain values.

"Present now" is attendance.evaluation.status.on_site_now (planned on site today, checked in today at a place
that counts, not checked out yet), the same as the unit board's; a night shift that began yesterday counts
until its end (`night_shift_ids`). Staff planned for WFH, DL or leave are not on site even when they
check in. A unit is short only while it is open: before opening, after closing and on its days off
there is no one to serve.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attendance.evaluation.bulk import evaluate, local
from attendance.evaluation.status import on_site_now
from attendance.presence import kept as presence
from policy.models import PlanEntry
from policy.plan import day_plan
from policy.plan.building import minimum_rules, tables
from units import clock
from units.models import Employee, Holiday, Schedule, Unit
from units.schedule import Hours, Timetable

OPEN = "open"  # within today's service hours (or a 24-hour unit)
BEFORE = "before"  # a service day, not open yet
AFTER = "after"  # a service day, closed for today
CLOSED = "closed"  # no service today: a weekend or a holiday

TERRITORIAL = (Unit.Kind.KECAMATAN, Unit.Kind.KELURAHAN)
KIND_ORDER = list(Unit.Kind.values)
KIND_LABELS = dict(Unit.Kind.choices)
ROLE_LABELS = dict(Employee.ServiceRole.choices)


@dataclass(frozen=True)
class Service:
    """A unit's service today, by its own schedule and the holidays."""

    state: str
    hours: Hours | None = None
    all_day: bool = False
    holiday: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


def service_today(
    *,
    timetable: Timetable,
    shift_based: bool,
    works_on_holidays: bool,
    holiday: str,
    day: dt.date,
    now: dt.datetime,
) -> Service:
    """Open, before, after or closed at `now` (a naive local time). Shift and 24-hour units are open
    every day; a weekly unit is closed on the weekdays its schedule leaves out and on holidays."""
    hours = timetable.hours_on(day)
    if holiday and not (works_on_holidays or shift_based):
        return Service(CLOSED, holiday=holiday)
    if hours is None:
        return Service(OPEN, all_day=True) if shift_based else Service(CLOSED)
    if hours.start == hours.end:  # 00:00–00:00: round the clock
        return Service(OPEN, hours, all_day=True)
    start, end = hours.bounds(day)
    if now < start:
        return Service(BEFORE, hours)
    if now >= end:
        return Service(AFTER, hours)
    return Service(OPEN, hours)


REOPEN_HORIZON = 45  # days looked ahead for the next opening (Lebaran's collective leave is the longest closure)


def next_opening(
    *,
    timetable: Timetable,
    shift_based: bool,
    works_on_holidays: bool,
    holidays: dict[dt.date, str],
    after: dt.date,
) -> dt.datetime | None:
    """When a unit closed for the rest of `after` opens again (a naive local time): the start of the first
    later day `service_today` opens, skipping its days off and holidays; None beyond REOPEN_HORIZON days
    or for a unit without opening hours (always open, or never)."""
    for offset in range(1, REOPEN_HORIZON + 1):
        day = after + dt.timedelta(days=offset)
        service = service_today(
            timetable=timetable,
            shift_based=shift_based,
            works_on_holidays=works_on_holidays,
            holiday=holidays.get(day, ""),
            day=day,
            now=dt.datetime.combine(day, dt.time.min),
        )
        if service.state == BEFORE and service.hours is not None:
            return dt.datetime.combine(day, service.hours.start)
        if service.state == OPEN:  # open from midnight: round the clock that day
            return dt.datetime.combine(day, dt.time.min)
    return None


@dataclass
class UnitCoverage:
    """One unit now, in plain values. Counts per service role ("" is not a role: totals add the roles).
    What is worked out from the counts is kept once asked for (a page asks several times per row): fill
    the counts first."""

    code: str
    name: str
    short_name: str
    kind: str
    frontline: bool
    tree_path: str
    kecamatan: str  # the kecamatan's name for a kecamatan or kelurahan, else ""
    kecamatan_path: str
    service: Service
    staff: int = 0
    minimums: dict[str, int] = field(default_factory=dict)  # service role or "" (all staff) → needed
    planned: dict[str, int] = field(default_factory=dict)  # service role → planned on site today
    present: dict[str, int] = field(default_factory=dict)  # service role → on site now
    late: int = 0
    link: str = ""  # set by the page that shows the row
    unit_id: int = 0  # the unit's id (the coverage alerts keep it)
    reopens: dt.datetime | None = None  # after closing or on a day off: when it opens again (next_opening)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def minimum(self) -> int:
        """People needed on site: the all-staff rule, or the role rules together when they need more."""
        roles = sum(n for role, n in self.minimums.items() if role)
        return max(self.minimums.get("", 0), roles)

    @property
    def planned_total(self) -> int:
        return sum(self.planned.values())

    @property
    def present_total(self) -> int:
        return sum(self.present.values())

    @cached_property
    def shortfalls(self) -> list[day_plan.Shortfall]:
        """Rules not met by the people on site now; only while the unit is open."""
        if not self.service.is_open:
            return []
        return day_plan.shortfalls(self.minimums, self.present)

    @cached_property
    def missing(self) -> int:
        """How many more people would meet every rule (role shortfalls add up; the all-staff one overlaps)."""
        found = self.shortfalls
        every = sum(s.missing for s in found if s.service_role == "")
        roles = sum(s.missing for s in found if s.service_role)
        return max(every, roles)

    @property
    def short(self) -> bool:
        return self.missing > 0

    @property
    def planned_short(self) -> bool:
        """The plan itself is below a minimum today (on a day the unit serves)."""
        return self.service.state != CLOSED and bool(day_plan.shortfalls(self.minimums, self.planned))

    @property
    def staffed(self) -> bool:
        """Open, every minimum met, and at least one person on site."""
        return self.service.is_open and not self.short and self.present_total > 0

    @property
    def hours_today(self) -> str:
        return hours_words(self.service)

    @cached_property
    def marker(self) -> "Marker":
        return board_marker(self)

    @cached_property
    def public(self) -> "Marker":
        return public_words(self)

    def role_lines(self) -> list[tuple[str, int, int]]:
        """(role label, present, needed) for the role rules, e.g. petugas layanan 1 of 3."""
        return [
            (str(ROLE_LABELS.get(role, role)), self.present.get(role, 0), needed)
            for role, needed in sorted(self.minimums.items())
            if role
        ]


def gather(units: QuerySet, staff: QuerySet, *, now: dt.datetime | None = None) -> list[UnitCoverage]:
    """Coverage of `units` now, counting each unit's own `staff` (pass every active person of those units:
    the minimums in percent depend on them). A fixed number of queries whatever the number of staff: the
    units, one lean evaluation of today, the people on a night shift that began yesterday; policies,
    holidays, schedules and minimums come from memory (policy.plan.reference: these pages only show them)."""
    moment = now or clock.now()
    today = local(moment).date()
    found = tables()
    listed = list(units.select_related("parent"))
    by_unit = rows_for(listed, moment, found)
    staff = staff.filter(unit__in=list(by_unit))
    if not by_unit:
        return []
    kept = presence.counts(today, list(by_unit))
    if kept is None:  # the day's kept rows are not built yet: evaluate everyone
        evaluation = evaluate(staff, [today], now=moment, lean=True, tables=found)
        tally(by_unit, evaluation, night_shift_ids(staff, moment, found), today)
    else:
        tally_kept(by_unit, kept, night_shift_ids(staff, moment, found), listed, today, found)
    return list(by_unit.values())


def rows_for(units: list[Unit], moment: dt.datetime, found) -> dict[int, UnitCoverage]:
    """{unit id: UnitCoverage} of `units` (with `parent` loaded) at `moment`, their service state worked out
    from the tables in memory, the counts still empty (`tally` fills them). No query."""
    now = local(moment)
    today = now.date()
    holiday = ", ".join(h.name for h in sorted((h for h in found.holiday_list if h.date == today), key=_category))
    by_unit: dict[int, UnitCoverage] = {}
    for unit in units:
        schedule = found.schedules[unit.schedule_id]
        territorial = _kecamatan(unit)
        shift_based = schedule.kind == Schedule.Kind.SHIFT
        service = service_today(
            timetable=found.timetables[schedule.pk],
            shift_based=shift_based,
            works_on_holidays=schedule.works_on_holidays,
            holiday=holiday,
            day=today,
            now=now,
        )
        reopens = None
        if service.state in (AFTER, CLOSED):
            reopens = next_opening(
                timetable=found.timetables[schedule.pk],
                shift_based=shift_based,
                works_on_holidays=schedule.works_on_holidays,
                holidays=found.holidays,
                after=today,
            )
        by_unit[unit.pk] = UnitCoverage(
            unit_id=unit.pk,
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name,
            kind=unit.kind,
            frontline=unit.is_frontline,
            tree_path=unit.tree_path,
            kecamatan=territorial.name if territorial else "",
            kecamatan_path=territorial.tree_path if territorial else "",
            service=service,
            reopens=reopens,
        )
    return by_unit


def _category(holiday: Holiday) -> str:
    return holiday.category


def _kecamatan(unit: Unit) -> Unit | None:
    if unit.kind == Unit.Kind.KECAMATAN:
        return unit
    if unit.kind == Unit.Kind.KELURAHAN and unit.parent and unit.parent.kind == Unit.Kind.KECAMATAN:
        return unit.parent
    return None


def tally(by_unit: dict[int, UnitCoverage], evaluation, night: set[int], today: dt.date) -> None:
    """Fill the rows' counts from an evaluation of today (lean or not) of their staff: staff, on site now
    (on_site_now, or still on last night's shift: `night`), late, the minimums and the planned counts."""
    plan = evaluation.plan
    staff_count: dict[int, int] = defaultdict(int)
    for employee in plan.employees:
        row = by_unit.get(employee.unit_id)
        if row is None:
            continue
        staff_count[employee.unit_id] += 1
        status = evaluation.status(employee.pk, today)
        if on_site_now(plan.cells[(employee.pk, today)].mode, status) or employee.pk in night:
            row.present[employee.service_role] = row.present.get(employee.service_role, 0) + 1
        if any(code.startswith("TL") for code in status.codes):
            row.late += 1
    for unit_id, row in by_unit.items():
        row.staff = staff_count.get(unit_id, 0)
        row.minimums = dict(plan.minimums.get((unit_id, today), {}))
        row.planned = {role: n for role, n in plan.on_site(unit_id, today).items() if n}


def tally_kept(
    by_unit: dict[int, UnitCoverage], kept: dict[int, presence.Counts], night: set[int], units: list[Unit],
    today: dt.date, found,
) -> None:
    """Fill the rows' counts from the kept counts of today (attendance.presence.kept), as `tally` does from
    an evaluation: the minimums are worked out the way policy.plan.building.build_plan does (the rules of
    the day for the unit's staff by role, on a day some of them work)."""
    with_staff = [u for u in units if u.pk in kept]
    rules = minimum_rules(today, today, with_staff, policies=found.policies, rows=found.minimums)
    for unit in with_staff:
        row, counts = by_unit[unit.pk], kept[unit.pk]
        row.staff = sum(counts.staff.values())
        row.present = dict(counts.present)
        row.planned = dict(counts.planned)
        row.late = counts.late
        if counts.working:
            row.minimums = day_plan.required_on_site(rules.get((unit.pk, today), []), counts.staff)
    for unit_id, role, on_site in presence.on_site_today(night, today).values():
        found_row = by_unit.get(unit_id)
        if found_row is not None and not on_site:  # still on last night's shift, not counted today
            found_row.present[role] = found_row.present.get(role, 0) + 1


def night_shift_ids(staff: QuerySet, moment: dt.datetime, found) -> set[int]:
    """Ids of the people (of `staff`) still on yesterday's shift that crosses midnight at `moment`: planned on
    site on it, checked in, not out, before the shift's end. Only the people a head assigned such a shift
    yesterday, ending after now, are evaluated for yesterday (one query when there are none, one small
    evaluation when there are: in the small hours)."""
    now = local(moment)
    yesterday = now.date() - dt.timedelta(days=1)
    assigned = list(
        PlanEntry.objects.filter(
            date=yesterday,
            employee__in=staff.order_by().values("pk"),
            shift__end__lte=F("shift__start"),
            shift__end__gt=now.time(),
        ).values_list("employee_id", flat=True)
    )
    if not assigned:
        return set()
    evaluation = evaluate(staff.filter(pk__in=assigned), [yesterday], now=moment, lean=True, tables=found)
    plan = evaluation.plan
    return {
        e.pk
        for e in plan.employees
        if _still_on(plan.cells[(e.pk, yesterday)], evaluation.status(e.pk, yesterday), found.shifts, yesterday, now)
    }


def _still_on(cell: day_plan.PlannedDay, status, nights: dict[int, Hours], day: dt.date, now: dt.datetime) -> bool:
    """Still on yesterday's shift that crosses midnight: checked in, not out, before the shift's end."""
    hours = nights.get(cell.shift_id) if cell.on_site and cell.shift_id else None
    if hours is None or not hours.crosses_midnight or not status.present or status.last_out is not None:
        return False
    return now < hours.bounds(day)[1]


# --- Order and groups (pure) ---


@dataclass
class Group:
    key: tuple
    label: str
    frontline: bool
    rows: list[UnitCoverage] = field(default_factory=list)
    urgent: bool = False  # the group of units short now, shown first

    @property
    def short(self) -> int:
        return sum(1 for row in self.rows if row.short)


def _kind_index(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def group_key(row: UnitCoverage) -> tuple:
    """Frontline units first; kecamatan and kelurahan grouped by kecamatan, the others by kind."""
    if row.kind in TERRITORIAL and row.kecamatan_path:
        return (not row.frontline, 0, row.kecamatan_path)
    return (not row.frontline, 1, f"{_kind_index(row.kind):03d}")


def group_label(row: UnitCoverage) -> str:
    if row.kind in TERRITORIAL and row.kecamatan:
        return row.kecamatan
    return row.kind_label


def public_label(group: "Group") -> str:
    """A group's heading for citizens: "Kantor dinas" rather than the bare kind of an office."""
    kind = group.rows[0].kind if group.rows else ""
    if group.key[1] == 0 or kind in (Unit.Kind.PUSKESMAS, Unit.Kind.RUMAH_SAKIT):
        return group.label
    return _("Kantor %(kind)s") % {"kind": group.label.lower()}


def group_rows(rows: list[UnitCoverage], *, short_first: bool) -> list[Group]:
    """Groups in display order; with short_first, the units short now leave their group for a first group
    of their own, the most missing first."""
    groups: dict[tuple, Group] = {}
    urgent = Group(("",), _("Kurang petugas sekarang"), True, urgent=True)
    for row in sorted(rows, key=lambda r: r.tree_path):
        if short_first and row.short:
            urgent.rows.append(row)
            continue
        key = group_key(row)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key, group_label(row), row.frontline)
        group.rows.append(row)
    urgent.rows.sort(key=lambda r: (-r.missing, not r.frontline, r.tree_path))
    ordered = [groups[key] for key in sorted(groups)]
    return ([urgent] if urgent.rows else []) + ordered


# --- Words (pure) ---


@dataclass(frozen=True)
class Marker:
    css: str  # the colour repeats the words, never replaces them
    headline: str
    detail: str = ""


def hours_words(service: Service) -> str:
    if service.state == CLOSED:
        return _("Tutup")
    if service.all_day or service.hours is None:  # open without hours: a shift unit, round the clock
        return _("24 jam")
    return f"{service.hours.start:%H:%M}–{service.hours.end:%H:%M}"


def _opening(service: Service) -> str:
    """When a unit not yet open opens ("" for one without hours)."""
    return f"{service.hours.start:%H:%M}" if service.hours else ""


def closed_words(service: Service) -> str:
    if service.holiday:
        return _("Libur: %(name)s") % {"name": service.holiday}
    return _("Tidak ada layanan hari ini")


def reopen_words(reopens: dt.datetime | None) -> str:
    """"Buka lagi Senin, 7 Desember pukul 07:30" ("" when unknown), in the active language."""
    if reopens is None:
        return ""
    day = date_format(reopens, "l, j F")
    if reopens.time() == dt.time.min:
        return _("Buka lagi %(day)s (24 jam)") % {"day": day}
    return _("Buka lagi %(day)s pukul %(time)s") % {"day": day, "time": f"{reopens:%H:%M}"}


def board_marker(row: UnitCoverage) -> Marker:
    """A unit's state on the city board, in words."""
    if row.short:
        detail = "; ".join(
            _("%(role)s: %(present)s dari minimal %(needed)s") % {"role": role.lower(), "present": p, "needed": n}
            for role, p, n in row.role_lines()
            if p < n
        )
        headline = ngettext("Kurang %(n)s petugas", "Kurang %(n)s petugas", row.missing) % {"n": row.missing}
        return Marker("bad", headline, detail)
    if not row.staff:
        return Marker("muted", _("Belum ada pegawai"), "")
    state = row.service.state
    if state == CLOSED:
        return Marker("muted", closed_words(row.service), "")
    if state == BEFORE:
        return Marker("muted", _("Belum buka"), _("buka pukul %(time)s") % {"time": _opening(row.service)})
    if state == AFTER:
        return Marker("muted", _("Sudah tutup"), _("layanan %(hours)s") % {"hours": hours_words(row.service)})
    if not row.minimums:
        return Marker("muted", _("Tanpa minimum"), "")
    return Marker("ok", _("Cukup petugas"), "")


def public_words(row: UnitCoverage) -> Marker:
    """A unit on the public status page in one sentence: open or not, and staffed or not; when it is closed for
    the rest of the day, the detail says when it opens again."""
    service = row.service
    again = reopen_words(row.reopens)
    if service.state == CLOSED:
        if service.holiday:
            return Marker("closed", _("Tutup hari ini · libur: %(name)s") % {"name": service.holiday}, again)
        return Marker("closed", _("Tutup hari ini"), again)
    if service.state == BEFORE:
        return Marker("closed", _("Belum buka · buka pukul %(time)s") % {"time": _opening(service)})
    if service.state == AFTER:
        words = _("Sudah tutup hari ini · jam layanan %(hours)s") % {"hours": hours_words(service)}
        return Marker("closed", words, again)
    counts = {"present": row.present_total, "minimum": row.minimum}
    if row.staffed:
        if row.minimum:
            return Marker("ok", _("Buka · ada petugas (%(present)s, minimal %(minimum)s)") % counts)
        return Marker("ok", _("Buka · ada petugas (%(present)s)") % counts)
    short_roles = [(role, p, n) for role, p, n in row.role_lines() if p < n]
    if row.present_total >= row.minimum and short_roles:
        role, present, needed = short_roles[0]
        words = _("Buka · %(role)s kurang (%(present)s, minimal %(needed)s)")
        return Marker("short", words % {"role": role.lower(), "present": present, "needed": needed})
    if row.present_total:
        return Marker("short", _("Buka · petugas kurang (%(present)s, minimal %(minimum)s)") % counts)
    if row.minimum:
        return Marker("short", _("Buka · belum ada petugas di tempat (minimal %(minimum)s)") % counts)
    return Marker("short", _("Buka · belum ada petugas di tempat"))


@dataclass(frozen=True)
class Summary:
    units: int
    open: int
    short: int
    present: int
    planned: int


def summary(rows: list[UnitCoverage]) -> Summary:
    return Summary(
        units=len(rows),
        open=sum(1 for r in rows if r.service.is_open),
        short=sum(1 for r in rows if r.short),
        present=sum(r.present_total for r in rows),
        planned=sum(r.planned_total for r in rows),
    )
