from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from policy import plan as P
from policy.models import Arrangement
from policy.services import build_plan
from units import clock
from units.access import access_for
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
