from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from attendance.views_checkin import page_context
from policy.models import AuditEvent
from units.access import OPERATOR, access_for, get_employee_or_404


@login_required
def my_day(request):
    """The check-in page (staff land here): today's hours, what is required and why, the state of the
    day, and one button to check in or out."""
    employee = access_for(request).employee
    if employee is None:
        return redirect("home")
    return render(request, "attendance/my_day.html", page_context(employee))


@login_required
def employee_history(request, code):
    """A person's requests and every decision about them (the audit trail, read-only): visible to
    the person, the heads above them and admins."""
    access = access_for(request)
    employee = get_employee_or_404(request, code)
    if access.role == OPERATOR and employee != access.employee:
        raise Http404
    events = (
        AuditEvent.objects.filter(employee=employee)
        .select_related("actor__employee", "policy", "arrangement")
        .order_by("-at", "-id")[:200]
    )
    arrangements = employee.arrangements.order_by("-start_date", "-id")[:100]
    return render(
        request,
        "attendance/employee_history.html",
        {"employee": employee, "events": events, "arrangements": arrangements},
    )
