"""Password screens: a head issues a code, the person redeems it, an admin sets a temporary password,
the person changes their own (with the old one). The rules live in units.passwords.resets."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from units import clock
from units.access import (
    ADMIN,
    MANAGERS,
    access_for,
    get_employee_or_404,
    role_required,
    signed_in_user,
)
from units.models import Employee
from units.passwords import resets
from units.passwords.forms import RedeemForm, TemporaryPasswordForm
from units.passwords.tasks import send_reset_code


def _account_of(request: HttpRequest, code: str) -> Employee | None:
    """The person whose account the signed-in manager may act on, or None (the page says why). One's
    own password is changed with the old one, never through a code or an override."""
    access = access_for(request)
    employee = get_employee_or_404(request, code)
    if not access.may_edit(employee) or employee == access.employee:
        return None
    return employee


def _no_access(request: HttpRequest) -> HttpResponse:
    return render(request, "units/passwords/not_yours.html", status=403)


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
@never_cache
def issue_code(request: HttpRequest, code: str) -> HttpResponse:
    """GET: what a code does, and a button. POST: the code, shown once (or e-mailed by a task)."""
    employee = _account_of(request, code)
    if employee is None:
        return _no_access(request)
    if request.method == "GET":
        context = {"employee": employee, "reset_minutes": settings.PASSWORD_RESET_MINUTES}
        return render(request, "units/passwords/issue.html", context)
    try:
        reset, secret = resets.issue(employee, signed_in_user(request), now=clock.now())
    except resets.AccountTaken:
        messages.error(request, _("NIP ini sudah dipakai akun masuk lain. Hubungi admin BKPSDM."))
        return redirect("employee_detail", code=employee.code)
    if secret is None:
        send_reset_code.enqueue(str(reset.code))
        messages.success(
            request,
            _("Kode atur ulang dikirim ke e-mail %(email)s. Berlaku sampai pukul %(time)s.")
            % {"email": reset.sent_to, "time": f"{timezone.localtime(reset.expires_at):%H.%M}"},
        )
        return redirect("employee_detail", code=employee.code)
    return render(
        request,
        "units/passwords/issued.html",
        {"employee": employee, "reset": reset, "secret": resets.shown(secret)},
    )


@require_http_methods(["GET", "POST"])
@never_cache
def redeem(request: HttpRequest) -> HttpResponse:
    """The person, signed in or not, sets a new password with the code they were given."""
    form = RedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = resets.redeem(data["nip"], data["code"], data["new_password1"], now=clock.now())
        if outcome.ok:
            messages.success(request, _("Kata sandi baru tersimpan. Silakan masuk dengan kata sandi itu."))
            return redirect("login")
        form.add_error(None, outcome.message)
    return render(request, "units/passwords/redeem.html", {"form": form})


@role_required(ADMIN)
@require_http_methods(["GET", "POST"])
@never_cache
def set_temporary(request: HttpRequest, code: str) -> HttpResponse:
    """An admin's override: a temporary password with a reason; the person replaces it at sign-in."""
    employee = _account_of(request, code)
    if employee is None:
        return _no_access(request)
    user = employee.user if employee.user_id else None
    form = TemporaryPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            resets.set_temporary(
                employee, signed_in_user(request), form.cleaned_data["new_password1"],
                form.cleaned_data["reason"], now=clock.now(),
            )
        except resets.AccountTaken:
            form.add_error(None, _("NIP ini sudah dipakai akun masuk lain. Hubungi admin BKPSDM."))
        else:
            messages.success(
                request,
                _("Kata sandi sementara %(name)s disimpan. Ia wajib menggantinya saat masuk berikutnya.")
                % {"name": employee.full_name},
            )
            return redirect("employee_detail", code=employee.code)
    return render(request, "units/passwords/temporary.html", {"employee": employee, "form": form})


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Django's own page (the old password first), recorded in the person's history; it also ends
    the obligation to replace a temporary password."""

    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        employee = access_for(self.request).employee
        if employee is not None:
            resets.changed_own(employee, signed_in_user(self.request))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        employee = access_for(self.request).employee
        context["required"] = employee is not None and employee.password_change_required
        return context
