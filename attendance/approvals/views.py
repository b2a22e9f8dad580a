"""Corrections, and a person's history of requests and decisions.

Staff ask for a correction of a day's check-ins (from their month calendar); the heads above them (and
city admins) approve or reject it inline; an approval adds correcting events
(attendance.approvals.corrections).
"""

import datetime as dt
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from attendance.approvals import corrections
from attendance.approvals.forms import (
    FIELDS_BY_KIND,
    KIND_HELP,
    ApproveForm,
    CorrectionForm,
    RejectForm,
)
from attendance.evaluation.bulk import evaluate
from attendance.models import Correction, MonthLock
from attendance.month import calendar
from policy.models import AuditEvent
from units import clock
from units.access import ADMIN, HEAD, OPERATOR, access_for, get_employee_or_404, own_employee

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
                "label": calendar.day_label(c.date, today, status, result.plan.cells[(c.employee_id, c.date)]),
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
        "attendance/approvals/correction_list.html",
        {"own": own, "rows": rows, "count": pending.count() if rows is not None else 0, "shown": PENDING_SHOWN},
    )


def _day_context(employee, day):
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
                    % {"kind": correction.get_kind_display(), "date": calendar.date_words(correction.date)},
                )
                return redirect("correction_detail", code=correction.code)
    else:
        initial = request.GET.dict()
        if "tanggal" in initial:
            initial["date"] = initial.pop("tanggal")
        form = CorrectionForm(initial=initial, employee=employee)
    template = "attendance/approvals/correction_form.html"
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
    return render(request, "attendance/approvals/correction_detail.html", _detail_context(request, correction))


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
        html = render_to_string("attendance/approvals/correction_list.html#row", {"row": row}, request)
        html += render_to_string(
            "attendance/approvals/correction_list.html#count", {"count": _pending(request).count(), "oob": True}, request
        )
        return HttpResponse(html)
    if any(f.errors for f in forms.values()):
        row = _rows(request, [correction], {correction.pk: forms})[0]
        return render(request, "attendance/approvals/correction_detail.html", _detail_context(request, correction, row))
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


@login_required
def employee_history(request, code):
    """A person's requests and every decision about them (the audit trail, read-only): visible to
    the person, the heads above them and admins."""
    access = access_for(request)
    employee = get_employee_or_404(request, code)
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
