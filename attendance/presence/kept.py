"""Kept per-person presence of the day (attendance.models.Presence), counted per unit by the city board, the
public status page and the minute's coverage scan (issue 14, item 7).

Counting who is on site now in every frontline unit each minute would otherwise evaluate every person of
the city (a lean evaluation: 235 ms at 5,000 staff, about a second at 50,000). Instead each person's day is
kept as one row (planned mode, on site now, late), written where it changes, in the same transaction:
- a check-in or check-out (attendance.checkin.sql.insert: in the check-in's own statement);
- a verification decided, a correction decided, a request decided or withdrawn, a roster cell changed
  (attendance.presence.signals: a small evaluation of that person, `refresh`);
and rebuilt from a full evaluation (`build`): by the minute task when the day is not built yet (just after
midnight, or after a change of the reference tables), and by `manage.py rebuild_presence`.

A change the per-person updates do not follow (a person added, moved or edited, which an import does by the
thousand; a policy, a holiday, a schedule, a minimum, a deduction band: the tables policy.plan.reference
watches) removes the day's PresenceDay: until the next build (within the
minute) the counts come from a full evaluation again (`counts` answers None). The same "on site now" as
everywhere: attendance.evaluation.status.on_site_now. tests/attendance/presence/ checks the kept counts
against a full evaluation after each kind of change.

Rows are per person rather than one counter per unit, so that the check-ins of one unit during the rush do
not queue on one row's lock; a unit's counts are one grouped query over its rows (`counts`).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q

from attendance.evaluation.bulk import evaluate, local
from attendance.evaluation.status import DayStatus, on_site_now
from attendance.models import CheckIn, Presence, PresenceDay
from policy.plan import day_plan
from units import clock
from units.models import Employee

KEEP_DAYS = 2  # rows older than this many days are removed by the build


def late(status: DayStatus) -> bool:
    return any(code.startswith("TL") for code in status.codes)


def row_for(employee, day: dt.date, mode: str, status: DayStatus) -> Presence:
    """The kept row of one person's day (`employee`: an Employee or a policy.plan.building.Staff row)."""
    return Presence(
        employee_id=employee.pk, date=day, unit_id=employee.unit_id, service_role=employee.service_role,
        mode=mode, on_site=on_site_now(mode, status), late=late(status),
    )


def same(a: Presence, b: Presence) -> bool:
    """Whether two rows of the same person and day say the same (no write needed)."""
    return (a.unit_id, a.service_role, a.mode, a.on_site, a.late) == (b.unit_id, b.service_role, b.mode, b.on_site, b.late)


UPDATED = ["unit", "service_role", "mode", "on_site", "late"]


def _rows(staff, day: dt.date, now: dt.datetime) -> list[Presence]:
    evaluation = evaluate(staff, [day], now=now, lean=True)
    plan = evaluation.plan
    return [row_for(e, day, plan.cells[(e.pk, day)].mode, evaluation.status(e.pk, day)) for e in plan.employees]


def _staff():
    """Whom the counts count: the active staff of active units (the boards' and the scan's staff)."""
    return Employee.objects.active().filter(unit__is_active=True)


def refresh(employee_ids: Iterable[int], day: dt.date | None = None, now: dt.datetime | None = None) -> None:
    """Write these people's rows of `day` (default today) afresh from a small evaluation (about 10
    queries); a person no longer counted (inactive, or in an inactive unit) loses their row. Only today's
    rows are read: other days are left alone."""
    now = now or clock.now()
    today = local(now).date()
    day = day or today
    ids = sorted(set(employee_ids))
    if day != today or not ids:
        return
    rows = _rows(_staff().filter(pk__in=ids), day, now)
    with transaction.atomic():
        kept = {r.employee_id for r in rows}
        Presence.objects.filter(date=day, employee_id__in=[i for i in ids if i not in kept]).delete()
        if rows:
            Presence.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["employee", "date"], update_fields=UPDATED
            )


def build(day: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Rebuild every row of `day` (default today) from a full evaluation and mark the day built; returns
    the number of rows. Check-ins recorded while it evaluated are applied again after its write (their own
    update may have been overwritten by the evaluation's older view)."""
    now = now or clock.now()
    day = day or local(now).date()
    with transaction.atomic():
        seen = CheckIn.objects.filter(date=day).aggregate(last=Max("id"))["last"] or 0
        rows = _rows(_staff(), day, now)
        Presence.objects.filter(Q(date=day) | Q(date__lt=day - dt.timedelta(days=KEEP_DAYS))).delete()
        Presence.objects.bulk_create(rows, batch_size=2000)
        PresenceDay.objects.filter(date__lt=day - dt.timedelta(days=KEEP_DAYS)).delete()
        PresenceDay.objects.update_or_create(date=day, defaults={"built_at": now})
    later = set(CheckIn.objects.filter(date=day, id__gt=seen).values_list("employee_id", flat=True))
    refresh(later, day, now)
    return len(rows)


def built(day: dt.date) -> bool:
    return PresenceDay.objects.filter(date=day).exists()


def ensure(now: dt.datetime | None = None) -> bool:
    """Build today when it is not built (the minute task); True when it built."""
    now = now or clock.now()
    if built(local(now).date()):
        return False
    build(now=now)
    return True


def forget(days: Iterable[dt.date] | None = None) -> None:
    """The kept rows of these days (default today) no longer follow the reference tables: count from a full
    evaluation until the next build."""
    PresenceDay.objects.filter(date__in=list(days or [clock.today()])).delete()


@dataclass
class Counts:
    """A unit's kept counts of the day, per service role."""

    staff: dict[str, int]
    working: int  # people whose day is not a day off (a minimum applies only on a working day)
    planned: dict[str, int]  # planned on site
    present: dict[str, int]  # on site now
    late: int


def counts(day: dt.date, unit_ids: list[int]) -> dict[int, Counts] | None:
    """{unit id: Counts} from the kept rows of `day` (two queries), or None when the day is not built."""
    if not built(day):
        return None
    found: dict[int, Counts] = {}
    rows = (
        Presence.objects.filter(date=day, unit_id__in=unit_ids)
        .values("unit_id", "service_role")
        .annotate(
            staff=Count("id"),
            working=Count("id", filter=~Q(mode=day_plan.LIBUR)),
            planned=Count("id", filter=Q(mode=day_plan.ONSITE)),
            present=Count("id", filter=Q(on_site=True)),
            late=Count("id", filter=Q(late=True)),
        )
        .order_by()
    )
    for row in rows:
        unit = found.setdefault(row["unit_id"], Counts(defaultdict(int), 0, defaultdict(int), defaultdict(int), 0))
        role = row["service_role"]
        unit.staff[role] += row["staff"]
        unit.working += row["working"]
        unit.late += row["late"]
        if row["planned"]:
            unit.planned[role] += row["planned"]
        if row["present"]:
            unit.present[role] += row["present"]
    return found


def on_site_today(employee_ids: set[int], day: dt.date) -> dict[int, tuple[int, str, bool]]:
    """{employee id: (unit id, service role, on site)} of these people's kept rows of `day`."""
    rows = Presence.objects.filter(date=day, employee_id__in=employee_ids)
    return {e: (u, r, s) for e, u, r, s in rows.values_list("employee_id", "unit_id", "service_role", "on_site")}
