"""The demo clock (README.md, "Demo clock"): HADIR_DEMO_DATE moves units.clock for trying Hadir on a weekend or in
the evening; settings refuse it when DEBUG is off."""

import datetime as dt
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

from tests.conftest import login
from units import clock

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
ROOT = Path(__file__).resolve().parents[2]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


SUNDAY = dt.date(2026, 12, 6)
MONDAY = dt.date(2026, 12, 7)
CHRISTMAS_EVE = dt.date(2026, 12, 24)  # cuti bersama, then Christmas Day, then the weekend


def test_a_date_moves_the_day_and_keeps_the_time():
    real = at(SUNDAY, 20, 15)
    offset = clock.demo_offset("2026-12-07", real, real)
    assert real + offset == at(MONDAY, 20, 15)


def test_a_date_and_time_starts_there_and_runs_on():
    started = at(SUNDAY, 20, 15)
    offset = clock.demo_offset("2026-12-07T07:20", started, started)
    assert started + offset == at(MONDAY, 7, 20)
    assert started + dt.timedelta(minutes=12) + offset == at(MONDAY, 7, 32)


@pytest.mark.parametrize(
    ("started", "demo"),
    [
        (at(MONDAY, 9, 30), at(MONDAY, 9, 30)),  # a working morning: the real clock
        (at(SUNDAY, 20, 15), at(MONDAY, 7, 20)),  # a weekend: the next working morning
        (at(MONDAY, 17, 0), at(dt.date(2026, 12, 8), 7, 20)),  # after the day's hours: tomorrow morning
        (at(MONDAY, 5, 0), at(MONDAY, 7, 20)),  # before them: this morning
        (at(dt.date(2026, 12, 23), 18, 0), at(dt.date(2026, 12, 28), 7, 20)),  # cuti bersama and Christmas skipped
    ],
)
def test_auto_runs_on_a_working_morning(started, demo):
    assert started + clock.demo_offset("auto", started, started) == demo


def test_a_holiday_is_not_a_working_day():
    assert not clock.is_working_day(CHRISTMAS_EVE) and not clock.is_working_day(SUNDAY)
    assert clock.is_working_day(MONDAY)


def test_the_clock_runs_on_the_demo_date(settings):
    settings.DEMO_CLOCK, settings.DEMO_CLOCK_FROM = "2031-01-06T07:20", str(dt.datetime.now(dt.UTC).timestamp())
    assert clock.today() == dt.date(2031, 1, 6)
    assert dt.timedelta(0) <= clock.now() - at(dt.date(2031, 1, 6), 7, 20) < dt.timedelta(minutes=1)
    settings.DEMO_CLOCK = ""
    assert clock.today() != dt.date(2031, 1, 6)


def _settings_with(**env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )


def test_settings_refuse_the_demo_clock_without_debug():
    refused = _settings_with(DEBUG="0", SECRET_KEY="x" * 50, HADIR_DEMO_DATE="2026-12-07")
    assert refused.returncode != 0 and "HADIR_DEMO_DATE is only for the demo" in refused.stderr
    garbled = _settings_with(DEBUG="1", HADIR_DEMO_DATE="next monday")
    assert garbled.returncode != 0 and "HADIR_DEMO_DATE must be YYYY-MM-DD" in garbled.stderr
    assert _settings_with(DEBUG="1", HADIR_DEMO_DATE="auto").returncode == 0


@pytest.mark.django_db
def test_every_page_says_the_demo_clock_runs(client, world, settings):
    login(client, world.staff_alpha1)
    assert "Jam demo" not in client.get("/saya/").content.decode()
    settings.DEMO_CLOCK, settings.DEMO_CLOCK_FROM = "2026-12-07T07:20", str(dt.datetime.now(dt.UTC).timestamp())
    page = client.get("/saya/").content.decode()
    assert "Jam demo: aplikasi berjalan seolah-olah sekarang Senin, 7 Desember 2026, 07.2" in page
    assert "Hari ini, " in page and "Senin, 7 Desember 2026" in page
    assert "Jam demo" in client.get("/status/").content.decode()  # the public page too


@pytest.mark.django_db
def test_the_demo_location_box_shows_only_with_the_demo_clock(client, world, settings):
    unit = world.staff_alpha1.unit
    unit.latitude, unit.longitude = -3.79, 102.25
    unit.save()
    login(client, world.staff_alpha1)
    settings.DEMO_CLOCK, settings.DEMO_CLOCK_FROM = "2026-12-07T07:20", str(dt.datetime.now(dt.UTC).timestamp())
    page = client.get("/saya/").content.decode()
    assert 'id="demo-location" checked data-latitude="-3.790000" data-longitude="102.250000"' in page
    settings.DEMO_CLOCK = ""
    assert 'id="demo-location"' not in client.get("/saya/").content.decode()
