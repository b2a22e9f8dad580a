"""The city recap's finished days evaluated at night (attendance.recap.remembered), enqueued by `manage.py
run_scheduler` at WARM_AT: with a cache the web workers share (CACHE_URL), the first admin to open /rekap/kota/ in
the morning reads them instead of waiting for every person's month to be evaluated."""

import datetime as dt

from django_tasks import task

from attendance.recap import monthly, remembered
from units import clock
from units.models import Employee

WARM_AT = dt.time(1, 45)  # Asia/Jakarta: after the spoofing scoring has started, before anyone opens the recap


@task()
def warm_city_recap() -> dict:
    """This month's finished days and last month's, for every active person (as the city recap reads them)."""
    today = clock.today()
    staff = monthly.ordered(Employee.objects.all())
    last = today.replace(day=1) - dt.timedelta(days=1)
    for year, month in ((last.year, last.month), (today.year, today.month)):
        remembered.statuses(staff, monthly.month_days(year, month), today=today)
    return {"staff": len(staff), "months": [f"{last:%Y-%m}", f"{today:%Y-%m}"]}
