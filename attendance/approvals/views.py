"""Corrections, and a person's history of requests and decisions.

Staff ask for a correction of a day's check-ins (from their month calendar); the heads above them (and
city admins) approve or reject it inline through the shared workflow (policy.approvals, with CORRECTIONS
below); an approval adds correcting events (attendance.approvals.corrections).
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from attendance.approvals import corrections
from attendance.approvals.forms import KIND_HELP, CorrectionForm
from attendance.evaluation.bulk import evaluate
from attendance.models import Correction, MonthLock
from attendance.month import calendar
from policy.approvals.views import own_form
from policy.approvals.workflow import Kind, Row
from policy.models import AuditEvent
from units import clock
from units.access import (
    OPERATOR,
    access_for,
    get_employee_or_404,
    signed_in_user,
)
from units.http import HtmxHttpRequest
from units.models import Employee

PAGE_SIZE = 25
PENDING_SHOWN = 30


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    own = None
    if access.employee is not None:
        own = Paginator(
            Correction.objects.filter(employee=access.employee).order_by("-date", "-created_at"), PAGE_SIZE
        ).get_page(request.GET.get("halaman"))
    pending = CORRECTIONS.pending(request)
    rows = CORRECTIONS.rows(request, pending[:PENDING_SHOWN]) if access.decides else None
    return render(
        request,
        "attendance/approvals/correction_list.html",
        {"own": own, "rows": rows, "count": pending.count() if rows is not None else 0, "shown": PENDING_SHOWN},
    )


def _day_context(employee: Employee, day: dt.date | None) -> dict[str, Any] | None:
    """The day being corrected as it stands now, for the form (one evaluation)."""
    if day is None or day > clock.today():
        return None
    result = evaluate([employee], [day])
    return {
        "date": day,
        "label": calendar.day_label(day, clock.today(), result.status(employee.pk, day), result.plan.cells[(employee.pk, day)]),
        "events": result.checkins.get((employee.pk, day), []),
    }


@login_required
@require_http_methods(["GET", "POST"])
def correction_create(request: HtmxHttpRequest) -> HttpResponse:
    initial = request.GET.dict()
    if "tanggal" in initial:  # from the month calendar
        initial["date"] = initial.pop("tanggal")
    form = own_form(request, CorrectionForm, initial)
    if form.is_valid():
        try:
            correction = corrections.submit(form.employee, signed_in_user(request), form.cleaned_data)
        except corrections.CorrectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Koreksi %(kind)s untuk %(date)s dikirim ke kepala unit.")
                % {"kind": correction.get_kind_display(), "date": calendar.date_words(correction.date)},
            )
            return redirect("correction_detail", code=correction.code)
    template = "attendance/approvals/correction_form.html"
    if request.htmx and request.htmx.target in ("kind-fields", "day-now"):
        template += "#kind_fields" if request.htmx.target == "kind-fields" else "#day"
    day = _day_context(form.employee, _chosen_date(form))
    back = reverse("my_month") + (f"?bulan={day['date']:%Y-%m}" if day else "")  # the calendar of that month
    return render(
        request, template, {"form": form, "employee": form.employee, "kind_help": KIND_HELP, "day": day, "back": back}
    )


def _chosen_date(form: CorrectionForm) -> dt.date | None:
    value = form.data.get("date") if form.is_bound else form.initial.get("date")
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@login_required
def correction_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return CORRECTIONS.detail(request, get_object_or_404(CORRECTIONS.visible(request), code=code))


class Corrections(Kind):
    """Corrections in the shared workflow: a row shows the day as it stands now; in a locked month a
    correction can only be rejected."""

    model = Correction
    template = "attendance/approvals/correction_list.html"
    list_url = "correction_list"
    rejected = gettext_lazy("Koreksi %(name)s ditolak.")
    withdraw_url = "correction_withdraw"
    noun = gettext_lazy("koreksi")
    withdrawn = gettext_lazy("Koreksi ditarik; kepala unit tidak lagi memutuskannya.")

    def facts(self, request: HttpRequest, items: list[Correction]) -> list[dict[str, Any]]:
        """The day's status now and its events (one evaluation for all), and whether its month is locked."""
        employees = list({c.employee_id: c.employee for c in items}.values())
        result = evaluate(employees, sorted({c.date for c in items}))
        locked = set(MonthLock.objects.values_list("year", "month"))
        today = clock.today()
        return [
            {
                "label": calendar.day_label(
                    c.date, today, result.status(c.employee_id, c.date), result.plan.cells[(c.employee_id, c.date)]
                ),
                "events": result.checkins.get((c.employee_id, c.date), []),
                "locked": (c.date.year, c.date.month) in locked,
            }
            for c in items
        ]

    def approve(self, request: HttpRequest, item: Correction, data: dict[str, Any]) -> list[Any]:
        corrections.approve(item, signed_in_user(request), note=data["note"])
        messages.success(
            request, _("Koreksi %(name)s disetujui; status harinya diperbarui.") % {"name": item.employee.full_name}
        )
        return []

    def detail(self, request: HttpRequest, item: Correction, row: Row | None = None) -> HttpResponse:
        """The correction's page: what was asked, what its approval added, its audit trail."""
        trail = (
            AuditEvent.objects.filter(data__correction=str(item.code))
            .select_related("actor__employee", "arrangement")
            .order_by("at", "id")
        )
        context = {
            "correction": item,
            "trail": trail,
            "events": item.events.select_related("corrects").order_by("at", "id"),
            **self.page_context(request, item, row),
        }
        return render(request, "attendance/approvals/correction_detail.html", context)


CORRECTIONS = Corrections()


@login_required
def employee_history(request: HttpRequest, code: UUID) -> HttpResponse:
    """A person's requests and every decision about them (the audit trail, read-only): visible to
    the person, the heads above them and admins."""
    access = access_for(request)
    employee = get_employee_or_404(request, str(code))
    if access.role == OPERATOR and employee != access.employee:
        raise Http404
    events = (
        AuditEvent.objects.filter(employee=employee)
        .select_related("actor__employee", "policy", "arrangement")
        .order_by("-at", "-id")[:200]
    )
    arrangements = employee.arrangements.order_by("-start_date", "-id")[:100]
    return render(
        request,
        "attendance/approvals/employee_history.html",
        {"employee": employee, "events": events, "arrangements": arrangements},
    )
