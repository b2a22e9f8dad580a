"""A person's month: the calendar of their codes from the one bulk evaluation, with totals, the detail of
the day chosen in it (?hari=YYYY-MM-DD; htmx swaps the calendar and its detail in place) and the way into a
correction for that day."""

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from attendance.approvals import corrections
from attendance.evaluation.bulk import evaluate
from attendance.models import Correction, MonthLock, Verification
from attendance.month import calendar
from units import clock
from units.access import ADMIN, HEAD, access_for, get_employee_or_404
from units.http import HtmxHttpRequest
from units.models import Employee
from units.words import duration

TEMPLATE = "attendance/month/month.html"


def _month(request: HttpRequest, employee: Employee, *, is_own: bool) -> dict[str, Any]:
    today = clock.today()
    chosen = calendar.parse_day(request.GET.get("hari"))
    # A day's link names the day only: its month is the page's unless ?bulan= says otherwise.
    first = calendar.parse_month(request.GET.get("bulan") or (f"{chosen:%Y-%m}" if chosen else None), today)
    days = calendar.month_days(first)
    if chosen not in days:
        chosen = today if today in days else None
    result = evaluate([employee], days)
    locked = MonthLock.is_locked(first)
    asked: dict[dt.date, list[Correction]] = {}
    for c in Correction.objects.filter(employee=employee, date__range=(days[0], days[-1])).order_by("created_at"):
        asked.setdefault(c.date, []).append(c)
    outside: dict[dt.date, list[Verification]] = {}  # check-ins outside every place, and their decision
    for v in Verification.objects.filter(employee=employee, date__range=(days[0], days[-1])).order_by("created_at"):
        outside.setdefault(v.date, []).append(v)
    statuses = {day: result.status(employee.pk, day) for day in days}
    totals = calendar.totals(statuses, today)
    cells: dict[dt.date, dict[str, Any]] = {}
    for day in days:
        planned = result.plan.cells[(employee.pk, day)]
        status = statuses[day]
        events = result.checkins.get((employee.pk, day), [])
        cells[day] = {
            "date": day,
            "today": day == today,
            "chosen": day == chosen,
            "code": status.code,
            "short": calendar.short_codes(day, today, status),
            "label": calendar.day_label(day, today, status, planned),
            "first_in": status.first_in,
            "last_out": status.last_out,
            "break_at": status.break_at,
            "wfh": planned.mode == "wfh" and status.code not in ("-", "TK"),
            "flagged": any(e.flagged for e in events),
            "corrections": asked.get(day, []),
            "verifications": outside.get(day, []),
            "can_correct": is_own and not locked and day <= today and planned.mode in corrections.CORRECTABLE_MODES,
        }
    detail = None
    if chosen is not None:
        planned = result.plan.cells[(employee.pk, chosen)]
        detail = {**cells[chosen], "words": calendar.date_words(chosen), "plan": calendar.plan_words(planned)}
    return {
        "employee": employee,
        "is_own": is_own,
        # The correction pages follow the approvals' scope: the person, their heads and admins.
        "may_open_corrections": is_own or access_for(request).role in (HEAD, ADMIN),
        "first": first,
        "today": today,
        "weeks": [
            [cells.get(day) if day is not None else None for day in week]
            for week in calendar.weeks(first)
        ],
        "detail": detail,
        # The month's corrections and check-ins outside, by day: what is still open, without tapping each day.
        "noted": [cell for cell in cells.values() if cell["corrections"] or cell["verifications"]],
        "totals": totals,
        "late_words": duration(totals.late_minutes),
        "early_words": duration(totals.early_minutes),
        "locked": locked,
        "previous": calendar.previous_month(first),
        "next": calendar.next_month(first),
        "is_current": first == today.replace(day=1),
    }


def _render(request: HtmxHttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The page, or for htmx (a day chosen in the calendar) the calendar with that day's detail: both are
    swapped, so the chosen day's aria-current moves with its detail."""
    template = TEMPLATE + "#calendar" if request.htmx else TEMPLATE
    return render(request, template, context)


@login_required
@vary_on_headers("HX-Request")
def my_month(request: HtmxHttpRequest) -> HttpResponse:
    employee = access_for(request).employee
    if employee is None:
        return redirect("home")
    return _render(request, _month(request, employee, is_own=True))


@login_required
@vary_on_headers("HX-Request")
def employee_month(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """A person's month for the heads above them, operators of their unit and admins (scope: 404)."""
    employee = get_employee_or_404(request, code)
    me = access_for(request).employee
    is_own = me is not None and me.pk == employee.pk
    return _render(request, _month(request, employee, is_own=is_own))
