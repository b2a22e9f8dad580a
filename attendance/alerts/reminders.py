"""Reminders to staff (issue 14, item 4): a person planned to check in today (on site, WFH, or a DL at an
activity site) is told once per moment when the arrival is late (REMIND_ARRIVAL_MINUTES after the start), when
the break check-in is about to close without one (REMIND_BREAK_MINUTES before the window ends) and when the
departure is missing (REMIND_DEPARTURE_MINUTES after the end). Run every minute by the task worker beside the
coverage scan (attendance.alerts.tasks), over today's plan and check-in times (no status code is needed); the notices and their deliveries go
through units.notifications.deliveries (quiet hours delay them).

`due` is pure: from a person's planned mode, hours and check-ins of the day it says which moments to remind of.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from attendance.evaluation.bulk import event_times, local
from attendance.evaluation.status import CHECKOUT_WINDOW
from policy.plan import day_plan
from policy.plan.building import build_plan, tables
from units import clock
from units.models import Employee, Notification
from units.notifications import deliveries
from units.schedule import Hours, in_window

ARRIVAL, BREAK, DEPARTURE = "in", "brk", "out"


@dataclass(frozen=True)
class Offsets:
    arrival: dt.timedelta
    break_close: dt.timedelta
    departure: dt.timedelta


def offsets() -> Offsets:
    return Offsets(
        dt.timedelta(minutes=settings.REMIND_ARRIVAL_MINUTES),
        dt.timedelta(minutes=settings.REMIND_BREAK_MINUTES),
        dt.timedelta(minutes=settings.REMIND_DEPARTURE_MINUTES),
    )


@dataclass(frozen=True)
class Moments:
    """The day's check-ins that count, as naive local times (attendance.evaluation.bulk.event_times)."""

    first_in: dt.datetime | None = None
    last_out: dt.datetime | None = None
    first_break: dt.datetime | None = None


def moments(found: list[dt.datetime | None] | None) -> Moments:
    return Moments(*found) if found else Moments()


def due(cell: day_plan.PlannedDay, hours: Hours | None, status: Moments, day: dt.date, now: dt.datetime,
        after: Offsets) -> list[str]:
    """The moments to remind a person of at `now` (naive local) on `day`: an arrival still missing, a break
    check-in about to close without one (one made outside its window does not count, as in the status), a
    departure still missing. Only while it can still be made."""
    if hours is None or not cell.checks_in:
        return []
    start, end = hours.bounds(day)
    found = []
    if status.first_in is None and start + after.arrival <= now < end:
        found.append(ARRIVAL)
    window = hours.break_window(day) if cell.checks_break else None
    taken = status.first_break is not None and window is not None and in_window(status.first_break, window)
    if window is not None and status.first_in is not None and not taken:
        opens, closes = window
        if max(opens, closes - after.break_close) <= now < closes:
            found.append(BREAK)
    if status.first_in is not None and status.last_out is None and end + after.departure <= now < end + CHECKOUT_WINDOW:
        found.append(DEPARTURE)
    return found


def remind(now: dt.datetime | None = None) -> dict[str, int]:
    """Remind every active person with a login of what is due now and not reminded yet today; counts per moment."""
    moment = now or clock.now()
    here = local(moment)
    today = here.date()
    staff = Employee.objects.active().filter(user__isnull=False, user__is_active=True)
    people = dict(staff.values_list("pk", "user_id"))
    if not people:
        return {}
    found = tables()
    # The plan and the day's check-in times are all `due` reads: no status code is worked out (a third of the
    # minute's cost at 50,000 staff; docs/benchmarks.md, fourth session).
    plan = build_plan(staff, [today], lean=True, tables=found, minimums=False)
    times, _waiting = event_times(plan.people, today, today)
    after = offsets()
    wanted: dict[str, list[int]] = defaultdict(list)
    for person in plan.employees:
        cell = plan.cells[(person.pk, today)]
        hours = found.hours_of(person.effective_schedule_id, today, cell)
        for moment_due in due(cell, hours, moments(times.get((person.pk, today))), today, here, after):
            wanted[moment_due].append(people[person.pk])
    if not wanted:
        return {}
    told = set(
        Notification.objects.filter(kind=Notification.Kind.REMINDER, data__date=today.isoformat(),
                                    user_id__in=[u for users in wanted.values() for u in users])
        .values_list("user_id", "data__moment")
    )
    counts = {}
    for moment_due, users in wanted.items():
        fresh = [user for user in users if (user, moment_due) not in told]
        if fresh:
            deliveries.notify(fresh, Notification.Kind.REMINDER, {"moment": moment_due, "date": today.isoformat()},
                              reverse("my_day"), moment)
        counts[moment_due] = len(fresh)
    return counts
