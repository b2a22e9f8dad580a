"""A labelled set for the spoofing signals (issue 15): honest staff with realistic GPS noise and planted
cheaters of four known kinds, as plain fixes (attendance.integrity.signals.Fix). The test and the bench score
it and report how many planted cheaters each signal and the whole report catch, and how many honest staff are
flagged; the demo generator plants the same kinds among the demo staff.

Honest: around the office point, each person with their own spread (4–15 m, as phones indoors and out), an
accuracy of 4–30 m each time, an arrival and a departure on most working days, now and then a day at an
activity site a few kilometres away. Planted:
- FIXED: a fake-GPS app pinned to one spot near the office, the same coordinates every day;
- TELEPORTER: a faked arrival at the office, then on three days the real phone minutes later from home,
  3–25 km away (a jump at 150–600 km/h);
- SHARER: one phone checking in a group of colleagues from one faked spot;
- ON_POINT: an app set to the office's own coordinates;
- DEVICE: one colleague's phone checking in a group of three, with real positions at the office.
Each person's own phone is one browser (its id, attendance.checkin.device); a SHARER group's phone is one too.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass

from attendance.integrity.signals import Fix

HONEST, FIXED, TELEPORTER, SHARER, ON_POINT = "honest", "fixed", "teleporter", "sharer", "on_point"
DEVICE = "device"
PLANTED = (FIXED, TELEPORTER, SHARER, ON_POINT, DEVICE)
OFFICE = (-3.795_600, 102.259_200)  # a point in Kota Bengkulu
METRES_PER_DEGREE = 111_320


@dataclass(frozen=True)
class Labelled:
    labels: dict[int, str]  # employee id → HONEST or a planted kind
    fixes: list[Fix]


def moved(point: tuple[float, float], north_m: float, east_m: float) -> tuple[float, float]:
    lat, lon = point
    return lat + north_m / METRES_PER_DEGREE, lon + east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat)))


def stored(point: tuple[float, float]) -> tuple[float, float]:
    """As the check-in stores it: six decimals."""
    return round(point[0], 6), round(point[1], 6)


def offset(point: tuple[float, float], office: tuple[float, float]) -> float:
    north = (point[0] - office[0]) * METRES_PER_DEGREE
    east = (point[1] - office[1]) * METRES_PER_DEGREE * math.cos(math.radians(office[0]))
    return math.hypot(north, east)


def working_days(start: dt.date, days: int) -> list[dt.date]:
    found: list[dt.date] = []
    day = start
    while len(found) < days:
        if day.weekday() < 5:
            found.append(day)
        day += dt.timedelta(days=1)
    return found


def generate(
    *, honest: int = 1000, per_kind: int = 25, days: int = 22, start: dt.date = dt.date(2026, 11, 2), seed: int = 15
) -> Labelled:
    """`honest` honest staff and `per_kind` planted cheaters of each kind, over `days` working days."""
    rng = random.Random(seed)
    tz = dt.timezone(dt.timedelta(hours=7))
    calendar = working_days(start, days)
    labels: dict[int, str] = {}
    fixes: list[Fix] = []
    next_checkin = iter(range(1, 10**9))

    browsers: dict[int, str] = {}  # person → the browser they check in from

    def fix(person: int, day: dt.date, hh: int, mm: int, point: tuple[float, float], accuracy: int | None) -> None:
        at = dt.datetime.combine(day, dt.time(hh, mm, rng.randrange(60)), tz)
        kept = stored(point)
        browser = browsers.setdefault(person, f"phone-{person}")
        fixes.append(Fix(next(next_checkin), person, at, kept[0], kept[1], accuracy, offset(kept, OFFICE), browser))

    def noisy(spread: float) -> tuple[float, float]:
        return moved(OFFICE, rng.gauss(0, spread), rng.gauss(0, spread))

    def honest_accuracy() -> int:
        return rng.randint(4, 30)

    person = 0
    for _ in range(honest):
        person += 1
        labels[person] = HONEST
        spread = rng.uniform(4, 15)
        for day in calendar:
            if rng.random() < 0.08:  # leave, sick, a day off
                continue
            if rng.random() < 0.05:  # a day at an activity site a few kilometres away
                site = moved(OFFICE, rng.uniform(-8000, 8000), rng.uniform(-8000, 8000))
                fix(person, day, 8, rng.randrange(60), moved(site, rng.gauss(0, spread), rng.gauss(0, spread)), honest_accuracy())
                fix(person, day, 15, rng.randrange(60), moved(site, rng.gauss(0, spread), rng.gauss(0, spread)), honest_accuracy())
                continue
            fix(person, day, 7, rng.randrange(10, 50), noisy(spread), honest_accuracy())
            fix(person, day, 16, rng.randrange(0, 45), noisy(spread), honest_accuracy())

    for kind in PLANTED:
        group_spot, group_phone = moved(OFFICE, rng.uniform(-40, 40), rng.uniform(-40, 40)), ""
        for n in range(per_kind):
            person += 1
            labels[person] = kind
            spot = moved(OFFICE, rng.uniform(-40, 40), rng.uniform(-40, 40))
            bearing, reach = rng.uniform(0, 2 * math.pi), rng.uniform(3_000, 25_000)
            home = moved(OFFICE, reach * math.cos(bearing), reach * math.sin(bearing))
            # The real phone shows up this many minutes after the faked arrival: a jump no vehicle makes
            # (150–600 km/h over the distance).
            gap = max(1, round(reach / 1000 / rng.uniform(150, 600) * 60))
            if kind in (SHARER, DEVICE) and n % 3 == 0:  # a new group every three people: one phone (and spot)
                group_spot, group_phone = spot, f"phone-{person}"
            if kind in (SHARER, DEVICE):
                browsers[person] = group_phone
            jumps = set(rng.sample(range(len(calendar)), 3))
            for index, day in enumerate(calendar):
                if rng.random() < 0.08:
                    continue
                if kind == FIXED:
                    fix(person, day, 7, rng.randrange(10, 50), spot, honest_accuracy())
                    fix(person, day, 16, rng.randrange(0, 45), spot, honest_accuracy())
                elif kind == ON_POINT:
                    fix(person, day, 7, rng.randrange(10, 50), OFFICE, honest_accuracy())
                    fix(person, day, 16, rng.randrange(0, 45), OFFICE, honest_accuracy())
                elif kind == DEVICE:  # real positions: the phone's holder stands at the office
                    fix(person, day, 7, rng.randrange(10, 50), noisy(rng.uniform(4, 15)), honest_accuracy())
                    fix(person, day, 16, rng.randrange(0, 45), noisy(rng.uniform(4, 15)), honest_accuracy())
                elif kind == SHARER:
                    fix(person, day, 7, rng.randrange(10, 50), group_spot, honest_accuracy())
                    fix(person, day, 16, rng.randrange(0, 45), group_spot, honest_accuracy())
                else:  # TELEPORTER: a faked arrival that looks real, and on a few days the real phone minutes later
                    arrival = rng.randrange(10, 35)
                    fix(person, day, 7, arrival, noisy(rng.uniform(4, 15)), honest_accuracy())
                    if index in jumps:
                        fix(person, day, 7, arrival + gap, home, honest_accuracy())
                    fix(person, day, 16, rng.randrange(0, 45), noisy(rng.uniform(4, 15)), honest_accuracy())
    return Labelled(labels, fixes)


@dataclass(frozen=True)
class Rates:
    caught: dict[str, tuple[int, int]]  # planted kind → (caught by the whole report, planted)
    by_signal: dict[str, int]  # signal kind → planted cheaters it caught
    honest_flagged: tuple[int, int]  # (flagged, honest)

    @property
    def caught_share(self) -> float:
        found = sum(c for c, _n in self.caught.values())
        return found / max(1, sum(n for _c, n in self.caught.values()))

    @property
    def honest_share(self) -> float:
        return self.honest_flagged[0] / max(1, self.honest_flagged[1])


def rates(labelled: Labelled, findings) -> Rates:
    caught = {kind: [0, 0] for kind in PLANTED}
    by_signal: dict[str, int] = {}
    flagged_honest = honest = 0
    for person, label in labelled.labels.items():
        finding = findings.get(person)
        flagged = finding is not None and finding.flagged
        if label == HONEST:
            honest += 1
            flagged_honest += flagged
            continue
        caught[label][1] += 1
        caught[label][0] += flagged
        for kind in finding.kinds if finding else ():
            by_signal[kind] = by_signal.get(kind, 0) + 1
    return Rates({k: (v[0], v[1]) for k, v in caught.items()}, by_signal, (flagged_honest, honest))
