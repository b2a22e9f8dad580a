"""Kiosk devices (issue 16, item 4): a head registers the counter tablet as the unit's kiosk, lists and revokes
the unit's devices; the tablet then shows the kiosk screen with no account signed in (attendance.kiosk.devices)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from attendance.checkin.views import kiosk_context
from attendance.kiosk import devices
from attendance.kiosk.forms import DeviceForm
from attendance.models import KioskDevice
from policy import audit
from policy.models import AuditEvent
from units import clock
from units.access import ADMIN, HEAD, get_unit_or_404, role_required, signed_in_user
from units.http import HtmxHttpRequest


@never_cache
@role_required(ADMIN, HEAD)
@require_http_methods(["GET", "POST"])
def device_list(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's kiosk devices, and registering this browser as one (which signs the head out of it)."""
    unit = get_unit_or_404(request, code)
    form = DeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        device, token = devices.register(unit, form.cleaned_data["name"], user, clock.now())
        audit.record(user, AuditEvent.Action.KIOSK_REGISTERED, unit=unit.code, device=str(device.code), name=device.name)
        logout(request)  # the tablet faces the public: nobody's account stays signed in on it
        response = redirect("kiosk_screen")
        devices.keep(response, token)
        return response
    listed = KioskDevice.objects.filter(unit=unit).select_related("created_by", "revoked_by")
    return render(request, "attendance/kiosk/devices.html", {"unit": unit, "form": form, "devices": listed})


@never_cache
@role_required(ADMIN, HEAD)
@require_http_methods(["GET", "POST"])
def device_revoke(request: HttpRequest, code: str, device: str) -> HttpResponse:
    """Revoke a kiosk device (asked first): its screen stops at the next poll."""
    unit = get_unit_or_404(request, code)
    found = get_object_or_404(KioskDevice, unit=unit, code=device)
    if request.method == "POST":
        user = signed_in_user(request)
        if KioskDevice.objects.filter(pk=found.pk, revoked_at__isnull=True).update(revoked_at=clock.now(), revoked_by=user):
            audit.record(user, AuditEvent.Action.KIOSK_REVOKED, unit=unit.code, device=str(found.code), name=found.name)
            messages.success(request, _("Perangkat kios %(name)s dicabut; layarnya berhenti dalam beberapa detik.") % {"name": found.name})
        else:
            messages.info(request, _("Perangkat kios ini sudah dicabut."))
        return redirect("kiosk_devices", unit.code)
    return render(request, "attendance/kiosk/revoke.html", {"unit": unit, "device": found})


@login_not_required
@never_cache
@require_GET
def screen(request: HtmxHttpRequest) -> HttpResponse:
    """The registered tablet's screen: the unit's rotating code, its name and the clock; nothing else."""
    device = devices.of(request, clock.now())
    if device is None:
        return render(request, "attendance/kiosk/unregistered.html", status=403)
    template = "attendance/kiosk/screen.html"
    if request.htmx:
        template = "attendance/checkin/kiosk.html#qr"
    response = render(request, template, kiosk_context(request, device.unit, reverse("kiosk_screen")))
    patch_vary_headers(response, ["HX-Request"])
    return response
