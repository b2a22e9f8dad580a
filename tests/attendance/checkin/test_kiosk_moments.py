"""The kiosk and the three moments (SE BKPSDM 4/2025): the tablet says which moment a scan records now by
the unit's hours, and a scan records the moment due for the person and says which one it was."""

import datetime as dt

import pytest

from attendance.checkin import kiosk
from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    _frozen,  # noqa: F401 (fixture "frozen")
    text,
)
from tests.conftest import five_day_schedule, login
from units.schedule import Hours

SE_DATE = dt.date(2025, 3, 3)


@pytest.fixture
def three_moments(world):
    schedule = five_day_schedule()
    schedule.break_checkin_from = SE_DATE
    schedule.save()
    world.kel_alpha1.photo_required = False
    world.kel_alpha1.save()
    return world


def scan(client, unit, now):
    return client.get(f"/presensi/qr/{kiosk.issue(unit.code, now)}/")


def test_a_scan_records_arrival_break_and_departure_and_names_each(client, three_moments, frozen):
    unit = three_moments.kel_alpha1
    login(client, three_moments.staff_alpha1)
    assert "Presensi masuk tercatat di Kelurahan Alpha Satu" in text(scan(client, unit, frozen.set(MONDAY, 7, 24)))
    response = scan(client, unit, frozen.set(MONDAY, 12, 15))
    page = text(response)
    assert response.status_code == 200
    assert "Presensi istirahat tercatat di Kelurahan Alpha Satu" in page
    assert "Tersimpan: Presensi istirahat pukul 12:15." in page
    assert "Istirahat Tercatat 12:15 — di dalam jam istirahat dengan kode QR kios" in page
    # Still inside the window, the break is taken: a scan is now the departure, confirmed before the end.
    early = scan(client, unit, frozen.set(MONDAY, 12, 40))
    assert "Presensi pulang sekarang?" in text(early)
    page = text(scan(client, unit, frozen.set(MONDAY, 16, 2)))
    assert "Presensi pulang tercatat di Kelurahan Alpha Satu" in page
    rows = CheckIn.objects.filter(employee=three_moments.staff_alpha1).order_by("at")
    assert [(r.kind, r.method) for r in rows] == [("in", "qr"), ("brk", "qr"), ("out", "qr")]


def test_a_scan_after_the_window_is_the_departure_and_the_day_says_tpi(client, three_moments, frozen):
    unit = three_moments.kel_alpha1
    login(client, three_moments.staff_alpha1)
    scan(client, unit, frozen.set(MONDAY, 7, 24))
    response = client.post(f"/presensi/qr/{kiosk.issue(unit.code, frozen.set(MONDAY, 14, 0))}/")
    page = text(response)
    assert "Presensi pulang tercatat" in page and "Tidak ada presensi istirahat (TPI)." in page
    assert not CheckIn.objects.filter(kind="brk").exists()


@pytest.mark.parametrize(
    "hour, minute, words",
    [
        (7, 10, "Presensi masuk atau pulang. Presensi istirahat dibuka pukul 12:00–13:00."),
        (12, 0, "Sekarang jam istirahat (12:00–13:00): pindai untuk presensi istirahat."),
        (13, 0, "Sekarang jam istirahat (12:00–13:00): pindai untuk presensi istirahat."),
        (13, 1, "Presensi masuk atau pulang."),
    ],
)
def test_the_tablet_says_which_moment_a_scan_records_now(client, three_moments, frozen, hour, minute, words):
    frozen.set(MONDAY, hour, minute)
    login(client, three_moments.operator_alpha1)
    page = text(client.get("/kios/17.99.01.1001/", headers={"HX-Request": "true"}))  # the polled partial too
    assert words in page
    assert ("Presensi istirahat dibuka" in page) is (hour < 12)


def test_the_tablet_offers_no_break_without_the_rule_and_stays_at_its_queries(
    client, world, frozen, django_assert_max_num_queries
):
    login(client, world.operator_alpha1)
    client.get("/kios/17.99.01.1001/")
    frozen.set(MONDAY, 12, 10)
    with django_assert_max_num_queries(4):
        page = text(client.get("/kios/17.99.01.1001/"))
    assert "Presensi masuk atau pulang." in page and "jam istirahat" not in page


@pytest.mark.parametrize(
    "now, expected",
    [
        (dt.datetime(2026, 3, 2, 11, 59), kiosk.BREAK_LATER),
        (dt.datetime(2026, 3, 2, 12, 0), kiosk.BREAK_NOW),
        (dt.datetime(2026, 3, 2, 13, 0, 59), kiosk.BREAK_NOW),
        (dt.datetime(2026, 3, 2, 13, 1), kiosk.IN_OR_OUT),
    ],
)
def test_the_kiosk_moment_follows_the_window(now, expected):
    hours = Hours(dt.time(7, 30), dt.time(16), dt.time(12), dt.time(13), SE_DATE)
    assert kiosk.moment(hours, MONDAY, now) == expected
    assert kiosk.moment(Hours(dt.time(7, 30), dt.time(16), dt.time(12), dt.time(13)), MONDAY, now) == kiosk.IN_OR_OUT
    assert kiosk.moment(None, MONDAY, now) == kiosk.IN_OR_OUT
