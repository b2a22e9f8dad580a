"""Check-ins outside every place of the day: the heads above the person (and city admins) accept or reject
the reason through the shared workflow (policy.approvals, with VERIFICATIONS below); the person sees the
decision and why, on their list and on each check-in's page.

A verification is opened by the check-in itself (attendance.verification.opening) and decided here
(attendance.verification.decisions); the evaluation counts the check-in only once accepted.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.checkin import geo, recording
from attendance.evaluation.bulk import evaluate
from attendance.integrity.views import open_cases
from attendance.models import CheckIn, MonthLock, Verification
from attendance.month import calendar
from attendance.verification import decisions
from policy.approvals.decision import DecisionError
from policy.approvals.workflow import Kind, Row
from policy.models import AuditEvent
from policy.plan import day_plan
from units import clock
from units.access import ADMIN, HEAD, access_for, signed_in_user

PAGE_SIZE = 25
PENDING_SHOWN = 30


def nearest_place(checkin: CheckIn, cell: day_plan.PlannedDay) -> str:
    """The name of the place of the day the check-in was nearest to ("" without a position, or when the
    day has no place): the check-in's own place_name when it has one, else the places of its day
    (attendance.checkin.recording.fences_for) measured from its position."""
    if checkin.place_name:
        return checkin.place_name
    if checkin.latitude is None or checkin.longitude is None:
        return ""
    fences = recording.fences_for(checkin.employee, cell)
    if not fences:
        return ""
    here = (float(checkin.latitude), float(checkin.longitude))
    return min(fences, key=lambda f: geo.distance_m(*here, f.latitude, f.longitude) - f.radius_m).name


class Verifications(Kind):
    """Check-ins outside every place in the shared workflow: a row shows the check-in (time, moment,
    distance, accuracy, the place it was nearest, the reason) and the day as it stands now; in a locked
    month it can be decided no more."""

    model = Verification
    template = "attendance/verification/list.html"
    list_url = "verification_list"
    rejected = gettext_lazy("Presensi %(name)s di luar radius ditolak: tidak dihitung.")

    def visible(self, request: HttpRequest) -> QuerySet[Any]:
        return super().visible(request).select_related("checkin")

    def decidable(self, request: HttpRequest) -> QuerySet[Any]:
        return super().decidable(request).select_related("checkin")

    def facts(self, request: HttpRequest, items: list[Verification]) -> list[dict[str, Any]]:
        """The day's status now (one evaluation for all), the place each check-in was nearest, and whether
        its month is locked."""
        employees = list({v.employee_id: v.employee for v in items}.values())
        result = evaluate(employees, sorted({v.date for v in items}))
        locked = set(MonthLock.objects.values_list("year", "month"))
        today = clock.today()
        found = []
        for v in items:
            cell = result.plan.cells[(v.employee_id, v.date)]
            v.checkin.employee = v.employee  # loaded with the verification: no query for the places
            found.append(
                {
                    "label": calendar.day_label(v.date, today, result.status(v.employee_id, v.date), cell),
                    "place": nearest_place(v.checkin, cell),
                    "locked": (v.date.year, v.date.month) in locked,
                }
            )
        return found

    def approve(self, request: HttpRequest, item: Verification, data: dict[str, Any]) -> list[Any]:
        decisions.approve(item, signed_in_user(request), note=data["note"])
        messages.success(
            request,
            _("Presensi %(name)s di luar radius diterima: hari itu dihitung dengan jam presensinya.")
            % {"name": item.employee.full_name},
        )
        return []

    def reject(self, request: HttpRequest, item: Verification, data: dict[str, Any]) -> list[Any]:
        problem = decisions.refusal(item)
        if problem:
            raise DecisionError(problem)
        return super().reject(request, item, data)

    def detail(self, request: HttpRequest, item: Verification, row: Row | None = None) -> HttpResponse:
        """The check-in's page: where and why, the decision and its note, the day now, the audit trail."""
        result = evaluate([item.employee], [item.date])
        cell = result.plan.cells[(item.employee_id, item.date)]
        item.checkin.employee = item.employee
        context = {
            "verification": item,
            "checkin": item.checkin,
            "place": nearest_place(item.checkin, cell),
            "label": calendar.day_label(item.date, clock.today(), result.status(item.employee_id, item.date), cell),
            "trail": AuditEvent.objects.filter(data__verification=str(item.code))
            .select_related("actor__employee")
            .order_by("at", "id"),
            **self.page_context(request, item, row),
        }
        return render(request, "attendance/verification/detail.html", context)


VERIFICATIONS = Verifications()


@login_required
def verification_list(request: HttpRequest) -> HttpResponse:
    """A person's own check-ins outside every place with their decisions; for heads and admins, also
    those waiting for them, oldest first."""
    access = access_for(request)
    own = None
    if access.employee is not None:
        mine = Verification.objects.filter(employee=access.employee).select_related("checkin")
        own = Paginator(mine.order_by("-date", "-created_at"), PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows, count, suspicious = None, 0, 0
    if access.decides:
        pending = VERIFICATIONS.pending(request)
        rows = VERIFICATIONS.rows(request, pending[:PENDING_SHOWN])
        count = pending.count()
    if access.role in (HEAD, ADMIN):
        suspicious = open_cases(access).count()  # attendance.integrity: spoofing signals waiting for a review
    return render(
        request,
        "attendance/verification/list.html",
        {"own": own, "rows": rows, "count": count, "shown": PENDING_SHOWN, "suspicious": suspicious},
    )


@login_required
def verification_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return VERIFICATIONS.detail(request, get_object_or_404(VERIFICATIONS.visible(request), code=code))
