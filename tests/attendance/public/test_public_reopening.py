"""When a closed unit opens again ("Buka lagi Senin, 4 Mei pukul 07:30"): the next day its own schedule
serves, skipping its days off and the holidays, from the same schedule and holiday tables the page reads,
with a frozen clock."""

import datetime as dt

import pytest
from django.utils import translation

from attendance.boards import coverage
from tests.attendance.boards.test_board_city import MONDAY, build_city, freeze
from tests.attendance.boards.test_board_city_coverage import make_puskesmas
from tests.attendance.public.test_public_status import status_of, text
from units.models import Holiday
from units.schedule import Hours, Timetable

LIST = "/status/"
FRIDAY = MONDAY + dt.timedelta(days=4)  # Friday 17 April 2026
OFFICE = Timetable({day: Hours(dt.time(7, 30), dt.time(16, 30) if day == 4 else dt.time(16)) for day in range(5)})
SIX_DAYS = Timetable({day: Hours(dt.time(8), dt.time(14)) for day in range(6)})
ROUND_THE_CLOCK = Timetable({day: Hours(dt.time(0), dt.time(0)) for day in range(7)})


def opening(timetable, after, holidays=None, shift_based=False, works_on_holidays=False):
    return coverage.next_opening(
        timetable=timetable, shift_based=shift_based, works_on_holidays=works_on_holidays,
        holidays=holidays or {}, after=after,
    )


@pytest.mark.parametrize(
    ("timetable", "after", "holidays", "expected"),
    [
        (OFFICE, MONDAY, {}, dt.datetime(2026, 4, 14, 7, 30)),  # the next morning
        (OFFICE, FRIDAY, {}, dt.datetime(2026, 4, 20, 7, 30)),  # over the weekend
        (OFFICE, FRIDAY + dt.timedelta(days=1), {}, dt.datetime(2026, 4, 20, 7, 30)),  # from Saturday
        (SIX_DAYS, FRIDAY, {}, dt.datetime(2026, 4, 18, 8, 0)),  # a six-day unit opens Saturday
        # Friday 1 May is a holiday: closed Thursday evening, open again Monday.
        (OFFICE, dt.date(2026, 4, 30), {dt.date(2026, 5, 1): "Hari Buruh"}, dt.datetime(2026, 5, 4, 7, 30)),
        # A holiday on the Monday after a weekend: Tuesday.
        (OFFICE, FRIDAY, {dt.date(2026, 4, 20): "Libur"}, dt.datetime(2026, 4, 21, 7, 30)),
        # A week of collective leave after Lebaran.
        (OFFICE, dt.date(2026, 3, 17), {dt.date(2026, 3, 18) + dt.timedelta(days=n): "Cuti bersama" for n in range(7)},
         dt.datetime(2026, 3, 25, 7, 30)),
    ],
)
def test_it_finds_the_next_opening(timetable, after, holidays, expected):
    assert opening(timetable, after, holidays) == expected


def test_it_gives_no_time_for_a_unit_that_never_opens_or_never_closes():
    assert opening(Timetable({}), MONDAY) is None
    assert opening(ROUND_THE_CLOCK, MONDAY, shift_based=True) == dt.datetime(2026, 4, 14, 0, 0)
    assert opening(OFFICE, MONDAY, {MONDAY + dt.timedelta(days=n): "Libur" for n in range(1, 100)}) is None


def test_it_says_it_in_words():
    with translation.override("id"):
        assert coverage.reopen_words(dt.datetime(2026, 12, 7, 7, 30)) == "Buka lagi Senin, 7 Desember pukul 07:30"
        assert coverage.reopen_words(dt.datetime(2026, 12, 7, 0, 0)) == "Buka lagi Senin, 7 Desember (24 jam)"
        assert coverage.reopen_words(None) == ""


def test_it_says_when_an_office_opens_again_after_closing_on_friday(client, world, monkeypatch):
    build_city(world)
    freeze(monkeypatch, day=FRIDAY, hh=17)
    html = client.get(LIST).content.decode()
    assert status_of(html, "17.99.01.1001").startswith(
        "Kelurahan Alpha Satu Sudah tutup hari ini · jam layanan 07:30–16:30 Buka lagi Senin, 20 April pukul 07:30"
    )
    page = text(client.get("/status/17.99.01.1001/").content.decode())
    assert "Sudah tutup hari ini · jam layanan 07:30–16:30 Buka lagi Senin, 20 April pukul 07:30" in page


def test_it_skips_a_holiday_after_the_weekend(client, world, monkeypatch):
    Holiday.objects.create(date=MONDAY + dt.timedelta(days=7), name="Libur Uji", category="public")
    freeze(monkeypatch, day=FRIDAY + dt.timedelta(days=1), hh=9)  # Saturday
    page = text(client.get("/status/17.99.01.1001/").content.decode())
    assert "Tutup hari ini Buka lagi Selasa, 21 April pukul 07:30" in page


def test_it_says_nothing_more_while_open_or_before_opening(client, world, monkeypatch):
    make_puskesmas(world)
    freeze(monkeypatch, hh=6)
    html = client.get(LIST).content.decode()
    assert "Buka lagi" not in status_of(html, "17.99.01.1001")  # "Belum buka · buka pukul 07:30" says it
    assert "Buka lagi" not in status_of(html, "pkm-uji")  # open round the clock
