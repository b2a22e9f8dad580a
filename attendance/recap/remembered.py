"""The finished days of a month, remembered for the city recap (issue 16, item 9).

The city recap per unit evaluates every active person on every day of the month: 45,000 person-days for the demo
city, about a second on the demo machine, and up to 9 s for a past month on a busy one. The days before today do
not change unless someone changes what they read, so each day's statuses are kept in Django's cache under a key
made of
- the day,
- what that day reads that people change (`marks`, five queries for all the days at once): its check-ins
  (append-only: the number and the highest id), roster cells (their last change), verifications (their last
  decision), check-outs taken back and the approved requests that cover it (their ids and decisions),
- the generation of the reference tables (policies, holidays, schedules, minute bands: policy.plan.reference).
Each entry also keeps every person's last change (`updated_at`) when evaluated: a person edited since, or added,
is evaluated again on the kept days (their month, not everyone's). So a correction, a decision or an edit shows at
the next request, as without the cache, and costs the evaluation of the days or the people it touched only; today is evaluated on every request. The nightly task `warm_city_recap`
(attendance/recap/tasks.py) fills the entries of this month and the last one for the whole city, so that with a
shared cache (CACHE_URL) nobody waits for the first evaluation. Kept per day as the four things the recap reads of
a DayStatus (`Day`). Measured in docs/performance.md, "City recap".
"""

import datetime as dt
import hashlib
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, F, Max

from attendance.evaluation.bulk import evaluate
from attendance.evaluation.status import DayStatus
from attendance.models import CheckIn, CheckoutUndo, Verification
from policy.models import Arrangement, PlanEntry
from policy.plan import reference
from units.models import Employee

TTL = 24 * 3600  # seconds: an entry nobody asks for again goes within a day


class Day(NamedTuple):
    """What the recap reads of a finished day's DayStatus (monthly.summarize, monthly._codes)."""

    code: str
    codes: tuple[str, ...]
    late_minutes: int
    early_minutes: int


def marks(days: list[dt.date]) -> tuple[tuple, dict[dt.date, tuple]]:
    """(what every day shares, {day: what that day reads that people change}): five queries."""
    per_day: dict[dt.date, list] = {d: [] for d in days}
    grouped = (
        ("c", CheckIn.objects.filter(date__in=days).values("date").annotate(n=Count("id"), last=Max("id"))),
        ("p", PlanEntry.objects.filter(date__in=days).values("date").annotate(n=Count("id"), last=Max("set_at"))),
        ("v", Verification.objects.filter(date__in=days).values("date").annotate(n=Count("id"), last=Max("decided_at"))),
        (
            "u",
            CheckoutUndo.objects.filter(checkin__date__in=days)
            .values(date=F("checkin__date"))
            .annotate(n=Count("id"), last=Max("id")),
        ),
    )
    for name, rows in grouped:
        for row in rows.order_by():
            per_day[row["date"]].append((name, row["n"], str(row["last"])))
    # Approved requests around each day (a few hundred a month city-wide: matched to the days here).
    approved = Arrangement.objects.filter(
        status=Arrangement.Status.APPROVED, start_date__lte=days[-1], end_date__gte=days[0]
    ).values_list("id", "start_date", "end_date", "decided_at")
    for pk, start, end, decided in approved:
        for day in days:
            if start <= day <= end:
                per_day[day].append(("a", pk, str(decided)))
    return (reference.generation(),), {d: tuple(sorted(v)) for d, v in per_day.items()}


def _keys(days: list[dt.date]) -> dict[dt.date, str]:
    shared, per_day = marks(days)
    return {
        day: f"hadir:recap-day:{day:%Y%m%d}:" + hashlib.sha256(repr((shared, per_day[day])).encode()).hexdigest()[:32]
        for day in days
    }


def statuses(employees: list[Employee], days: list[dt.date], *, today: dt.date) -> dict[tuple[int, dt.date], Day | DayStatus]:
    """{(person, day): status} for `employees` over `days`: each day before `today` from the cache when nothing it
    reads has changed, with the people edited since (or not in it yet) evaluated again; the other finished days
    evaluated and kept; today and later evaluated now."""
    finished = [d for d in days if d < today]
    fresh = [d for d in days if d >= today]
    found: dict[tuple[int, dt.date], Day | DayStatus] = {}
    if not employees:
        return found
    if finished:
        found.update(_finished(employees, finished))
    if fresh:
        found.update(evaluate(employees, fresh, lean=True).statuses)
    return found


def _finished(employees: list[Employee], days: list[dt.date]) -> dict[tuple[int, dt.date], Day]:
    """Each kept day is (each person's last change when evaluated, their statuses): a person edited since, or new,
    is evaluated again on every kept day at once; a day not kept, for everyone."""
    keys = _keys(days)
    kept = cache.get_many(list(keys.values()))
    # Everyone's (a list of ids as large as the city would pass SQLite's limit of bound values).
    stamps = {pk: str(at) for pk, at in Employee.objects.values_list("pk", "updated_at")}
    missing = [d for d in days if keys[d] not in kept]
    entries = {d: kept[keys[d]] for d in days if keys[d] in kept}
    stale = {
        e.pk for e in employees if any(entry[0].get(e.pk) != stamps.get(e.pk) for entry in entries.values())
    }
    changed: set[dt.date] = set(missing)
    for group, group_days in (
        (employees, missing),
        ([e for e in employees if e.pk in stale], [d for d in days if d in entries]),
    ):
        if not group or not group_days:
            continue
        for (pk, day), s in evaluate(group, group_days, lean=True).statuses.items():
            entry = entries.setdefault(day, ({}, {}))
            entry[0][pk] = stamps.get(pk)
            entry[1][(pk, day)] = Day(s.code, tuple(s.codes), s.late_minutes, s.early_minutes)
            changed.add(day)
    if changed:
        cache.set_many({keys[d]: entries[d] for d in changed}, TTL)
    found: dict[tuple[int, dt.date], Day] = {}
    for entry in entries.values():
        found.update(entry[1])
    return found
