"""Shift swap pages: a person's swaps and the proposal form, the swap's page (where the partner accepts or
declines and a head decides), and the heads' list of swaps waiting for them (the workflow's Kind: SWAPS)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from policy.approvals.decision import DecisionError
from policy.approvals.views import own_form
from policy.approvals.workflow import Kind, Row
from policy.models import AuditEvent, ShiftSwap
from policy.swaps import services
from policy.swaps.forms import AnswerForm, SwapForm
from units import clock
from units.access import (
    access_for,
    decider_required,
    own_employee,
    signed_in_user,
)

PAGE_SIZE = 25
RELATED = ("employee__unit", "partner", "shift", "partner_shift", "decided_by__employee")


class Swaps(Kind):
    """Swaps in the shared workflow: pending once the partner accepted; a row shows the rules now (one plan
    for all the rows). Both people read the swap; a head never decides one they are part of."""

    model = ShiftSwap
    template = "policy/swaps/approval_list.html"
    list_url = "swap_approval_list"
    rejected = gettext_lazy("Tukar shift %(name)s ditolak.")

    def visible(self, request: HttpRequest) -> QuerySet[Any]:
        readable = access_for(request).readable_people()
        return self._all().select_related(*RELATED).filter(Q(employee__in=readable) | Q(partner__in=readable))

    def decidable(self, request: HttpRequest) -> QuerySet[Any]:
        found = super().decidable(request).select_related(*RELATED)
        me = access_for(request).employee
        return found.exclude(partner=me) if me is not None else found

    def facts(self, request: HttpRequest, items: list[ShiftSwap]) -> list[dict[str, Any]]:
        proposals = [services.Proposal.of(item) for item in items]
        gathered = services.gather(proposals)
        today = clock.today()
        return [{"findings": services.find(gathered, p, today).refusals} for p in proposals]

    def approve(self, request: HttpRequest, item: ShiftSwap, data: dict[str, Any]) -> list[str]:
        refusals = services.approve(item, signed_in_user(request), note=data["note"])
        if not refusals:
            messages.success(
                request,
                _("Tukar shift %(a)s dan %(b)s disetujui; rencana keduanya sudah diperbarui.")
                % {"a": item.employee.full_name, "b": item.partner.full_name},
            )
        return refusals

    def reject(self, request: HttpRequest, item: ShiftSwap, data: dict[str, Any]) -> list[Any]:
        refused = super().reject(request, item, data)
        item.refresh_from_db()
        services.tell_partner(item)
        return refused

    def detail(self, request: HttpRequest, item: ShiftSwap, row: Row | None = None) -> HttpResponse:
        me = access_for(request).employee
        context = {
            "swap": item,
            "events": AuditEvent.objects.filter(data__swap=str(item.code))
            .select_related("actor__employee")
            .order_by("at", "id"),
            "answer_form": AnswerForm() if me is not None and me.pk == item.partner_id else None,
            **self.page_context(request, item, row),
        }
        return render(request, "policy/swaps/detail.html", context)


SWAPS = Swaps()


@login_required
def swap_list(request: HttpRequest) -> HttpResponse:
    """The person's swaps, proposed or asked of them, the newest first; those waiting for their answer on top."""
    employee = own_employee(request)
    mine = ShiftSwap.objects.filter(Q(employee=employee) | Q(partner=employee)).select_related(*RELATED)
    asked = list(mine.filter(partner=employee, status=ShiftSwap.Status.PROPOSED).order_by("created_at"))
    page = Paginator(mine.exclude(pk__in=[s.pk for s in asked]).order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "policy/swaps/list.html",
        {"employee": employee, "asked": asked, "page": page, "answer_form": AnswerForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def swap_create(request: HttpRequest) -> HttpResponse:
    form = own_form(request, SwapForm, request.GET.dict())
    if form.is_valid():
        assert form.finding is not None  # a valid form was checked
        swap = services.propose(form.employee, signed_in_user(request), form.cleaned_data, form.finding)
        messages.success(
            request,
            _("Usulan tukar shift dikirim ke %(name)s; setelah ia menerima, kepala unit memutuskan.")
            % {"name": swap.partner.full_name},
        )
        return redirect("swap_detail", code=swap.code)
    return render(request, "policy/swaps/form.html", {"form": form, "employee": form.employee})


@login_required
def swap_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return SWAPS.detail(request, get_object_or_404(SWAPS.visible(request), code=code))


def _answer(request: HttpRequest, code: UUID, *, accept: bool) -> HttpResponse:
    """The partner's answer (only theirs: 404 for anyone else)."""
    swap = get_object_or_404(ShiftSwap.objects.filter(partner=own_employee(request)).select_related(*RELATED), code=code)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Catatan terlalu panjang (paling banyak 2000 karakter)."))
        return redirect("swap_detail", code=swap.code)
    try:
        services.answer(swap, signed_in_user(request), accept=accept, note=form.cleaned_data["note"])
    except DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Anda menerima tukar shift ini; kini menunggu keputusan kepala unit.")
            if accept
            else _("Anda menolak tukar shift ini; %(name)s diberi tahu.") % {"name": swap.employee.full_name},
        )
    return redirect("swap_detail", code=swap.code)


@login_required
@require_POST
def swap_accept(request: HttpRequest, code: UUID) -> HttpResponse:
    return _answer(request, code, accept=True)


@login_required
@require_POST
def swap_decline(request: HttpRequest, code: UUID) -> HttpResponse:
    return _answer(request, code, accept=False)


@decider_required
def swap_approval_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(SWAPS.pending(request), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        SWAPS.template,
        {"page": page, "rows": SWAPS.rows(request, list(page.object_list))},
    )
