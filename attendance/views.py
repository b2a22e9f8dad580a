from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from policy import plan as P
from policy.models import Arrangement, AuditEvent
from policy.services import build_plan
from units import clock
from units.access import OPERATOR, access_for, get_employee_or_404
from units.models import Holiday, Schedule


@login_required
def my_day(request):
    """A staff member's day: their hours, what is required of them today and why."""
    employee = access_for(request).employee
    if employee is None:
        return redirect("home")
    today = clock.today()
    cell = build_plan([employee], [today]).cells[(employee.pk, today)]
    schedule = Schedule.objects.prefetch_related("days", "overrides__days", "shifts").get(
        pk=employee.effective_schedule_id
    )
    arrangement = (
        Arrangement.objects.filter(pk=cell.arrangement_id).first() if cell.arrangement_id else None
    )
    return render(
        request,
        "attendance/my_day.html",
        {
            "employee": employee,
            "today": today,
            "cell": cell,
            "modes": P,
            "arrangement": arrangement,
            "schedule": schedule,
            "hours": schedule.timetable().hours_on(today),
            "upcoming": Holiday.objects.filter(date__gt=today).order_by("date")[:3],
        },
    )


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
