"""Presensi mencurigakan (issue 15): the people whose check-ins show spoofing signals (attendance.integrity
.scoring), for BKPSDM (the whole city) and heads (their units), with each signal's reason in words, a drill-down
to the check-ins it rests on, and "Tandai sudah ditinjau" (audited). Nobody sees or reviews their own case."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attendance.integrity.forms import ALL, OPEN, CaseFilterForm, ReviewForm
from attendance.integrity.signals import LABELS
from attendance.models import CheckIn, IntegrityRules, SuspicionCase
from policy import audit
from policy.models import AuditEvent
from units import clock
from units.access import ADMIN, HEAD, Access, access_for, role_required, signed_in_user

PAGE_SIZE = 25


def cases_for(access: Access):
    """The cases of the units the viewer sees, never their own."""
    found = SuspicionCase.objects.filter(unit__in=access.units())
    if access.employee is not None:
        found = found.exclude(employee=access.employee)
    return found


def open_cases(access: Access):
    """The cases waiting for the viewer's review (their units', never their own)."""
    return cases_for(access).filter(reviewed_at__isnull=True)


def labelled(case: SuspicionCase) -> list[dict]:
    return [{**signal, "label": LABELS.get(signal["kind"], signal["kind"])} for signal in case.signals]


@role_required(ADMIN, HEAD)
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    status = form.chosen()
    access = access_for(request)
    if status == OPEN:
        cases = open_cases(access).order_by("-scored_at", "-id")
    elif status == ALL:
        cases = cases_for(access)
    else:
        cases = cases_for(access).filter(reviewed_at__isnull=False).order_by("-reviewed_at", "-id")
    cases = cases.select_related("employee", "unit", "reviewed_by")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [{"case": case, "signals": labelled(case)} for case in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "status": status, "period_days": IntegrityRules.current().period_days}
    return render(request, "attendance/integrity/list.html", context)


def _case(request: HttpRequest, pk: int) -> SuspicionCase:
    case = get_object_or_404(SuspicionCase.objects.select_related("employee", "unit", "reviewed_by"), pk=pk)
    access = access_for(request)
    if not access.sees_unit(case.unit) or case.employee_id == getattr(access.employee, "pk", None):
        raise Http404
    return case


@role_required(ADMIN, HEAD)
def case_detail(request: HttpRequest, pk: int, form: ReviewForm | None = None) -> HttpResponse:
    case = _case(request, pk)
    signals = labelled(case)
    marks: dict[int, list[str]] = {}
    for signal in signals:
        for checkin in signal["checkins"]:
            marks.setdefault(checkin, []).append(str(signal["label"]))
    rows = [
        {"checkin": c, "signals": marks.get(c.pk, [])}
        for c in CheckIn.objects.filter(pk__in=case.checkin_ids(), employee=case.employee).order_by("at")
    ]
    context = {"case": case, "signals": signals, "rows": rows, "form": form or ReviewForm()}
    return render(request, "attendance/integrity/detail.html", context, status=400 if form is not None else 200)


@role_required(ADMIN, HEAD)
@require_POST
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return case_detail(request, pk, form)
    user = signed_in_user(request)
    note = form.cleaned_data["note"]
    won = SuspicionCase.objects.filter(pk=case.pk, reviewed_at__isnull=True).update(
        reviewed_by=user, reviewed_at=clock.now(), review_note=note
    )
    if won:
        audit.record(
            user, AuditEvent.Action.SUSPICION_REVIEWED, employee=case.employee, note=note,
            case=case.pk, signals=[s["kind"] for s in case.signals], checkins=case.checkin_ids(),
        )
        messages.success(request, _("Presensi %(name)s ditandai sudah ditinjau.") % {"name": case.employee.full_name})
    else:
        messages.info(request, _("Kasus ini sudah ditinjau orang lain."))
    return redirect("suspicion_list")
