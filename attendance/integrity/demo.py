"""Planted cheaters in the demo (issue 15, `manage.py load_demo --plant-cheaters N`): among the demo staff whose
phone check-ins the history generated (honest: wandering around the office point with a phone's accuracy), N
people of each kind of attendance.integrity.planted have their check-ins of the scored period rewritten as such
a cheater's would be, and the night's scoring runs, so that "Presensi mencurigakan" shows them with their
reasons. Demo data only: the app itself never rewrites a check-in."""

import datetime as dt
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from attendance.checkin import device
from attendance.checkin.geo import distance_m
from attendance.integrity import planted, scoring
from attendance.models import CheckIn, IntegrityRules, SuspicionCase, Verification
from units import clock
from units.models import Employee


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _put(row: CheckIn, point: tuple[float, float], office: tuple[float, float]) -> None:
    row.latitude, row.longitude = _decimal(point[0]), _decimal(point[1])
    row.distance_m = round(distance_m(point[0], point[1], *office))


def plant(per_kind: int, seed: int = 2026) -> dict[str, list[int]]:
    """Rewrite the check-ins of `per_kind` people of each planted kind; returns {kind: [employee ids]}."""
    if per_kind <= 0 or SuspicionCase.objects.exists():  # none asked, or planted (and scored) already
        return {}
    rng = random.Random(seed)
    end = clock.today() - dt.timedelta(days=1)
    start = end - dt.timedelta(days=IntegrityRules.current().period_days - 1)
    phone = CheckIn.objects.filter(
        date__range=(start, end), method=CheckIn.Method.PHONE, latitude__isnull=False, location=CheckIn.Location.INSIDE
    )
    eligible = (
        phone.filter(employee__is_active=True, employee__unit__latitude__isnull=False)
        .values("employee_id", "employee__unit_id").annotate(n=Count("id")).filter(n__gte=8).order_by("employee_id")
    )
    by_unit: dict[int, list[int]] = defaultdict(list)
    for row in eligible:
        by_unit[row["employee__unit_id"]].append(row["employee_id"])
    chosen: dict[str, list[int]] = {kind: [] for kind in planted.PLANTED}
    taken: set[int] = set()
    # Sharers of a spot, and of a phone: groups of three colleagues of one unit (the scoring compares the people
    # of a unit).
    for kind in (planted.SHARER, planted.DEVICE):
        for people in sorted(by_unit.values(), key=len, reverse=True):
            while len(chosen[kind]) < per_kind and len([p for p in people if p not in taken]) >= 3:
                group = [p for p in people if p not in taken][:3]
                chosen[kind] += group
                taken.update(group)
    pool = [p for people in by_unit.values() for p in people if p not in taken]
    rng.shuffle(pool)
    for kind in (planted.FIXED, planted.ON_POINT, planted.TELEPORTER):
        chosen[kind], pool = pool[:per_kind], pool[per_kind:]
    staff = Employee.objects.select_related("unit").in_bulk([p for people in chosen.values() for p in people])
    with transaction.atomic():
        group_spot: tuple[float, float] | None = None
        group_phone = ""
        for kind, people in chosen.items():
            for index, person in enumerate(people):
                unit = staff[person].unit
                office = (float(unit.latitude), float(unit.longitude))
                rows = list(phone.filter(employee_id=person).order_by("at"))
                if kind == planted.SHARER and index % 3 == 0:
                    group_spot = planted.moved(office, rng.uniform(-8, 8), rng.uniform(-8, 8))
                if kind == planted.DEVICE:  # one colleague's phone checks the group in (attendance.checkin.device)
                    if index % 3 == 0:
                        group_phone = device.new()
                    for row in rows:
                        row.device = group_phone
                    CheckIn.objects.bulk_update(rows, ["device"])
                    continue
                spot = {
                    planted.FIXED: planted.moved(office, rng.uniform(-8, 8), rng.uniform(-8, 8)),
                    planted.ON_POINT: office,
                    planted.SHARER: group_spot,
                }.get(kind)
                if spot is not None:
                    for row in rows:
                        _put(row, spot, office)
                    CheckIn.objects.bulk_update(rows, ["latitude", "longitude", "distance_m"])
                else:
                    _teleport(staff[person], rows, office, rng)
    scoring.score()
    return chosen


def _teleport(employee: Employee, rows: list[CheckIn], office: tuple[float, float], rng: random.Random) -> None:
    """On three days, minutes after the faked arrival at the office, the person's real phone checks out from
    home, 8–20 km away ("salah tekan"); the head rejects it, and the day's real departure supersedes it."""
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    arrivals = {r.date: r for r in rows if r.kind == CheckIn.Kind.IN}
    departures = {r.date: r for r in rows if r.kind == CheckIn.Kind.OUT and r.supersedes_id is None}
    days = [day for day in sorted(arrivals) if day in departures][-3:]
    for day in days:
        arrival, departure = arrivals[day], departures[day]
        bearing, reach = rng.uniform(0, 2 * math.pi), rng.uniform(8_000, 20_000)
        home = planted.moved(office, reach * math.cos(bearing), reach * math.sin(bearing))
        values = {f.attname: getattr(departure, f.attname) for f in CheckIn._meta.concrete_fields if not f.primary_key}
        departure.delete()
        slip = CheckIn(**{**values, "at": arrival.at + dt.timedelta(minutes=rng.randint(4, 9)), "token": None,
                          "location": CheckIn.Location.OUTSIDE, "reason": "Salah tekan"})
        _put(slip, home, office)
        slip.save()
        Verification.objects.create(
            checkin=slip, employee=employee, date=day, status=Verification.Status.REJECTED, decided_by=admin,
            decided_at=slip.at + dt.timedelta(hours=2), decision_note="Presensi pulang dari rumah pada pagi hari.",
        )
        CheckIn.objects.create(**{**values, "supersedes_id": slip.pk})
