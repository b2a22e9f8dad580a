"""The deputies of a unit (Plh./Plt.): the list and the form that names one. The head names theirs for their
own unit; a city admin for any unit; nobody else (another unit's head included) may."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units import clock
from units.access import ADMIN, HEAD, access_for, get_unit_or_404, role_required, signed_in_user
from units.deputies.appointing import DeputyError, appoint, head_of
from units.deputies.forms import DeputyForm
from units.models import Deputy, Unit


def _unit_for_appointing(request: HttpRequest, code: str) -> Unit:
    """The unit, for its own head or a city admin: 404 out of scope, 403 for a head above or beside it."""
    access = access_for(request)
    unit = get_unit_or_404(request, code)
    if not access.is_admin and (access.employee is None or access.employee.unit_id != unit.pk):
        raise PermissionDenied
    return unit


@role_required(HEAD, ADMIN)
@require_http_methods(["GET", "POST"])
def deputy_list(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_for_appointing(request, code)
    head = head_of(unit)
    form = DeputyForm(request.POST or None, unit=unit, head=head)
    if request.method == "POST" and form.is_valid():
        try:
            deputy = appoint(unit, head, signed_in_user(request), form.cleaned_data)
        except DeputyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s ditunjuk sebagai %(kind)s %(unit)s.")
                % {"name": deputy.deputy.full_name, "kind": deputy.get_kind_display(), "unit": unit.name},
            )
            return redirect("deputy_list", code=unit.code)
    deputies = Deputy.objects.filter(unit=unit).select_related("deputy__unit", "head", "appointed_by__employee")
    return render(
        request,
        "units/deputies/list.html",
        {"unit": unit, "head": head, "form": form, "deputies": deputies[:50], "today": clock.today()},
    )
