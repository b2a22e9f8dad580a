"""The nightly scoring of spoofing signals (issue 15): for each unit, its staff's phone check-ins of the last
IntegrityRules.period_days (after each person's last review) read in one query, and the unit's points (its own
and its places') in one more; attendance.integrity.signals finds the signals; each flagged person's open
SuspicionCase is created or brought up to date, and an open case whose signals are gone is removed. Queries are
per unit, never per person. Run by attendance.integrity.tasks.score_integrity (enqueued by run_scheduler each
night) and by `manage.py score_integrity`."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from attendance.checkin.geo import distance_m
from attendance.evaluation.bulk import local
from attendance.integrity.signals import Fix, Thresholds, find
from attendance.models import CheckIn, IntegrityRules, SuspicionCase
from units import clock
from units.models import Place, Unit


@dataclass
class Result:
    units: int = 0
    fixes: int = 0
    flagged: int = 0
    opened: int = 0
    cleared: int = 0


def points(unit: Unit) -> list[tuple[float, float]]:
    found = []
    if unit.latitude is not None and unit.longitude is not None:
        found.append((float(unit.latitude), float(unit.longitude)))
    places = Place.objects.filter(unit=unit, is_active=True).values_list("latitude", "longitude")
    return found + [(float(lat), float(lon)) for lat, lon in places]


def offset(latitude: float, longitude: float, points: list[tuple[float, float]]) -> float | None:
    return min((distance_m(latitude, longitude, lat, lon) for lat, lon in points), default=None)


def fixes_of(unit: Unit, start: dt.date, end: dt.date, reviewed: dict[int, dt.datetime]) -> list[Fix]:
    """The phone check-ins with a position of the unit's active staff in [start, end], after each person's last
    review (one query, and one for the unit's points)."""
    rows = (
        CheckIn.objects.filter(
            employee__unit=unit, employee__is_active=True, date__range=(start, end), method=CheckIn.Method.PHONE,
            latitude__isnull=False, longitude__isnull=False,
        )
        .order_by()
        .values_list("id", "employee_id", "at", "latitude", "longitude", "accuracy_m", "device")
    )
    where = points(unit)
    found = []
    for pk, person, at, lat, lon, accuracy, browser in rows.iterator(chunk_size=5000):
        if person in reviewed and at <= reviewed[person]:
            continue
        latitude, longitude = float(lat), float(lon)
        found.append(Fix(pk, person, at, latitude, longitude, accuracy, offset(latitude, longitude, where), browser))
    return found


def score_unit(unit: Unit, start: dt.date, end: dt.date, limits: Thresholds, now: dt.datetime, result: Result) -> None:
    reviewed = dict(
        SuspicionCase.objects.filter(unit=unit, reviewed_at__isnull=False)
        .values("employee_id").annotate(last=Max("reviewed_at")).values_list("employee_id", "last")
    )
    fixes = fixes_of(unit, start, end, reviewed)
    findings = {person: f for person, f in find(fixes, limits).items() if f.flagged}
    result.units += 1
    result.fixes += len(fixes)
    result.flagged += len(findings)
    with transaction.atomic():
        open_cases = {c.employee_id: c for c in SuspicionCase.objects.select_for_update().filter(unit=unit, reviewed_at__isnull=True)}
        for person, finding in findings.items():
            signals = [{"kind": s.kind, "reason": s.reason, "checkins": list(s.checkin_ids)} for s in finding.signals]
            case = open_cases.pop(person, None)
            if case is None:
                SuspicionCase.objects.create(
                    employee_id=person, unit=unit, scored_at=now, period_start=start, period_end=end, signals=signals
                )
                result.opened += 1
            else:
                case.scored_at, case.period_start, case.period_end, case.signals = now, start, end, signals
                case.save(update_fields=["scored_at", "period_start", "period_end", "signals"])
        gone = [case.pk for case in open_cases.values()]
        if gone:  # nobody reviewed them and their signals are gone (e.g. the check-ins left the period)
            SuspicionCase.objects.filter(pk__in=gone, reviewed_at__isnull=True).delete()
            result.cleared += len(gone)


def score(now: dt.datetime | None = None, units=None) -> Result:
    """Score every active unit (or `units`) over the period ending yesterday."""
    now = now or clock.now()
    rules = IntegrityRules.current()
    end = local(now).date() - dt.timedelta(days=1)
    start = end - dt.timedelta(days=rules.period_days - 1)
    limits = rules.thresholds()
    result = Result()
    for unit in units if units is not None else Unit.objects.active().order_by("tree_path"):
        score_unit(unit, start, end, limits, now, result)
    return result
