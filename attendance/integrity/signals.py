"""Spoofing signals (issue 15): what a faked position or a borrowed account leaves in the check-ins already
stored, worked out on the server, each with its reason in words. Pure: plain values in, plain values out; the
daily scoring job reads the check-ins in bulk and stores what this finds.

A browser cannot read Android's mock-location flag, but fake-GPS apps leave traces real GPS does not:
- the same coordinates, to about a metre, on many days, or no spread at all over the last check-ins (real GPS
  wanders by metres every time);
- the very same coordinates for several people (a colleague checking in for others from one spot);
- a reported accuracy that is implausible: always the same value, nearly always a round number, or better than
  a phone's GPS gives;
- impossible travel between two consecutive check-ins (faster than a motorbike in Bengkulu);
- positions exactly on the office point (the pin a fake-GPS app was set to);
- one browser used to check in several people (attendance.checkin.device; a kiosk scan carries none).
A passkey belongs to one account by construction (units.passkeys): a colleague's phone can only sign for the
colleague, and shows here as the same browser used for several people.

Every threshold is a field of `Thresholds`, admin-editable (the defaults are examples, not a regulation), and
tests/attendance/integrity/ measures the signals on a labelled set (attendance.integrity.planted): planted
cheaters caught and honest staff flagged.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.checkin.geo import distance_m

SAME_POINT = "same_point"
SHARED_POINT = "shared_point"
ACCURACY = "accuracy"
TRAVEL = "travel"
ON_POINT = "on_point"
SHARED_DEVICE = "shared_device"
LABELS = {
    SAME_POINT: gettext_lazy("Titik sama berhari-hari"),
    SHARED_POINT: gettext_lazy("Koordinat sama dengan pegawai lain"),
    ACCURACY: gettext_lazy("Akurasi tidak wajar"),
    TRAVEL: gettext_lazy("Perpindahan mustahil"),
    ON_POINT: gettext_lazy("Tepat di titik kantor"),
    SHARED_DEVICE: gettext_lazy("Satu ponsel untuk beberapa pegawai"),
}


@dataclass(frozen=True)
class Thresholds:
    same_point_days: int = 5  # days on which one person's check-ins fall in the same ~1 m square
    spread_window: int = 10  # the last check-ins whose spread is measured …
    spread_cm: int = 100  # … all within this distance of their middle (centimetres): no spread
    shared_people: int = 2  # people who each used the very same coordinates …
    shared_times: int = 2  # … at least this many times
    accuracy_window: int = 10  # the last check-ins the accuracy rules look at
    round_share: int = 80  # percent of those with a round accuracy (a multiple of 10 m)
    accuracy_floor_m: int = 3  # a reported accuracy below this (metres) is better than a phone gives
    accuracy_floor_times: int = 3  # … this many times
    max_speed_kmh: int = 90  # faster than a motorbike in Bengkulu
    travel_min_m: int = 1000  # shorter jumps are GPS noise, not travel
    on_point_cm: int = 20  # a position this close to a place's point (centimetres) …
    on_point_times: int = 2  # … this many times
    device_people: int = 2  # people who each checked in from the same browser …
    device_times: int = 2  # … at least this many times


@dataclass(frozen=True)
class Fix:
    """One phone check-in with a position."""

    checkin_id: int
    employee_id: int
    at: dt.datetime
    latitude: float
    longitude: float
    accuracy: int | None
    offset: float | None  # metres to the nearest point of the person's places (the scoring job works it out)
    device: str = ""  # the browser's id (attendance.checkin.device); "" when unknown

    @property
    def day(self) -> dt.date:
        return self.at.date()


@dataclass(frozen=True)
class Signal:
    kind: str
    reason: str  # in words, for the head and BKPSDM
    checkin_ids: tuple[int, ...]


@dataclass
class Finding:
    employee_id: int
    signals: list[Signal] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.signals)

    @property
    def kinds(self) -> set[str]:
        return {s.kind for s in self.signals}


def _metre_square(fix: Fix) -> tuple[int, int]:
    """The ~1.1 m square a position falls in (five decimals of a degree)."""
    return round(fix.latitude * 100_000), round(fix.longitude * 100_000)


def _exact(fix: Fix) -> tuple[int, int]:
    """The coordinates as stored (six decimals)."""
    return round(fix.latitude * 1_000_000), round(fix.longitude * 1_000_000)


def same_point(fixes: list[Fix], limits: Thresholds) -> Signal | None:
    by_square: dict[tuple[int, int], list[Fix]] = defaultdict(list)
    for fix in fixes:
        by_square[_metre_square(fix)].append(fix)
    best = max(by_square.values(), key=lambda found: len({f.day for f in found}), default=[])
    days = len({f.day for f in best})
    if days < limits.same_point_days:
        return None
    reason = _(
        "Koordinat yang sama (selisih kurang dari 1 meter) pada %(days)s hari berbeda; GPS sungguhan selalu "
        "bergeser beberapa meter."
    ) % {"days": days}
    return Signal(SAME_POINT, reason, tuple(f.checkin_id for f in best))


def no_spread(fixes: list[Fix], limits: Thresholds) -> Signal | None:
    """The last `spread_window` positions all within `spread_cm` of their middle: real GPS always wanders
    (a pinned spot that jitters across the ~1 m squares of `same_point` is caught here)."""
    last = sorted(fixes, key=lambda f: f.at)[-limits.spread_window:]
    if len(last) < limits.spread_window:
        return None
    lat = sum(f.latitude for f in last) / len(last)
    lon = sum(f.longitude for f in last) / len(last)
    widest = max(distance_m(f.latitude, f.longitude, lat, lon) for f in last)
    if widest * 100 > limits.spread_cm:
        return None
    reason = _("%(n)s presensi terakhir semuanya dalam %(cm)s cm dari satu titik; GPS sungguhan selalu bergeser.") % {
        "n": len(last), "cm": max(1, round(widest * 100))
    }
    return Signal(SAME_POINT, reason, tuple(f.checkin_id for f in last))


def _shared(fixes: list[Fix], key, people: int, times: int, kind: str, words: str) -> dict[int, Signal]:
    """{employee id: Signal} for the people who share a `key` (a value of a fix; empty ones never match) with
    others, `people` of them or more, each at least `times` times; `words` says it with %(others)s."""
    uses: dict[object, dict[int, list[Fix]]] = defaultdict(lambda: defaultdict(list))
    for fix in fixes:
        value = key(fix)
        if value:
            uses[value][fix.employee_id].append(fix)
    found: dict[int, Signal] = {}
    for by_person in uses.values():
        repeated = {person: used for person, used in by_person.items() if len(used) >= times}
        if len(repeated) < people:
            continue
        for person, used in repeated.items():
            reason = words % {"others": len(repeated) - 1}
            found.setdefault(person, Signal(kind, reason, tuple(f.checkin_id for f in used)))
    return found


def shared_points(fixes: list[Fix], limits: Thresholds) -> dict[int, Signal]:
    """The people who used the very same coordinates as others, each at least `shared_times` times."""
    words = _("Koordinat yang persis sama dipakai juga oleh %(others)s pegawai lain.")
    return _shared(fixes, _exact, limits.shared_people, limits.shared_times, SHARED_POINT, words)


def shared_devices(fixes: list[Fix], limits: Thresholds) -> dict[int, Signal]:
    """The people who checked in from a browser others used too, each at least `device_times` times."""
    words = _("Presensi dari ponsel (peramban) yang juga dipakai presensi oleh %(others)s pegawai lain.")
    return _shared(fixes, _device, limits.device_people, limits.device_times, SHARED_DEVICE, words)


def _device(fix: Fix) -> str:
    return fix.device


def implausible_accuracy(fixes: list[Fix], limits: Thresholds) -> Signal | None:
    reported = [f for f in fixes if f.accuracy is not None]
    too_good = [f for f in reported if (f.accuracy or 0) < limits.accuracy_floor_m]
    if len(too_good) >= limits.accuracy_floor_times:
        reason = _("Akurasi dilaporkan lebih baik dari %(floor)s meter sebanyak %(n)s kali; GPS ponsel tidak setepat itu.") % {
            "floor": limits.accuracy_floor_m, "n": len(too_good)
        }
        return Signal(ACCURACY, reason, tuple(f.checkin_id for f in too_good))
    last = sorted(reported, key=lambda f: f.at)[-limits.accuracy_window:]
    if len(last) < limits.accuracy_window:
        return None
    ids = tuple(f.checkin_id for f in last)
    if len({f.accuracy for f in last}) == 1:
        reason = _("Akurasi selalu %(m)s meter pada %(n)s presensi terakhir; GPS sungguhan berubah-ubah.") % {
            "m": last[0].accuracy, "n": len(last)
        }
        return Signal(ACCURACY, reason, ids)
    rounded = sum(1 for f in last if f.accuracy and f.accuracy % 10 == 0)
    if rounded * 100 >= limits.round_share * len(last):
        reason = _("Akurasi berupa angka bulat (kelipatan 10 meter) pada %(n)s dari %(total)s presensi terakhir.") % {
            "n": rounded, "total": len(last)
        }
        return Signal(ACCURACY, reason, ids)
    return None


def impossible_travel(fixes: list[Fix], limits: Thresholds) -> Signal | None:
    ordered = sorted(fixes, key=lambda f: f.at)
    for before, after in zip(ordered, ordered[1:], strict=False):
        metres = distance_m(before.latitude, before.longitude, after.latitude, after.longitude)
        if metres < limits.travel_min_m:
            continue
        hours = max((after.at - before.at).total_seconds(), 1) / 3600
        speed = metres / 1000 / hours
        if speed > limits.max_speed_kmh:
            reason = _(
                "Berpindah %(km).1f km dalam %(minutes)s menit (%(speed)s km/jam) antara dua presensi, lebih "
                "cepat dari sepeda motor."
            ) % {"km": metres / 1000, "minutes": round(hours * 60), "speed": round(speed)}
            return Signal(TRAVEL, reason, (before.checkin_id, after.checkin_id))
    return None


def on_point(fixes: list[Fix], limits: Thresholds) -> Signal | None:
    exact = [f for f in fixes if f.offset is not None and f.offset * 100 <= limits.on_point_cm]
    if len(exact) < limits.on_point_times:
        return None
    reason = _("Posisi tepat di titik kantor sebanyak %(n)s kali; GPS sungguhan hampir tidak pernah setepat itu.") % {
        "n": len(exact)
    }
    return Signal(ON_POINT, reason, tuple(f.checkin_id for f in exact))


def find(fixes: list[Fix], limits: Thresholds | None = None) -> dict[int, Finding]:
    """{employee id: Finding} for everyone with a fix in `fixes` (the period scored, e.g. the last 30 days,
    of the people scored together: the shared-point rule compares them)."""
    limits = limits or Thresholds()
    by_person: dict[int, list[Fix]] = defaultdict(list)
    for fix in fixes:
        by_person[fix.employee_id].append(fix)
    shared = shared_points(fixes, limits)
    devices = shared_devices(fixes, limits)
    findings = {}
    for person, own in by_person.items():
        finding = Finding(person)
        for rule in (same_point, implausible_accuracy, impossible_travel, on_point):
            signal = rule(own, limits)
            if signal is not None:
                finding.signals.append(signal)
        if SAME_POINT not in finding.kinds:  # the same trace, measured the other way: one reason is enough
            spread = no_spread(own, limits)
            if spread is not None:
                finding.signals.append(spread)
        for across in (shared, devices):
            if person in across:
                finding.signals.append(across[person])
        findings[person] = finding
    return findings
