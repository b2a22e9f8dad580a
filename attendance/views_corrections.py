"""Corrections and the month calendar.

Staff ask for a correction of a day's check-ins (from their month calendar); the heads above them (and
city admins) approve or reject it inline; an approval adds correcting events (attendance.corrections).
The month calendar shows a person's codes from the one bulk evaluation, with totals.
"""

import datetime as dt
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from attendance import calendar as C
from attendance import corrections
from attendance.forms_corrections import (
    FIELDS_BY_KIND,
    KIND_HELP,
    ApproveForm,
    CorrectionForm,
    RejectForm,
)
from attendance.models import Correction, MonthLock
from attendance.services import evaluate
from policy.models import AuditEvent
from units import clock
from units.access import ADMIN, HEAD, access_for, get_employee_or_404, own_employee

PAGE_SIZE = 25
PENDING_SHOWN = 30
Status = Correction.Status


# Scope: the only places that decide who sees and decides which correction (as for requests).


def _visible(request):
    """Corrections the user may read: their own; a head's staff (units below included); admins: all."""
    return Correction.objects.select_related("employee__unit", "decided_by__employee").filter(
        employee__in=access_for(request).readable_people()
    )


def _decidable(request):
    """Corrections the user may decide: heads and admins, in scope, never their own; a head's
    correction goes to the head above or a city admin, never to another head of the same unit."""
    return Correction.objects.select_related("employee__unit").filter(
        employee__in=access_for(request).decidable_people()
    )


def _pending(request):
    return _decidable(request).filter(status=Status.PENDING).order_by("created_at", "id")


# The decision rows: the day as it stands now, and the forms.


def _rows(request, items, bound=None):
    """One row per pending correction, with the day's status now (one evaluation for all)."""
    bound = bound or {}
    if not items:
        return []
    employees = list({c.employee_id: c.employee for c in items}.values())
    result = evaluate(employees, sorted({c.date for c in items}))
    locked = set(MonthLock.objects.values_list("year", "month"))
    today = clock.today()
    rows = []
    for c in items:
        status = result.status(c.employee_id, c.date)
        forms = bound.get(c.pk, {})
        rows.append(
            {
                "correction": c,
                "label": C.day_label(c.date, today, status, result.plan.cells[(c.employee_id, c.date)]),
                "events": result.checkins.get((c.employee_id, c.date), []),
                "locked": (c.date.year, c.date.month) in locked,
                "approve_form": forms.get("approve") or ApproveForm(auto_id=f"id_%s_setujui_{c.pk}"),
                "reject_form": forms.get("reject") or RejectForm(auto_id=f"id_%s_tolak_{c.pk}"),
            }
        )
    return rows


@login_required
def correction_list(request):
    access = access_for(request)
    own = None
    if access.employee is not None:
        own = Paginator(
            Correction.objects.filter(employee=access.employee).order_by("-date", "-created_at"), PAGE_SIZE
        ).get_page(request.GET.get("halaman"))
    pending = _pending(request)
    rows = _rows(request, list(pending[:PENDING_SHOWN])) if access.role in (HEAD, ADMIN) else None
    return render(
        request,
        "attendance/correction_list.html",
        {"own": own, "rows": rows, "count": pending.count() if rows is not None else 0, "shown": PENDING_SHOWN},
    )


def _day_context(employee, day):
    """The day being corrected as it stands now, for the form (one evaluation)."""
    if day is None or day > clock.today():
        return None
    result = evaluate([employee], [day])
    return {
        "date": day,
        "label": C.day_label(day, clock.today(), result.status(employee.pk, day), result.plan.cells[(employee.pk, day)]),
        "events": result.checkins.get((employee.pk, day), []),
    }


@login_required
@require_http_methods(["GET", "POST"])
def correction_create(request):
    employee = own_employee(request)
    if request.method == "POST":
        form = CorrectionForm(request.POST, request.FILES, employee=employee)
        if form.is_valid():
            try:
                correction = corrections.submit(employee, request.user, form.cleaned_data)
            except corrections.CorrectionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Koreksi %(kind)s untuk %(date)s dikirim ke kepala unit.")
                    % {"kind": correction.get_kind_display(), "date": C.date_words(correction.date)},
                )
                return redirect("correction_detail", code=correction.code)
    else:
        initial = request.GET.dict()
        if "tanggal" in initial:
            initial["date"] = initial.pop("tanggal")
        form = CorrectionForm(initial=initial, employee=employee)
    template = "attendance/correction_form.html"
    if request.htmx and request.htmx.target in ("kind-fields", "day-now"):
        template += "#kind_fields" if request.htmx.target == "kind-fields" else "#day"
    return render(
        request,
        template,
        {
            "form": form,
            "employee": employee,
            "kind": form.chosen_kind,
            "kind_help": KIND_HELP,
            "day": _day_context(employee, _chosen_date(form)),
            "needs_fields": FIELDS_BY_KIND,
        },
    )


def _chosen_date(form) -> dt.date | None:
    value = form.data.get("date") if form.is_bound else form.initial.get("date")
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _detail_context(request, correction, row=None):
    access = access_for(request)
    if row is None and correction.status == Status.PENDING and _decidable(request).filter(pk=correction.pk).exists():
        row = _rows(request, [correction])[0]
    trail = (
        AuditEvent.objects.filter(data__correction=str(correction.code))
        .select_related("actor__employee", "arrangement")
        .order_by("at", "id")
    )
    return {
        "correction": correction,
        "row": row,
        "trail": trail,
        "events": correction.events.select_related("corrects").order_by("at", "id"),
        "is_own": access.employee is not None and access.employee.pk == correction.employee_id,
    }


@login_required
def correction_detail(request, code):
    correction = get_object_or_404(_visible(request), code=code)
    return render(request, "attendance/correction_detail.html", _detail_context(request, correction))


@login_required
def correction_attachment(request, code):
    correction = get_object_or_404(_visible(request), code=code)
    if not correction.attachment:
        raise Http404
    suffix = PurePath(correction.attachment.name).suffix
    return FileResponse(
        correction.attachment.open("rb"), as_attachment=True, filename=f"lampiran-koreksi-{correction.code}{suffix}"
    )


def _decided(request, correction, forms):
    """After a decision: the row again (htmx), the correction's page (a form error, without
    JavaScript), or back to where the head decided."""
    if request.htmx:
        correction.refresh_from_db()
        if correction.status == Status.PENDING:
            row = _rows(request, [correction], {correction.pk: forms})[0]
        else:
            row = {"correction": correction, "decided": True}
        html = render_to_string("attendance/correction_list.html#row", {"row": row}, request)
        html += render_to_string(
            "attendance/correction_list.html#count", {"count": _pending(request).count(), "oob": True}, request
        )
        return HttpResponse(html)
    if any(f.errors for f in forms.values()):
        row = _rows(request, [correction], {correction.pk: forms})[0]
        return render(request, "attendance/correction_detail.html", _detail_context(request, correction, row))
    if request.POST.get("kembali") == "rincian":
        return redirect("correction_detail", code=correction.code)
    return redirect("correction_list")


@login_required
@require_POST
def correction_approve(request, code):
    correction = get_object_or_404(_decidable(request), code=code)
    form = ApproveForm(request.POST, auto_id=f"id_%s_setujui_{correction.pk}")
    if not form.is_valid():
        return _decided(request, correction, {"approve": form})
    try:
        corrections.approve(correction, request.user, note=form.cleaned_data["note"])
    except corrections.CorrectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Koreksi %(name)s disetujui; status harinya diperbarui.") % {"name": correction.employee.full_name}
        )
    return _decided(request, correction, {})


@login_required
@require_POST
def correction_reject(request, code):
    correction = get_object_or_404(_decidable(request), code=code)
    form = RejectForm(request.POST, auto_id=f"id_%s_tolak_{correction.pk}")
    if not form.is_valid():
        return _decided(request, correction, {"reject": form})
    try:
        corrections.reject(correction, request.user, note=form.cleaned_data["note"])
    except corrections.CorrectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Koreksi %(name)s ditolak.") % {"name": correction.employee.full_name})
    return _decided(request, correction, {})


# The month calendar.


def _month(request, employee, *, is_own):
    today = clock.today()
    first = C.parse_month(request.GET.get("bulan"), today)
    days = C.month_days(first)
    result = evaluate([employee], days)
    locked = MonthLock.is_locked(first)
    asked = {}
    for c in Correction.objects.filter(employee=employee, date__range=(days[0], days[-1])).order_by("created_at"):
        asked.setdefault(c.date, []).append(c)
    statuses = {day: result.status(employee.pk, day) for day in days}
    totals = C.totals(statuses, today)
    cells = {}
    for day in days:
        planned = result.plan.cells[(employee.pk, day)]
        status = statuses[day]
        events = result.checkins.get((employee.pk, day), [])
        cells[day] = {
            "date": day,
            "today": day == today,
            "code": status.code,
            "label": C.day_label(day, today, status, planned),
            "first_in": status.first_in,
            "last_out": status.last_out,
            "wfh": planned.mode == "wfh" and status.code not in ("-", "TK"),
            "flagged": any(e.flagged for e in events),
            "corrections": asked.get(day, []),
            "can_correct": is_own and not locked and day <= today and planned.mode in corrections.CORRECTABLE_MODES,
        }
    return {
        "employee": employee,
        "is_own": is_own,
        # The correction pages follow the approvals' scope: the person, their heads and admins.
        "may_open_corrections": is_own or access_for(request).role in (HEAD, ADMIN),
        "first": first,
        "today": today,
        "weeks": [[cells.get(day) for day in week] for week in C.weeks(first)],
        "totals": totals,
        "late_words": C.duration_words(totals.late_minutes),
        "early_words": C.duration_words(totals.early_minutes),
        "locked": locked,
        "previous": C.previous_month(first),
        "next": C.next_month(first),
        "is_current": first == today.replace(day=1),
    }


@login_required
def my_month(request):
    employee = access_for(request).employee
    if employee is None:
        return redirect("home")
    context = _month(request, employee, is_own=True)
    return render(request, "attendance/month.html", context)


@login_required
def employee_month(request, code):
    """A person's month for the heads above them, operators of their unit and admins (scope: 404)."""
    employee = get_employee_or_404(request, code)
    is_own = access_for(request).employee is not None and access_for(request).employee.pk == employee.pk
    return render(request, "attendance/month.html", _month(request, employee, is_own=is_own))


urlpatterns = [
    path("koreksi/", correction_list, name="correction_list"),
    path("koreksi/baru/", correction_create, name="correction_create"),
    path("koreksi/<uuid:code>/", correction_detail, name="correction_detail"),
    path("koreksi/<uuid:code>/lampiran/", correction_attachment, name="correction_attachment"),
    path("koreksi/<uuid:code>/setujui/", correction_approve, name="correction_approve"),
    path("koreksi/<uuid:code>/tolak/", correction_reject, name="correction_reject"),
    path("saya/bulan/", my_month, name="my_month"),
    path("pegawai/<uuid:code>/bulan/", employee_month, name="employee_month"),
]
