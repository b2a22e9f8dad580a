"""The nightly scoring of spoofing signals (issue 15): the staff's phone check-ins of the last
IntegrityRules.period_days read in one query over the period, streamed unit by unit (after each person's last
review), and each unit's points (its own and its places'); attendance.integrity.signals finds the signals; each
flagged person's open SuspicionCase is created or brought up to date, and an open case whose signals are gone is
removed. A few queries per unit (its points, its open cases), never per person. Run by attendance.integrity.tasks.score_integrity (enqueued by run_scheduler each
night) and by `manage.py score_integrity`."""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db import transaction
from django.db.models import FloatField, Max
from django.db.models.functions import Cast

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


NEAR = 0.00005  # degrees (~5 m): only a position this close to a point is measured (the on-point rule's reach)


def offset(latitude: float, longitude: float, points: list[tuple[float, float]]) -> float | None:
    """Metres to the nearest point within NEAR of the position; None when none is that close (the on-point
    rule looks at centimetres)."""
    near = [(lat, lon) for lat, lon in points if abs(latitude - lat) < NEAR and abs(longitude - lon) < NEAR]
    return min((distance_m(latitude, longitude, lat, lon) for lat, lon in near), default=None)


def rows_by_unit(units: list[Unit], start: dt.date, end: dt.date):
    """(unit id, rows) for each unit with phone check-ins with a position in [start, end] by its active staff,
    from one query over the period ordered by unit and streamed: the period is read once, not once per unit
    (per unit, PostgreSQL read the whole period's index range each time: 150 units × 2 million rows)."""
    rows = (
        CheckIn.objects.filter(
            employee__unit__in=[u.pk for u in units], employee__is_active=True, date__range=(start, end),
            method=CheckIn.Method.PHONE, latitude__isnull=False, longitude__isnull=False,
        )
        # As floats from the database: no Decimal made and converted for each of the millions of rows.
        .annotate(lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField()))
        .order_by("employee__unit_id")
        .values_list("employee__unit_id", "id", "employee_id", "at", "lat", "lon", "accuracy_m", "device")
    )
    return groupby(rows.iterator(chunk_size=20_000), key=itemgetter(0))


def fixes_of(unit: Unit, rows, reviewed: dict[int, dt.datetime]) -> list[Fix]:
    """The unit's rows as fixes, leaving out each person's check-ins up to their last review."""
    where = points(unit)
    found = []
    for _unit, pk, person, at, latitude, longitude, accuracy, browser in rows:
        if person in reviewed and at <= reviewed[person]:
            continue
        found.append(Fix(pk, person, at, latitude, longitude, accuracy, offset(latitude, longitude, where), browser))
    return found


def score_unit(unit: Unit, fixes: list[Fix], start: dt.date, end: dt.date, limits: Thresholds, now: dt.datetime,
               result: Result) -> None:
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
    listed = list(units if units is not None else Unit.objects.active().order_by("tree_path"))
    reviewed = dict(
        SuspicionCase.objects.filter(unit__in=listed, reviewed_at__isnull=False)
        .values("employee_id").annotate(last=Max("reviewed_at")).values_list("employee_id", "last")
    )
    by_id = {unit.pk: unit for unit in listed}
    seen = set()
    for unit_id, rows in rows_by_unit(listed, start, end):
        seen.add(unit_id)
        unit = by_id[unit_id]
        score_unit(unit, fixes_of(unit, rows, reviewed), start, end, limits, now, result)
    for unit in listed:  # no check-in with a position in the period: their open cases have no signal left
        if unit.pk not in seen:
            score_unit(unit, [], start, end, limits, now, result)
    return result
