"""Read operations: units, staff, daily statuses, the monthly recap (and its streamed export), leave balances and
coverage, each within the caller's units (api.clients.scope). Statuses come from the one bulk evaluation
(attendance.evaluation.bulk), the recap from attendance.recap.monthly, leave from policy.arrangements.requests,
coverage from attendance.boards.coverage: nothing here computes them a second way.

Lists page with a cursor: the items are ordered by id and `next_cursor` is the last id of the page."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.errors import HttpError

from api.clients.auth import READ, KeyAuth, caller
from api.clients.log import count_rows
from api.read import export, schemas
from api.schemas import MAX_LIMIT, PAGE_LIMIT, answers
from attendance.boards import coverage
from attendance.evaluation.bulk import evaluate
from attendance.recap import monthly
from policy.arrangements.requests import leave_balance
from policy.models import Arrangement
from units import clock
from units.models import Employee, EmployeeQuerySet, Unit

router = Router(auth=KeyAuth(READ), tags=["read"])
MAX_DAYS = 31  # a status query's date range
FIRST_YEAR, LAST_YEAR = 2000, clock.LAST_DATE.year


def unit_out(unit: Unit, parents: dict[int, str]) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "parent_code": parents.get(unit.parent_id) if unit.parent_id else None,
        "is_frontline": unit.is_frontline,
        "is_active": unit.is_active,
        "depth": unit.depth,
    }


def staff_out(employee: Employee) -> dict[str, Any]:
    return {
        "nip": employee.nip,
        "full_name": employee.full_name,
        "asn_type": employee.asn_type,
        "unit_code": employee.unit.code,
        "position_title": employee.position_title,
        "position_category": employee.position_category,
        "service_role": employee.service_role,
        "start_date": employee.start_date,
        "is_active": employee.is_active,
    }


def page(rows: QuerySet, cursor: int | None, limit: int) -> tuple[list, int | None]:
    """One page of `rows` after `cursor` (keyset on id) and the next cursor (None on the last page)."""
    if cursor is not None:
        rows = rows.filter(pk__gt=cursor)
    found = list(rows.order_by("pk")[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return found, (found[-1].pk if more else None)


def scoped_staff(request: HttpRequest, unit: str | None, sub_units: bool) -> EmployeeQuerySet:
    """The caller's staff, of one unit (and its sub-units) when `unit` is given: 404 for a unit not theirs."""
    scope = caller(request).scope
    staff = scope.employees()
    if unit:
        found = get_object_or_404(scope.units(), code=unit)
        staff = staff.filter(unit__tree_path__startswith=found.tree_path) if sub_units else staff.filter(unit=found)
    return staff


@router.get("/units", response=answers(list[schemas.UnitOut]), summary="Units (the tree, with kinds and frontline flags)")
def units(request: HttpRequest) -> list[dict[str, Any]]:
    """Every unit the key may see, in tree order (a unit's parent before it); `parent_code` is null at the top
    of what the key sees."""
    found = list(caller(request).scope.units().order_by("tree_path"))
    parents = {u.pk: u.code for u in found}
    count_rows(request, len(found))
    return [unit_out(u, parents) for u in found]


@router.get("/staff", response=answers(schemas.StaffPage), summary="Staff (paged)")
def staff(
    request: HttpRequest,
    unit: str | None = None,
    sub_units: bool = True,
    active: bool | None = None,
    cursor: int | None = None,
    limit: int = Query(PAGE_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """NIP, name, status (PNS/PPPK), unit and position of the staff the key may see; no home address and no
    coordinates."""
    rows = scoped_staff(request, unit, sub_units).select_related("unit")
    if active is not None:
        rows = rows.filter(is_active=active)
    found, following = page(rows, cursor, limit)
    count_rows(request, len(found))
    return {"items": [staff_out(e) for e in found], "next_cursor": following}


def _person(request: HttpRequest, nip: str) -> Employee:
    return get_object_or_404(caller(request).scope.employees().select_related("unit"), nip=nip)


@router.get("/staff/{nip}", response=answers(schemas.StaffOut), summary="One person by NIP")
def person(request: HttpRequest, nip: str) -> dict[str, Any]:
    count_rows(request, 1)
    return staff_out(_person(request, nip))


@router.get("/staff/{nip}/leave", response=answers(schemas.LeaveBalance), summary="Annual leave balance")
def leave(
    request: HttpRequest, nip: str, year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR)
) -> dict[str, Any]:
    """The person's cuti tahunan of a year (this year by default) in working days, as Hadir's request form
    counts it (policy.arrangements.requests.leave_balance)."""
    employee = _person(request, nip)
    year = year or clock.today().year
    found = leave_balance(employee, year)
    count_rows(request, 1)
    return {
        "nip": employee.nip,
        "year": year,
        "entitled": found.entitled,
        "carried": found.carried,
        "bersama_added": found.bersama_added,
        "used": found.used,
        "balance": found.balance,
    }


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    if end < start:
        raise HttpError(422, "end is before start")
    if (end - start).days >= MAX_DAYS:
        raise HttpError(422, f"at most {MAX_DAYS} days at once")
    if start < clock.FIRST_DATE or end > clock.LAST_DATE:
        raise HttpError(422, "dates out of range")
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


@router.get(
    "/units/{code}/statuses", response=answers(schemas.StatusPage), summary="Daily statuses of a unit (paged by person)"
)
def statuses(
    request: HttpRequest,
    code: str,
    start: dt.date,
    end: dt.date,
    sub_units: bool = False,
    cursor: int | None = None,
    limit: int = Query(PAGE_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """Each active person's days from `start` to `end` (at most 31): the code, minutes late and early, what the
    plan expected and the arrangement (leave, DL…) behind it. Days not over yet read "-"."""
    days = _days(start, end)
    people, following = page(scoped_staff(request, code, sub_units).active().select_related("unit"), cursor, limit)
    evaluation = evaluate(people, days, lean=True)
    cells = evaluation.plan.cells
    ids = {c.arrangement_id for c in cells.values() if c.arrangement_id}
    arrangements = {
        a["pk"]: {"code": str(a["code"]), "kind": a["kind"], "leave_type": a["leave_type"]}
        for a in Arrangement.objects.filter(pk__in=ids).values("pk", "code", "kind", "leave_type")
    }
    items = []
    for employee in people:
        out = []
        for day in days:
            status, cell = evaluation.status(employee.pk, day), cells[(employee.pk, day)]
            out.append(
                {
                    "date": day,
                    "code": status.code,
                    "codes": list(status.codes),
                    "late_minutes": status.late_minutes,
                    "early_minutes": status.early_minutes,
                    "mode": cell.mode,
                    "arrangement": arrangements.get(cell.arrangement_id) if cell.arrangement_id else None,
                }
            )
        items.append({"nip": employee.nip, "unit_code": employee.unit.code, "days": out})
    count_rows(request, len(items))
    return {"start": start, "end": end, "items": items, "next_cursor": following}


MonthPath = Path(..., ge=FIRST_YEAR, le=LAST_YEAR)


@router.get("/recap/{year}/{month}", response=answers(schemas.RecapPage), summary="Monthly recap (TPP basis, paged)")
def recap(
    request: HttpRequest,
    year: int = MonthPath,
    month: int = Path(..., ge=1, le=12),
    unit: str | None = None,
    sub_units: bool = True,
    cursor: int | None = None,
    limit: int = Query(PAGE_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """Per person: the count of each code, minutes late and early, the deduction basis per code and the month's
    TPP deduction. Only a locked month is final (`month.final`); until then corrections and decisions may still
    change the figures. For a whole month of many staff, use the streamed export."""
    people, following = page(scoped_staff(request, unit, sub_units).active().select_related("unit"), cursor, limit)
    found = monthly.gather(people, year, month, today=clock.today(), year_to_date=False)
    items = [export.row_out(row, found.rules) for row in found.rows]
    count_rows(request, len(items))
    return {"month": export.month_state(found), "items": items, "next_cursor": following}


@router.get(
    "/recap/{year}/{month}/export",
    response={k: v for k, v in answers(None).items() if k != 200},
    summary="Monthly recap of every person, streamed (NDJSON)",
    openapi_extra={
        "responses": {
            "200": {
                "description": (
                    "One JSON object per line: first the month's state ({\"type\": \"month\", …}, with `final`), "
                    "then one line per person ({\"type\": \"person\", …}, the fields of a recap row)."
                ),
                "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            }
        }
    },
)
def recap_export(
    request: HttpRequest,
    year: int = MonthPath,
    month: int = Path(..., ge=1, le=12),
    unit: str | None = None,
    sub_units: bool = True,
) -> StreamingHttpResponse:
    """The whole month for the key's staff (or one unit's), written as it is computed, a batch of people at a
    time: the city's 50,000 staff are never held at once."""
    people = scoped_staff(request, unit, sub_units).active()
    last = monthly.month_days(year, month)[-1]
    response = StreamingHttpResponse(
        export.lines(request, people, year, month, today=clock.today()), content_type="application/x-ndjson"
    )
    response["Content-Disposition"] = f'inline; filename="rekap-{last:%Y-%m}.ndjson"'
    return response


@router.get("/coverage", response=answers(schemas.CoverageList), summary="Coverage of frontline units now")
def coverage_now(request: HttpRequest) -> dict[str, Any]:
    """The figures of the public status page for the frontline units the key may see: open or not, the minimum
    on site, planned and present now, and how many are missing."""
    now = clock.now()
    units = caller(request).scope.units().active().filter(is_frontline=True)
    rows = coverage.gather(units, Employee.objects.active().filter(unit__in=units), now=now)
    count_rows(request, len(rows))
    return {
        "at": now,
        "items": [
            {
                "unit_code": row.code,
                "name": row.name,
                "kind": row.kind,
                "is_open": row.service.is_open,
                "minimum": row.minimum,
                "planned": row.planned_total,
                "present": row.present_total,
                "missing": row.missing,
                "staffed": row.staffed,
            }
            for row in rows
        ],
    }
