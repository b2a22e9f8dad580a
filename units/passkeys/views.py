"""Ponsel saya (issue 15): a person registers the phone they are holding ("Daftarkan ponsel ini") and sees
their registered phones; a head or an admin removes a lost one from the person's page (audited)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.access import ADMIN, HEAD, access_for, role_required, signed_in_user
from units.models import Employee, Passkey, PasskeyRules
from units.passkeys import ceremony
from units.passkeys.forms import RemoveForm

SIGN_IN_BACKEND = "units.auth.EmployeeBackend"  # the backend a password sign-in records (settings)


def _own(request: HttpRequest) -> Employee:
    employee = access_for(request).employee
    if employee is None or employee.user_id is None:
        raise Http404
    return employee


@login_required
def my_phones(request: HttpRequest) -> HttpResponse:
    employee = _own(request)
    phones = ceremony.active(employee.user)
    limit = PasskeyRules.max_phones()
    context = {"employee": employee, "phones": phones, "limit": limit, "full": len(phones) >= limit}
    return render(request, "units/passkeys/mine.html", context)


def _json(request: HttpRequest) -> dict:
    if request.content_type != "application/json":
        raise ValueError(request.content_type)
    data = json.loads(request.body or b"{}")
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


@login_required
@require_POST
def registration_options(request: HttpRequest) -> HttpResponse:
    """The options for navigator.credentials.create() (JSON); 400 with the reason in words at the limit."""
    try:
        options = ceremony.registration_options(request, _own(request))
    except ceremony.PasskeyError as refused:
        return JsonResponse({"ok": False, "error": str(refused)}, status=400)
    return HttpResponse(options, content_type="application/json")


@login_required
@require_POST
def register(request: HttpRequest) -> JsonResponse:
    """The phone's answer: {"credential": <PublicKeyCredential as JSON>, "name": "..."}."""
    employee = _own(request)
    try:
        data = _json(request)
        credential, name = data["credential"], str(data.get("name", ""))
        if not isinstance(credential, dict):
            raise ValueError("credential")
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"ok": False, "error": _("Data pendaftaran ponsel tidak terbaca.")}, status=400)
    try:
        passkey = ceremony.register(request, employee, credential, name)
    except ceremony.PasskeyError as refused:
        return JsonResponse({"ok": False, "error": str(refused)}, status=400)
    messages.success(request, _("Ponsel “%(name)s” terdaftar. Presensi dari ponsel ini kini ditandatangani passkey-nya.")
                     % {"name": passkey.name})
    return JsonResponse({"ok": True})


@role_required(ADMIN, HEAD)
@require_POST
def remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A head (of the person's unit or above) or an admin removes a lost phone, with the reason (audited)."""
    access = access_for(request)
    employee = get_object_or_404(access.readable_people(), code=code)
    if employee.pk == getattr(access.employee, "pk", None) or not access.may_edit(employee):
        raise Http404
    passkey = get_object_or_404(Passkey, pk=pk, user_id=employee.user_id)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan menghapus ponsel ini (misalnya: ponsel hilang)."))
    elif ceremony.remove(passkey, signed_in_user(request), employee, form.cleaned_data["reason"]):
        messages.success(request, _("Ponsel “%(name)s” dihapus dari akun %(person)s. Ia dapat mendaftarkan ponsel baru.")
                         % {"name": passkey.name, "person": employee.full_name})
    else:
        messages.info(request, _("Ponsel ini sudah dihapus sebelumnya."))
    return redirect("employee_detail", code=employee.code)


# --- Signing in with the phone's passkey (the password stays the fallback) ---


@require_POST
def sign_in_options(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ceremony.sign_in_options(request), content_type="application/json")


@require_POST
def sign_in(request: HttpRequest) -> JsonResponse:
    """{"credential": <the phone's answer>, "next": "/..."}: signs the phone's owner in; 400 in words when not."""
    try:
        data = _json(request)
        credential = data["credential"]
        if not isinstance(credential, dict):
            raise ValueError("credential")
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"ok": False, "error": _("Data passkey tidak terbaca.")}, status=400)
    try:
        user = ceremony.verify_sign_in(request, credential)
    except ceremony.PasskeyError as refused:
        return JsonResponse({"ok": False, "error": str(refused)}, status=400)
    login(request, user, backend=SIGN_IN_BACKEND)
    target = str(data.get("next") or "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = resolve_url(settings.LOGIN_REDIRECT_URL)
    return JsonResponse({"ok": True, "url": target})
