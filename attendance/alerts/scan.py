"""The coverage scan: every minute (attendance.alerts.tasks, from `manage.py run_scheduler`), each frontline
unit's on-site count now against its minimum, and what that means for its alert.

`step` is pure: from a unit's coverage now and its open alert (if any) it says what to do: raise an alert
(short for ALERT_GRACE_MINUTES after the unit opened), escalate it (still short, nobody has acknowledged it
ALERT_ESCALATE_MINUTES after it was raised), resolve it (the count is back, or the unit has closed), or keep it
with the latest counts. `scan` reads the coverage of every frontline unit (attendance.boards.coverage.gather:
one lean evaluation, the same "on site now" as the boards) and carries the steps out, each in its own
transaction with the notices it sends, so that two scans racing (two workers, a restart) raise, escalate and
resolve an alert once: the database keeps one open alert per unit, and an escalation or a resolution is a
conditional UPDATE that only one of them wins.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from attendance.boards import coverage
from attendance.evaluation.bulk import local
from attendance.models import CoverageAlert
from units import clock
from units.models import Employee, Notification, Unit
from units.notifications import deliveries

RAISE, ESCALATE, RESOLVE, KEEP, NOTHING = "raise", "escalate", "resolve", "keep", "nothing"


@dataclass(frozen=True)
class Open:
    """What the step needs of an open alert."""

    opened_at: dt.datetime
    level: int
    acknowledged: bool


def opened_since(row: coverage.UnitCoverage, now: dt.datetime) -> dt.timedelta | None:
    """How long the unit has been open today at `now` (naive local); None when it is not open. A unit open
    round the clock counts from midnight."""
    service = row.service
    if not service.is_open:
        return None
    if service.all_day or service.hours is None:
        return now - dt.datetime.combine(now.date(), dt.time())
    return now - service.hours.bounds(now.date())[0]


def step(row: coverage.UnitCoverage, alert: Open | None, now: dt.datetime, *, grace: dt.timedelta,
         escalate_after: dt.timedelta) -> str:
    """What to do with one unit's alert at `now` (naive local for the unit's hours, aware for the alert)."""
    open_for = opened_since(row, local(now))
    if alert is None:
        return RAISE if row.short and open_for is not None and open_for >= grace else NOTHING
    if not row.short or open_for is None:
        return RESOLVE
    if alert.level == CoverageAlert.Level.UNIT and not alert.acknowledged and now - alert.opened_at >= escalate_after:
        return ESCALATE
    return KEEP


def grace() -> dt.timedelta:
    return dt.timedelta(minutes=settings.ALERT_GRACE_MINUTES)


def escalate_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.ALERT_ESCALATE_MINUTES)


# --- Who is told ------------------------------------------------------------------------------------------


def unit_managers(unit_ids: list[int]) -> list[int]:
    """User ids of the active heads and operators of these units."""
    return list(
        Employee.objects.active()
        .filter(unit_id__in=unit_ids, role__in=[Employee.Role.HEAD, Employee.Role.OPERATOR], user__is_active=True)
        .values_list("user_id", flat=True)
    )


def above(unit: Unit) -> list[int]:
    """User ids told when an alert climbs: the heads of the unit above (the camat for a kelurahan; the OPD
    for its UPT) and BKPSDM (the city's admins)."""
    heads = []
    if unit.parent_id is not None:
        heads = list(
            Employee.objects.active()
            .filter(unit_id=unit.parent_id, role=Employee.Role.HEAD, user__is_active=True)
            .values_list("user_id", flat=True)
        )
    admins = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(employee__role=Employee.Role.ADMIN, employee__is_active=True), is_active=True
    )
    return list(dict.fromkeys([*heads, *admins.values_list("pk", flat=True)]))


def told(alert: CoverageAlert) -> list[int]:
    """Everyone an alert has reached so far (its resolution goes to all of them)."""
    users = unit_managers([alert.unit_id])
    if alert.level >= CoverageAlert.Level.ABOVE:
        users += above(alert.unit)
    return list(dict.fromkeys(users))


def notify(users: list[int], kind: str, alert: CoverageAlert, now: dt.datetime) -> None:
    data = {
        "alert": alert.pk, "unit": alert.unit.name, "code": alert.unit.code, "present": alert.present,
        "needed": alert.needed, "missing": alert.missing, "opened_at": local(alert.opened_at).strftime("%H:%M"),
    }
    deliveries.notify(users, kind, data, reverse("board_unit", args=[alert.unit.code]), now)


# --- The scan ---------------------------------------------------------------------------------------------


@dataclass
class Result:
    raised: int = 0
    escalated: int = 0
    resolved: int = 0
    short: int = 0  # units short now (open and below their minimum)


def scan(now: dt.datetime | None = None) -> Result:
    """One scan of every active frontline unit at `now` (default: the server clock)."""
    now = now or clock.now()
    units = Unit.objects.active().filter(is_frontline=True)
    staff = Employee.objects.active().filter(unit__in=units)
    rows = coverage.gather(units, staff, now=now)
    alerts = {a.unit_id: a for a in CoverageAlert.objects.filter(resolved_at__isnull=True).select_related("unit")}
    result = Result()
    wait, climb = grace(), escalate_after()
    for row in rows:
        result.short += row.short
        alert = alerts.pop(row.unit_id, None)
        found = Open(alert.opened_at, alert.level, alert.acknowledged_at is not None) if alert else None
        action = step(row, found, now, grace=wait, escalate_after=climb)
        if action == RAISE:
            result.raised += _raise(row, now)
        elif action == ESCALATE and alert is not None:
            result.escalated += _escalate(alert, row, now)
        elif action == RESOLVE and alert is not None:
            result.resolved += _resolve(alert, row, now)
        elif action == KEEP and alert is not None:
            CoverageAlert.objects.filter(pk=alert.pk).update(present=row.present_total, missing=row.missing)
    for alert in alerts.values():  # a unit no longer frontline or active: nothing to cover
        result.resolved += _resolve(alert, None, now)
    return result


def _raise(row: coverage.UnitCoverage, now: dt.datetime) -> int:
    try:
        with transaction.atomic():
            alert = CoverageAlert.objects.create(
                unit_id=row.unit_id, date=local(now).date(), opened_at=now, needed=row.minimum, present=row.present_total,
                missing=row.missing,
            )
            notify(unit_managers([row.unit_id]), Notification.Kind.COVERAGE_SHORT, alert, now)
    except IntegrityError:  # another scan raised it first
        return 0
    return 1


def _escalate(alert: CoverageAlert, row: coverage.UnitCoverage, now: dt.datetime) -> int:
    with transaction.atomic():
        won = CoverageAlert.objects.filter(
            pk=alert.pk, level=CoverageAlert.Level.UNIT, acknowledged_at__isnull=True, resolved_at__isnull=True
        ).update(level=CoverageAlert.Level.ABOVE, escalated_at=now, present=row.present_total, missing=row.missing)
        if not won:
            return 0
        alert.refresh_from_db()
        notify(above(alert.unit), Notification.Kind.COVERAGE_ESCALATED, alert, now)
    return 1


def _resolve(alert: CoverageAlert, row: coverage.UnitCoverage | None, now: dt.datetime) -> int:
    with transaction.atomic():
        present = row.present_total if row is not None else alert.present
        won = CoverageAlert.objects.filter(pk=alert.pk, resolved_at__isnull=True).update(
            resolved_at=now, present=present, missing=0
        )
        if not won:
            return 0
        alert.refresh_from_db()
        notify(told(alert), Notification.Kind.COVERAGE_RESOLVED, alert, now)
    return 1


def acknowledge(alert: CoverageAlert, user, now: dt.datetime) -> bool:
    """Record who took it on; False when someone already had (or it is resolved)."""
    return bool(
        CoverageAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True, resolved_at__isnull=True).update(
            acknowledged_by=user, acknowledged_at=now
        )
    )
