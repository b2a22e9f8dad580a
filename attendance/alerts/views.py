"""Taking on a coverage alert ("Saya tangani"), from the unit board or the notice."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attendance.alerts import scan
from attendance.models import CoverageAlert
from units import clock
from units.access import MANAGERS, access_for, role_required, signed_in_user


@role_required(*MANAGERS)
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The head, an operator, the unit above or an admin takes the alert on: it stops climbing. 404 for a unit
    outside the person's scope."""
    alert = get_object_or_404(CoverageAlert.objects.select_related("unit"), pk=pk)
    if not access_for(request).sees_unit(alert.unit):
        raise Http404
    if scan.acknowledge(alert, signed_in_user(request), clock.now()):
        messages.success(
            request,
            _("Anda menangani peringatan kurang petugas di %(unit)s. Peringatan selesai sendiri begitu petugas cukup.")
            % {"unit": alert.unit.name},
        )
    else:
        messages.info(request, _("Peringatan ini sudah ditangani orang lain atau sudah teratasi."))
    return redirect("board_unit", code=alert.unit.code)
