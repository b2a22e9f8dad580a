"""The daily plan ("Rencana kehadiran"): per unit and week, who is planned where each day against the minimum
on site; the head or operator of a unit sets a person's mode for a day inline; city admins see every unit."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from policy.plan import building, day_plan
from policy.plan.forms import (
    DAY_OFF_LABEL,
    MODE_LABELS,
    CitySummaryForm,
    PlanCellForm,
    WeekForm,
    long_date,
    shift_label,
)
from units import clock
from units.access import (
    HEAD,
    MANAGERS,
    OPERATOR,
    Access,
    access_for,
    get_employee_or_404,
    get_unit_or_404,
    own_unit,
    role_required,
    signed_in_user,
)
from units.http import HtmxHttpRequest
from units.models import Employee, Schedule, Unit

ROLE_LABELS = dict(Employee.ServiceRole.choices)


@dataclass
class Cell:
    day: dt.date
    mode: str
    label: str
    source: str  # short words shown under the mode
    detail: str  # fuller explanation, in the title attribute
    url: str = ""  # set when the signed-in user may change this cell
    focus: bool = False


@dataclass
class DayTotal:
    """The planned on-site count of a unit on a day, against its minimums (in words in the templates)."""

    day: dt.date
    closed: bool = False
    holiday: str = ""
    on_site: int = 0
    lines: list[tuple[str, int, int]] = field(
        default_factory=list
    )  # (role label or "", planned, needed)
    short: list[tuple[str, int]] = field(default_factory=list)  # (role label or "", missing)


def _day_total(
    day: dt.date,
    cells: list[day_plan.PlannedDay],
    needed: dict[str, int],
    counts: dict[str, int],
    shortfalls: list[day_plan.Shortfall],
) -> DayTotal:
    """A day on which nobody in the unit works (weekend, holiday) has no minimum to meet."""
    if not cells or all(c.mode == day_plan.LIBUR for c in cells):
        return DayTotal(day, closed=True, holiday=next((c.holiday for c in cells if c.holiday), ""))
    total = sum(counts.values())
    lines = sorted(
        (
            (str(ROLE_LABELS[role]) if role else "", total if not role else counts.get(role, 0), n)
            for role, n in needed.items()
            if n
        ),
        key=lambda line: line[0],
    )
    short = [
        (str(ROLE_LABELS[s.service_role]) if s.service_role else "", s.missing) for s in shortfalls
    ]
    return DayTotal(day, on_site=total, lines=lines, short=short)


def _can_edit(access: Access, unit: Unit) -> bool:
    """The head or operator of this very unit (not of the unit above it), or a city admin."""
    if access.is_admin:
        return True
    return (
        access.role in (HEAD, OPERATOR)
        and access.employee is not None
        and access.employee.unit_id == unit.pk
    )


def _is_self(access: Access, employee: Employee) -> bool:
    """Nobody sets their own day: assigning oneself WFH would be approving one's own request."""
    return access.employee is not None and access.employee.pk == employee.pk


def _source(cell: day_plan.PlannedDay) -> tuple[str, str]:
    """(short words, fuller explanation) of the record that decided a cell."""
    if cell.source == "holiday":
        return _("hari libur: %(name)s") % {"name": cell.holiday}, _("Hari libur: %(name)s") % {
            "name": cell.holiday
        }
    if cell.source == "arrangement":
        return _("pengajuan disetujui"), _("Pengajuan pegawai yang sudah disetujui kepala unit")
    if cell.source == "assignment":
        if cell.site is not None:
            return _("ditetapkan kepala unit"), _(
                "Dinas luar di %(site)s (radius %(r)s m), ditetapkan kepala atau operator unit: presensi di sana"
            ) % {"site": cell.site.name, "r": cell.site.radius_m}
        return _("ditetapkan kepala unit"), _("Ditetapkan kepala atau operator unit untuk hari ini")
    if cell.source == "schedule":
        if cell.mode == day_plan.OFF:
            return _("jadwal shift"), _("Belum ditugaskan pada shift mana pun")
        return _("jadwal"), _("Bukan hari kerja menurut jadwal kerja")
    policy = cell.resolution.decided_by if cell.resolution else None
    if policy is None:
        return _("bawaan"), _(
            "Tidak ada kebijakan khusus: di kantor pada hari kerja (Perpres 21/2023)"
        )
    return _("kebijakan"), _("Kebijakan '%(title)s' (%(basis)s)") % {
        "title": policy.title,
        "basis": policy.legal_basis,
    }


def _shifts(employees: Iterable[Employee]) -> dict[int, Schedule]:
    """The schedules of these employees with their shifts (2 queries)."""
    ids = {e.effective_schedule_id for e in employees}
    return {s.pk: s for s in Schedule.objects.filter(pk__in=ids).prefetch_related("shifts")}


def _grid(
    unit: Unit,
    days: list[dt.date],
    *,
    can_edit: bool,
    focus: tuple[int, dt.date] | None = None,
    me: int | None = None,
) -> dict[str, Any]:
    """Rows (one per active staff member of the unit itself) and day totals, in a fixed number of queries."""
    staff = building.active_staff(unit).select_related("unit").order_by("full_name")
    plan = building.build_plan(staff, days)
    schedules = _shifts(plan.employees)
    shift_names: dict[int | None, str] = {
        s.pk: shift_label(s) for sch in schedules.values() for s in sch.shifts.all()
    }
    today = clock.today()
    rows = []
    for employee in plan.employees:
        cells = []
        for day in days:
            planned = plan.cells[(employee.pk, day)]
            label = shift_names.get(planned.shift_id) or str(
                DAY_OFF_LABEL
                if planned.source == "schedule" and planned.mode == day_plan.LIBUR
                else MODE_LABELS[planned.mode]
            )
            cell = Cell(
                day, planned.mode, label, *_source(planned), focus=focus == (employee.pk, day)
            )
            locked = planned.mode == day_plan.LIBUR or planned.source == "arrangement" or day < today
            if can_edit and not locked and employee.pk != me:
                cell.url = reverse("plan_cell", args=[unit.code, employee.code, day.isoformat()])
            cells.append(cell)
        shift_based = schedules[employee.effective_schedule_id].kind == Schedule.Kind.SHIFT
        rows.append({"employee": employee, "cells": cells, "shift_based": shift_based})
    totals = []
    for day in days:
        planned_cells = [plan.cells[(e.pk, day)] for e in plan.employees]
        needed = plan.minimums.get((unit.pk, day), {})
        totals.append(
            _day_total(
                day, planned_cells, needed, plan.on_site(unit.pk, day), plan.shortfalls(unit.pk, day)
            )
        )
    return {"rows": rows, "totals": totals}


def _week_links(name: str, args: list[str], days: list[dt.date]) -> dict[str, Any]:
    base = reverse(name, args=args)
    return {
        "previous": f"{base}?minggu={days[0] - dt.timedelta(days=7):%Y-%m-%d}",
        "next": f"{base}?minggu={days[0] + dt.timedelta(days=7):%Y-%m-%d}",
        "current": f"{base}?minggu={clock.today():%Y-%m-%d}",
        "is_current": clock.today() in days,
        "is_next": dt.timedelta(0) < days[0] - clock.today() <= dt.timedelta(days=7),
        # "Pekan 7–13 Desember 2026", "Pekan 28 Desember 2026–3 Januari 2027": the start says only what differs.
        "start": date_format(days[0], "j" if days[0].month == days[6].month else "j F" if days[0].year == days[6].year else "j F Y"),
        "end": date_format(days[6], "j F Y"),
    }


@role_required(*MANAGERS)
def plan_home(request: HttpRequest) -> HttpResponse:
    """Heads and operators go to their unit's week; city admins see every unit's week at once."""
    access = access_for(request)
    if not access.is_admin:
        url = reverse("plan_unit", args=[own_unit(request).code])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    form = CitySummaryForm(request.GET or None)
    days = form.week(clock.today())
    kind, only_short = form.filters()
    groups, counts = _city_summary(days, kind, only_short)
    return render(
        request,
        "policy/plan/city.html",
        {
            "form": form,
            "days": days,
            "groups": groups,
            "counts": counts,
            "week": _week_links("plan_home", [], days),
            "filtered": bool(kind or only_short),
        },
    )


def _city_summary(
    days: list[dt.date], kind: str, only_short: bool
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every active unit's planned on-site count per day against its minimum (one build_plan for all staff).

    Grouped frontline units first, then by kind; in each group the units short on more days come first.
    """
    units = Unit.objects.active().order_by("tree_path")
    staff = Employee.objects.active().filter(unit__is_active=True)
    if kind:
        units, staff = units.filter(kind=kind), staff.filter(unit__kind=kind)
    plan = building.build_plan(staff, days)
    by_unit: dict[int, list[Employee]] = defaultdict(list)
    for employee in plan.employees:
        by_unit[employee.unit_id].append(employee)
    kinds = list(Unit.Kind.values)
    labels = dict(Unit.Kind.choices)
    groups: dict[tuple[bool, int], dict[str, Any]] = {}
    total = short_total = 0
    for unit in units:
        members = by_unit.get(unit.pk, [])
        totals = []
        for day in days:
            counts: dict[str, int] = defaultdict(int)
            cells = []
            for employee in members:
                cells.append(plan.cells[(employee.pk, day)])
                if cells[-1].on_site:
                    counts[employee.service_role] += 1
            needed = plan.minimums.get((unit.pk, day), {})
            totals.append(_day_total(day, cells, needed, counts, day_plan.shortfalls(needed, counts)))
        short = sum(1 for t in totals if t.short and not t.closed)
        total += 1
        short_total += bool(short)
        if only_short and not short:
            continue
        key = (not unit.is_frontline, kinds.index(unit.kind) if unit.kind in kinds else len(kinds))
        group = groups.setdefault(
            key,
            {
                "label": labels.get(unit.kind, unit.kind),
                "frontline": unit.is_frontline,
                "rows": [],
                "short": 0,
            },
        )
        group["rows"].append(
            {"unit": unit, "staff": len(members), "totals": totals, "short_days": short}
        )
        group["short"] += bool(short)
    for group in groups.values():
        group["rows"].sort(key=lambda row: -row["short_days"])  # stable: tree order among equals
    return [groups[key] for key in sorted(groups)], {"units": total, "short": short_total}


@role_required(*MANAGERS)
def plan_unit(request: HttpRequest, code: str) -> HttpResponse:
    """One unit's week: staff × Monday–Sunday, and per day the on-site count against the minimum."""
    access = access_for(request)
    unit = get_unit_or_404(request, code)
    form = WeekForm(request.GET or None)
    days = form.week(clock.today())
    can_edit = _can_edit(access, unit)
    children = access.units().filter(parent=unit, is_active=True).order_by("name")
    parent = access.units().filter(pk=unit.parent_id).first() if unit.parent_id else None
    return render(
        request,
        "policy/plan/unit.html",
        {
            "unit": unit,
            "days": days,
            "form": form,
            "can_edit": can_edit,
            "children": children,
            "parent": parent,
            "week": _week_links("plan_unit", [unit.code], days),
            "today": clock.today(),
            **_grid(unit, days, can_edit=can_edit, me=access.employee.pk if access.employee else None),
        },
    )


def _cell_target(
    request: HttpRequest, code: str, employee: str, iso_day: str
) -> tuple[Unit, Employee, dt.date]:
    """The unit, person and day of a cell the signed-in user may change (404 outside their scope)."""
    access = access_for(request)
    unit = get_unit_or_404(request, code)
    person = get_employee_or_404(request, employee)
    if person.unit_id != unit.pk or not person.is_active:
        raise Http404
    try:
        day = dt.date.fromisoformat(iso_day)
    except ValueError:
        raise Http404 from None
    if not clock.FIRST_DATE <= day <= clock.LAST_DATE:
        raise Http404
    if not _can_edit(access, unit) or _is_self(access, person):
        raise PermissionDenied
    return unit, person, day


def _cell_form(
    data: QueryDict | None,
    person: Employee,
    day: dt.date,
    shortfalls: dict[dt.date, list[day_plan.Shortfall]] | None = None,
) -> PlanCellForm:
    days = day_plan.week_of(day)
    schedule = Schedule.objects.prefetch_related("shifts").get(pk=person.effective_schedule_id)
    shift_based = schedule.kind == Schedule.Kind.SHIFT
    return PlanCellForm(
        data,
        employee=person,
        day=day,
        week_cells=building.build_plan([person], days).cells,
        shifts=list(schedule.shifts.all()) if shift_based else [],
        shift_based=shift_based,
        today=clock.today(),
        shortfalls=shortfalls,
        auto_id=f"id_%s-{person.code}-{day:%Y%m%d}",  # one form per cell of the grid: ids unique on the page
    )


def _row_response(
    request: HttpRequest, unit: Unit, person: Employee, day: dt.date, *, with_totals: bool
) -> HttpResponse:
    """The person's row again (and, after a change, the day totals out of band)."""
    grid = _grid(unit, day_plan.week_of(day), can_edit=True, focus=(person.pk, day))
    row = next(r for r in grid["rows"] if r["employee"].pk == person.pk)
    context = {"row": row, "totals": grid["totals"], "oob": with_totals, "unit": unit}
    return render(
        request,
        "policy/plan/unit.html#saved" if with_totals else "policy/plan/unit.html#row",
        context,
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def plan_cell(request: HtmxHttpRequest, code: str, employee: str, day: str) -> HttpResponse:
    """Set one person's mode (or shift) for one day: a small form in the cell, or a page without JavaScript."""
    unit, person, on = _cell_target(request, code, employee, day)
    if request.method == "GET" and request.htmx and "batal" in request.GET:
        return _row_response(request, unit, person, on, with_totals=False)
    if request.method == "POST":
        with transaction.atomic():
            # Locks the unit row first, so two heads (or two tabs) never take it below its minimum together.
            shortfalls = building.shortfalls_without(person, [on], lock=True)
            form = _cell_form(request.POST, person, on, shortfalls)
            saved = form.is_valid()
            if saved:
                form.save(signed_in_user(request))
        if saved:
            messages.success(
                request,
                _("Rencana %(name)s untuk %(day)s disimpan: %(mode)s.")
                % {"name": person.full_name, "day": long_date(on), "mode": form.chosen_label()},
            )
            if request.htmx:
                return _row_response(request, unit, person, on, with_totals=True)
            return redirect(f"{reverse('plan_unit', args=[unit.code])}?minggu={on:%Y-%m-%d}")
    else:
        form = _cell_form(None, person, on)
    context = {
        "unit": unit,
        "person": person,
        "day": on,
        "form": form,
        "locked": form.locked_reason(),
        "action": request.path,
        "back": f"{reverse('plan_unit', args=[unit.code])}?minggu={on:%Y-%m-%d}",
    }
    if not request.htmx:
        return render(request, "policy/plan/cell.html", context)
    response = render(request, "policy/plan/cell.html#form", context)
    if request.method == "POST":  # the refusal goes back into the cell, not over the row
        response = reswap(retarget(response, f"#cell-{person.code}-{on:%Y%m%d}"), "innerHTML")
    return response
