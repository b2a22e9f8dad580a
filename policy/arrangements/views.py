"""Requests and approvals: staff ask for WFH/WFA, dinas luar, cuti, sakit or izin; unit heads (and city
admins) approve or reject through the shared workflow (policy.approvals, with REQUESTS below); every step
is recorded in the audit trail and shown on the request's page."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from policy.approvals.views import own_form
from policy.approvals.workflow import Kind, Row
from policy.arrangements import requests, rules
from policy.arrangements.forms import RequestForm
from policy.models import Arrangement
from units import clock
from units.access import access_for, decider_required, own_employee, signed_in_user
from units.http import HtmxHttpRequest

PAGE_SIZE = 25


# Staff: their own requests.


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
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
def request_create(request: HtmxHttpRequest) -> HttpResponse:
    form = own_form(request, RequestForm, request.GET.dict())
    if form.is_valid():
        assert form.checked is not None  # a valid form was checked
        arrangement = requests.submit(
            form.employee, signed_in_user(request), form.cleaned_data, form.checked.days
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
    template = "policy/arrangements/form.html"
    if request.htmx and request.htmx.target == "kind-fields":
        template += "#kind_fields"
    else:
        form.offer_allowed_kinds(clock.today())
    leave = None
    if form.chosen_kind == Arrangement.Kind.CUTI:
        leave = requests.leave_balance(form.employee, clock.today().year)
    return render(request, template, {"form": form, "employee": form.employee, "leave": leave})


@login_required
def request_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return REQUESTS.detail(request, get_object_or_404(REQUESTS.visible(request), code=code))


@login_required
@require_http_methods(["GET", "POST"])
def request_cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    employee = own_employee(request)
    arrangement = get_object_or_404(Arrangement.objects.filter(employee=employee), code=code)
    if request.method == "POST":
        try:
            requests.cancel(arrangement, signed_in_user(request))
        except requests.RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Pengajuan dibatalkan."))
        return redirect("request_detail", code=arrangement.code)
    if not requests.can_cancel(arrangement, clock.today()):
        messages.error(
            request,
            _(
                "Pengajuan ini tidak dapat dibatalkan: hanya pengajuan yang disetujui, sebelum hari pertamanya, "
                "yang dapat dibatalkan. Pengajuan yang masih menunggu dapat ditarik."
            ),
        )
        return redirect("request_detail", code=arrangement.code)
    return render(request, "policy/arrangements/cancel.html", {"arrangement": arrangement})


# Heads and city admins: pending requests in scope, oldest first, decided through policy.approvals.


class Requests(Kind):
    """Requests in the shared workflow: a row shows the rules' findings now, and a city admin may
    approve a blocked request with a written reason."""

    model = Arrangement
    template = "policy/arrangements/approval_list.html"
    list_url = "approval_list"
    rejected = gettext_lazy("Pengajuan %(name)s ditolak.")
    withdraw_url = "request_withdraw"
    noun = gettext_lazy("pengajuan")
    withdrawn = gettext_lazy("Pengajuan ditarik; kepala unit tidak lagi memutuskannya.")

    def facts(self, request: HttpRequest, items: list[Arrangement]) -> list[dict[str, Any]]:
        """The working days and the findings of the rules now (one check for all)."""
        checked = requests.findings_for([requests.candidate_for(a) for a in items])
        may_override = access_for(request).is_admin
        return [
            {
                "days": item.days,
                "findings": item.findings,
                "blocked": bool(item.blocking),
                "may_override": may_override,
            }
            for item in checked
        ]

    def approve(self, request: HttpRequest, item: Arrangement, data: dict[str, Any]) -> list[rules.Finding]:
        """The rules again, then the approval; a city admin's written reason overrides a block."""
        approval = requests.approve(
            item,
            signed_in_user(request),
            note=data["note"],
            override_reason=data["override_reason"],
            may_override=access_for(request).is_admin,
        )
        name = {"name": item.employee.full_name}
        if not approval.approved:
            return approval.findings
        if approval.overridden:
            messages.warning(
                request, _("Pengajuan %(name)s disetujui dengan pengecualian; alasannya dicatat.") % name
            )
        else:
            messages.success(request, _("Pengajuan %(name)s disetujui.") % name)
        return []

    def detail(self, request: HttpRequest, item: Arrangement, row: Row | None = None) -> HttpResponse:
        """The request's page: its details, its audit trail, the person's other requests."""
        history = (
            Arrangement.objects.filter(employee=item.employee).exclude(pk=item.pk).order_by("-start_date")[:20]
        )
        context = {
            "arrangement": item,
            "history": history,
            "events": item.audit.select_related("actor__employee").order_by("at", "id"),
            "can_cancel": requests.can_cancel(item, clock.today()),
            **self.page_context(request, item, row),
        }
        return render(request, "policy/arrangements/detail.html", context)


REQUESTS = Requests()


@decider_required
def approval_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(REQUESTS.pending(request), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "policy/arrangements/approval_list.html",
        {"page": page, "rows": REQUESTS.rows(request, list(page.object_list))},
    )
