"""Spoofing signals (attendance.integrity.signals, issue 15 part 2): each rule on a worked example, with its
reason in words, and the whole set on the labelled set (attendance.integrity.planted): at least 95% of the
planted cheaters caught, at most 1% of honest staff flagged."""

import datetime as dt

import pytest

from attendance.integrity import planted, signals
from attendance.integrity.signals import Fix, Thresholds

TZ = dt.timezone(dt.timedelta(hours=7))
OFFICE = planted.OFFICE


def at(day: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hh, mm, tzinfo=TZ)


def fix(n, person, when, point, accuracy=12, offset=8.0) -> Fix:
    lat, lon = planted.stored(point)
    return Fix(n, person, when, lat, lon, accuracy, offset)


def wander(metres: float):
    return planted.moved(OFFICE, metres, -metres / 2)


def test_the_same_point_on_many_days_is_a_signal_and_real_wandering_is_not():
    spot = planted.moved(OFFICE, 12, 7)
    same = [fix(n, 1, at(2 + n, 7, 30), spot, accuracy=10 + n) for n in range(5)]
    signal = signals.same_point(same, Thresholds())
    assert signal is not None and signal.kind == signals.SAME_POINT
    assert signal.reason.startswith("Koordinat yang sama (selisih kurang dari 1 meter) pada 5 hari berbeda")
    assert signals.same_point(same[:4], Thresholds()) is None  # four days: under the default
    real = [fix(n, 1, at(2 + n, 7, 30), wander(3 * n)) for n in range(10)]
    assert signals.same_point(real, Thresholds()) is None


def test_no_spread_at_all_is_a_signal_even_across_the_metre_squares():
    # A pinned spot that jitters by 40 cm around a corner of four squares: never 5 days in one square.
    corner = (round(OFFICE[0], 5) + 0.000005, round(OFFICE[1], 5) + 0.000005)
    jitter = [(-0.2, -0.2), (-0.2, 0.2), (0.2, -0.2), (0.2, 0.2)]
    pinned = [fix(n, 1, at(2 + n, 7, 30), planted.moved(corner, *jitter[n % 4]), accuracy=8 + n) for n in range(10)]
    assert signals.same_point(pinned, Thresholds()) is None
    signal = signals.no_spread(pinned, Thresholds())
    assert signal is not None and signal.kind == signals.SAME_POINT
    assert signal.reason.startswith("10 presensi terakhir semuanya dalam")
    real = [fix(n, 1, at(2 + n, 7, 30), wander(1.5 * n)) for n in range(10)]
    assert signals.no_spread(real, Thresholds()) is None
    assert signals.no_spread(pinned[:9], Thresholds()) is None  # fewer than the window: not judged
    assert [s.kind for s in signals.find(pinned)[1].signals] == [signals.SAME_POINT]


def test_the_same_coordinates_for_several_people_is_a_signal_for_each():
    spot = planted.moved(OFFICE, -20, 5)
    fixes = [fix(10 * p + n, p, at(2 + n, 7, 20 + p), spot) for p in (1, 2, 3) for n in range(2)]
    fixes.append(fix(99, 4, at(2, 7, 40), spot))  # once only: not counted
    found = signals.shared_points(fixes, Thresholds())
    assert set(found) == {1, 2, 3}
    assert found[1].reason == "Koordinat yang persis sama dipakai juga oleh 2 pegawai lain."


@pytest.mark.parametrize(
    "accuracies, words",
    [
        ([10] * 10, "Akurasi selalu 10 meter pada 10 presensi terakhir"),
        ([10, 20, 30, 10, 20, 50, 10, 20, 30, 7], "Akurasi berupa angka bulat (kelipatan 10 meter) pada 9 dari 10"),
        ([1, 2, 1, 15], "Akurasi dilaporkan lebih baik dari 3 meter sebanyak 3 kali"),
        ([12, 7, 23, 9, 15, 30, 5, 18, 11, 26], None),  # a phone's
    ],
)
def test_an_implausible_accuracy_is_a_signal(accuracies, words):
    fixes = [fix(n, 1, at(2 + n, 7), wander(n), accuracy=a) for n, a in enumerate(accuracies)]
    signal = signals.implausible_accuracy(fixes, Thresholds())
    if words is None:
        assert signal is None
    else:
        assert signal is not None and signal.kind == signals.ACCURACY and signal.reason.startswith(words)


def test_impossible_travel_is_a_signal_and_a_drive_is_not():
    home = planted.moved(OFFICE, 12_000, 5_000)  # 13 km
    jump = [fix(1, 1, at(2, 7, 30), OFFICE), fix(2, 1, at(2, 7, 38), home)]
    signal = signals.impossible_travel(jump, Thresholds())
    assert signal is not None and signal.checkin_ids == (1, 2)
    assert signal.reason.startswith("Berpindah 13.0 km dalam 8 menit (97")
    drive = [fix(1, 1, at(2, 7, 30), OFFICE), fix(2, 1, at(2, 8, 5), home)]  # 35 minutes: 22 km/h
    assert signals.impossible_travel(drive, Thresholds()) is None
    assert signals.impossible_travel(jump, Thresholds(max_speed_kmh=120)) is None  # admin-editable


def test_positions_exactly_on_the_office_point_are_a_signal():
    on = [fix(n, 1, at(2 + n, 7), OFFICE, offset=0.0) for n in range(2)]
    signal = signals.on_point(on, Thresholds())
    assert signal is not None and signal.reason.startswith("Posisi tepat di titik kantor sebanyak 2 kali")
    near = [fix(n, 1, at(2 + n, 7), OFFICE, offset=0.6) for n in range(5)]
    assert signals.on_point(near, Thresholds()) is None


def test_one_browser_for_several_people_is_a_signal_for_each():
    fixes = [
        Fix(10 * p + n, p, at(2 + n, 7, 20 + p), *planted.stored(wander(p + n)), 12, 8.0, "phone-of-1")
        for p in (1, 2) for n in range(2)
    ]
    fixes.append(Fix(99, 3, at(2, 7, 40), *planted.stored(OFFICE), 12, 8.0, "phone-of-1"))  # once: not counted
    fixes.append(Fix(98, 4, at(2, 7, 41), *planted.stored(OFFICE), 12, 8.0, ""))  # a browser unknown: never
    found = signals.shared_devices(fixes, Thresholds())
    assert set(found) == {1, 2}
    assert found[1].reason == "Presensi dari ponsel (peramban) yang juga dipakai presensi oleh 1 pegawai lain."


def test_the_report_catches_the_planted_cheaters_and_spares_honest_staff():
    labelled = planted.generate(honest=1000, per_kind=24)  # groups of three
    found = planted.rates(labelled, signals.find(labelled.fixes))
    assert found.caught_share >= 0.95, found.caught
    assert found.honest_share <= 0.01, found.honest_flagged
    assert all(caught == n for caught, n in found.caught.values()), found.caught
    # Each kind is caught by the signal made for it.
    assert found.by_signal[signals.SAME_POINT] >= 24 and found.by_signal[signals.TRAVEL] == 24
    assert found.by_signal[signals.ON_POINT] == 24 and found.by_signal[signals.SHARED_POINT] >= 24
    assert found.by_signal[signals.SHARED_DEVICE] >= 24
