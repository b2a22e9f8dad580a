"""Requests and approvals: staff ask for WFH/WFA, dinas luar, cuti, sakit or izin; unit heads (and city
admins) approve or reject; every step is recorded in the audit trail and shown on the request's page."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policy.arrangements import requests, rules
from policy.arrangements.forms import FIELDS_BY_KIND, ApproveForm, RejectForm, RequestForm
from policy.models import Arrangement
from units import clock
from units.access import ADMIN, HEAD, access_for, own_employee, role_required

PAGE_SIZE = 25
Status = Arrangement.Status


# Scope: the only places that decide who sees and decides which request.


def _visible(request):
    """Requests the user may read: their own; a head's staff (units below included); admins: all."""
    return Arrangement.objects.select_related("employee__unit", "decided_by__employee").filter(
        employee__in=access_for(request).readable_people()
    )


def _decidable(request):
    """Requests the user may decide: in their scope, never their own; a head's request goes to the
    head above or a city admin, never to another head of the same unit."""
    return Arrangement.objects.select_related("employee__unit").filter(
        employee__in=access_for(request).decidable_people()
    )


def _may_decide(request, arrangement) -> bool:
    access = access_for(request)
    if access.role not in (HEAD, ADMIN) or arrangement.status != Status.PENDING:
        return False
    return _decidable(request).filter(pk=arrangement.pk).exists()


# Staff: their own requests.


@login_required
def request_list(request):
    employee = own_employee(request)
    today = clock.today()
    page = Paginator(
        Arrangement.objects.filter(employee=employee).order_by("-start_date", "-created_at"),
        PAGE_SIZE,
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "policy/arrangements/list.html",
        {
            "employee": employee,
            "page": page,
            "today": today,
            "leave": requests.leave_balance(employee, today.year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    employee = own_employee(request)
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES, employee=employee)
        if form.is_valid():
            arrangement = requests.submit(
                employee, request.user, form.cleaned_data, form.checked.days
            )
            messages.success(
                request,
                _("Pengajuan %(kind)s untuk %(dates)s dikirim ke kepala unit.")
                % {
                    "kind": arrangement.get_kind_display(),
                    "dates": rules.range_text(arrangement.start_date, arrangement.end_date),
                },
            )
            for finding in form.checked.findings:
                messages.warning(request, finding.message)
            return redirect("request_detail", code=arrangement.code)
    else:
        form = RequestForm(initial=request.GET.dict(), employee=employee)
    template = "policy/arrangements/form.html"
    if request.htmx and request.htmx.target == "kind-fields":
        template += "#kind_fields"
    kind = form.chosen_kind
    return render(
        request,
        template,
        {
            "form": form,
            "employee": employee,
            "kind": kind,
            "leave": requests.leave_balance(employee, clock.today().year)
            if kind == Arrangement.Kind.CUTI
            else None,
            "needs_fields": FIELDS_BY_KIND,
        },
    )


def _detail_context(request, arrangement, row=None):
    access = access_for(request)
    history = (
        Arrangement.objects.filter(employee=arrangement.employee)
        .exclude(pk=arrangement.pk)
        .order_by("-start_date")[:20]
    )
    if row is None and _may_decide(request, arrangement):
        row = _rows(request, [arrangement])[0]
    return {
        "arrangement": arrangement,
        "history": history,
        "row": row,
        "events": arrangement.audit.select_related("actor__employee").order_by("at", "id"),
        "is_own": access.employee is not None and access.employee.pk == arrangement.employee_id,
        "can_cancel": requests.can_cancel(arrangement, clock.today()),
    }


@login_required
def request_detail(request, code):
    arrangement = get_object_or_404(_visible(request), code=code)
    return render(request, "policy/arrangements/detail.html", _detail_context(request, arrangement))


@login_required
def request_letter(request, code):
    arrangement = get_object_or_404(_visible(request), code=code)
    if not arrangement.attachment:
        raise Http404
    suffix = PurePath(arrangement.attachment.name).suffix
    return FileResponse(
        arrangement.attachment.open("rb"),
        as_attachment=True,
        filename=f"surat-{arrangement.code}{suffix}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_cancel(request, code):
    employee = own_employee(request)
    arrangement = get_object_or_404(Arrangement.objects.filter(employee=employee), code=code)
    if request.method == "POST":
        try:
            requests.cancel(arrangement, request.user)
        except requests.RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Pengajuan dibatalkan."))
        return redirect("request_detail", code=arrangement.code)
    if not requests.can_cancel(arrangement, clock.today()):
        messages.error(
            request,
            _(
                "Pengajuan ini tidak dapat dibatalkan: hanya pengajuan yang menunggu atau disetujui, sebelum hari "
                "pertamanya, yang dapat dibatalkan."
            ),
        )
        return redirect("request_detail", code=arrangement.code)
    return render(request, "policy/arrangements/cancel.html", {"arrangement": arrangement})


# Heads and city admins: pending requests in scope, oldest first.


def _rows(request, arrangements, bound=None):
    """One row per pending request: its findings computed now, and the decision forms."""
    bound = bound or {}
    checked = requests.findings_for([requests.candidate_for(a) for a in arrangements])
    rows = []
    for arrangement, item in zip(arrangements, checked, strict=True):
        forms = bound.get(arrangement.pk, {})
        rows.append(
            {
                "arrangement": arrangement,
                "days": item.days,
                "findings": item.findings,
                "blocked": bool(item.blocking),
                "approve_form": forms.get("approve")
                or ApproveForm(auto_id=f"id_%s_setujui_{arrangement.pk}"),
                "reject_form": forms.get("reject")
                or RejectForm(auto_id=f"id_%s_tolak_{arrangement.pk}"),
                "refusal": forms.get("refusal", []),
                "may_override": access_for(request).is_admin,
            }
        )
    return rows


@role_required(HEAD, ADMIN)
def approval_list(request):
    pending = _decidable(request).filter(status=Status.PENDING).order_by("created_at", "id")
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "policy/arrangements/approval_list.html",
        {
            "page": page,
            "rows": _rows(request, list(page.object_list)),
        },
    )


def _decided(request, arrangement, forms):
    """After a decision: the row again (htmx), the request's page (a refusal, without JavaScript),
    or back to the list."""
    if request.htmx:
        arrangement.refresh_from_db()
        if arrangement.status == Status.PENDING:
            row = _rows(request, [arrangement], {arrangement.pk: forms})[0]
        else:
            row = {"arrangement": arrangement, "decided": True}
        count = _decidable(request).filter(status=Status.PENDING).count()
        html = render_to_string("policy/arrangements/approval_list.html#row", {"row": row}, request)
        html += render_to_string(
            "policy/arrangements/approval_list.html#count", {"count": count, "oob": True}, request
        )
        return HttpResponse(html)
    if forms.get("refusal") or any(
        f.errors for f in (forms.get("approve"), forms.get("reject")) if f
    ):
        arrangement = _visible(request).get(pk=arrangement.pk)
        row = _rows(request, [arrangement], {arrangement.pk: forms})[0]
        return render(
            request, "policy/arrangements/detail.html", _detail_context(request, arrangement, row)
        )
    if request.POST.get("kembali") == "rincian":
        return redirect("request_detail", code=arrangement.code)
    return redirect("approval_list")


@role_required(HEAD, ADMIN)
@require_POST
def approval_approve(request, code):
    arrangement = get_object_or_404(_decidable(request), code=code)
    form = ApproveForm(request.POST, auto_id=f"id_%s_setujui_{arrangement.pk}")
    form.is_valid()
    try:
        decision = requests.approve(
            arrangement,
            request.user,
            note=form.cleaned_data.get("note", ""),
            override_reason=form.cleaned_data.get("override_reason", ""),
            may_override=access_for(request).is_admin,
        )
    except requests.RequestError as error:
        messages.error(request, str(error))
        return _decided(request, arrangement, {})
    if not decision.approved:
        return _decided(request, arrangement, {"approve": form, "refusal": decision.findings})
    if decision.overridden:
        messages.warning(
            request,
            _("Pengajuan %(name)s disetujui dengan pengecualian; alasannya dicatat.")
            % {"name": arrangement.employee.full_name},
        )
    else:
        messages.success(
            request, _("Pengajuan %(name)s disetujui.") % {"name": arrangement.employee.full_name}
        )
    return _decided(request, arrangement, {})


@role_required(HEAD, ADMIN)
@require_POST
def approval_reject(request, code):
    arrangement = get_object_or_404(_decidable(request), code=code)
    form = RejectForm(request.POST, auto_id=f"id_%s_tolak_{arrangement.pk}")
    if not form.is_valid():
        return _decided(request, arrangement, {"reject": form})
    try:
        requests.reject(arrangement, request.user, note=form.cleaned_data["note"])
    except requests.RequestError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Pengajuan %(name)s ditolak.") % {"name": arrangement.employee.full_name}
        )
    return _decided(request, arrangement, {})
