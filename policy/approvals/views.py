"""The endpoints of every kind: approve, reject, withdraw, download the attachment. A kind's urls.py
names them with its own addresses and passes its Kind as the URL's keyword
(`path(..., views.approve, {"kind": REQUESTS}, name=...)`; the download also its file's name). Also the
start of every kind's submit view (`own_form`)."""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any, TypeVar
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from policy.approvals.decision import Decision, DecisionError
from policy.approvals.forms import decision_form
from policy.approvals.workflow import Bound, Kind, withdraw_pending
from units.access import decider_required, own_employee, signed_in_user
from units.http import HtmxHttpRequest

SubmitForm = TypeVar("SubmitForm")


def own_form(request: HttpRequest, form_class: Callable[..., SubmitForm], initial: dict[str, Any]) -> SubmitForm:
    """The signed-in person's form to ask for something (its `employee`): bound to what they posted, or
    filled in from `initial` (the address's query); 403 for an account without an employee."""
    employee = own_employee(request)
    if request.method == "POST":
        return form_class(request.POST, request.FILES, employee=employee)
    return form_class(initial=initial, employee=employee)


@login_required
def download(request: HttpRequest, code: UUID, kind: Kind, file_name: str) -> FileResponse:
    """The attachment, for whoever may read the item, as f"{file_name}-{code}.pdf" (or .jpg, .png);
    always downloaded, never shown inline."""
    item = get_object_or_404(kind.visible(request), code=code)
    if not item.attachment:
        raise Http404
    suffix = PurePath(item.attachment.name).suffix
    return FileResponse(
        item.attachment.open("rb"),
        as_attachment=True,
        filename=f"{file_name}-{item.code}{suffix}",
    )


def _decided(request: HtmxHttpRequest, kind: Kind, item: Decision, forms: Bound) -> HttpResponse:
    """After a decision: the row again and the pending count (htmx); the item's page with the row (a
    refusal or a form error, without JavaScript); else back to the item's page or the list."""
    if request.htmx:
        item.refresh_from_db()
        if item.status == item.Status.PENDING:
            row = kind.rows(request, [item], {item.pk: forms})[0]
        else:
            row = {"item": item, "decided": True}
        html = render_to_string(f"{kind.template}#row", {"row": row}, request)
        html += render_to_string(
            f"{kind.template}#count",
            {"count": kind.pending(request).count(), "oob": True},
            request,
        )
        return HttpResponse(html)
    if forms.get("refusal") or any(form.errors for key, form in forms.items() if key != "refusal"):
        item = kind.visible(request).get(pk=item.pk)
        return kind.detail(request, item, kind.rows(request, [item], {item.pk: forms})[0])
    if request.POST.get("kembali") == "rincian":
        return redirect(item.page_url())
    return redirect(kind.list_url)


def _decide(request: HtmxHttpRequest, kind: Kind, code: UUID, decision: str) -> HttpResponse:
    """Approve or reject (`decision`) with the posted form, then answer as _decided says."""
    item = get_object_or_404(kind.decidable(request), code=code)
    form = decision_form(decision, item, request.POST)
    if not form.is_valid():
        return _decided(request, kind, item, {decision: form})
    act = kind.approve if decision == "approve" else kind.reject
    try:
        refusal = act(request, item, form.cleaned_data)
    except DecisionError as error:
        messages.error(request, str(error))
        return _decided(request, kind, item, {})
    return _decided(request, kind, item, {decision: form, "refusal": refusal} if refusal else {})


@decider_required
@require_POST
def approve(request: HtmxHttpRequest, code: UUID, kind: Kind) -> HttpResponse:
    return _decide(request, kind, code, "approve")


@decider_required
@require_POST
def reject(request: HtmxHttpRequest, code: UUID, kind: Kind) -> HttpResponse:
    return _decide(request, kind, code, "reject")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, code: UUID, kind: Kind) -> HttpResponse:
    """The person withdraws their own pending item, after a confirmation (GET); 404 for anyone else's."""
    if not kind.withdrawable:
        raise Http404
    item = get_object_or_404(kind.own(request).select_related("employee"), code=code)
    if request.method == "POST":
        try:
            withdraw_pending(item, signed_in_user(request))
        except DecisionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, str(kind.withdrawn))
        return redirect(item.page_url())
    if item.status != item.Status.PENDING:
        messages.error(
            request, _("Hanya yang masih menunggu keputusan yang dapat ditarik; yang ini sudah %(status)s.")
            % {"status": item.get_status_display().lower()},
        )
        return redirect(item.page_url())
    day = getattr(item, "start_date", None) or item.date
    return render(request, "policy/approvals/withdraw.html", {"item": item, "kind": kind, "day": day})
