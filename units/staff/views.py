"""Staff pages: search, a person's record, adding and editing people (their login follows the NIP;
passwords are the person's own: units.passwords)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units.access import ADMIN, HEAD, MANAGERS, access_for, get_employee_or_404, role_required
from units.http import HtmxHttpRequest
from units.models import Passkey
from units.staff.forms import EmployeeForm, EmployeeSearchForm

PAGE_SIZE = 50


@role_required(*MANAGERS)
def employee_list(request: HtmxHttpRequest) -> HttpResponse:
    """Staff search; with htmx only the results partial is rendered, as the user types."""
    access = access_for(request)
    form = EmployeeSearchForm(request.GET or None, access=access)
    staff = access.employees().select_related("unit")
    if form.is_valid():
        staff = staff.search(form.cleaned_data["q"] or "")
        if form.cleaned_data["unit"]:
            staff = staff.filter(unit__tree_path__startswith=form.cleaned_data["unit"].tree_path)
    page = Paginator(staff.order_by("full_name", "nip"), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    template = "units/staff/list.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@role_required(*MANAGERS)
def employee_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = access_for(request)
    employee = get_employee_or_404(request, code)
    return render(
        request,
        "units/staff/detail.html",
        {
            "employee": employee,
            "show_personal": access.can_see_personal_data(employee),
            "can_edit": access.may_edit(employee),
            "phones": Passkey.objects.filter(user_id=employee.user_id, removed_at__isnull=True) if employee.user_id else [],
            "can_remove_phones": access.role in (ADMIN, HEAD) and access.may_edit(employee) and employee != access.employee,
        },
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def employee_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    initial = {}
    if not access.is_admin:
        initial["unit"] = access.unit
    form = EmployeeForm(request.POST or None, access=access, initial=initial)
    if request.method == "POST" and form.is_valid():
        employee = form.save()
        messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": employee.full_name})
        return redirect("employee_detail", code=employee.code)
    return render(request, "units/staff/form.html", {"form": form, "employee": None})


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def employee_edit(request: HttpRequest, code: str) -> HttpResponse:
    access = access_for(request)
    employee = get_employee_or_404(request, code)
    if not access.may_edit(employee):
        return render(request, "units/no_access.html", status=403)
    form = EmployeeForm(request.POST or None, instance=employee, access=access)
    if request.method == "POST" and form.is_valid():
        employee = form.save()
        messages.success(
            request, _("Perubahan data %(name)s disimpan.") % {"name": employee.full_name}
        )
        return redirect("employee_detail", code=employee.code)
    return render(request, "units/staff/form.html", {"form": form, "employee": employee})
