"""The month calendar with the break moment (SE BKPSDM 4/2025): the three times of a day, a missed break in
words (TPI), its total, and a day before the rule with two moments. Now is Friday 10 April 2026, 12:00."""

import datetime as dt
import re

import pytest

from attendance.evaluation.status import DayStatus
from attendance.month import calendar
from attendance.rules_seed import MISSED_BREAK
from tests.attendance.approvals.test_correction_fixtures import (
    april,  # noqa: F401
    check,
)
from tests.attendance.month.test_month import cells, detail, totals_table
from tests.conftest import five_day_schedule, login

pytestmark = pytest.mark.usefixtures("april")


def d(day):
    return dt.date(2026, 4, day)


@pytest.fixture
def three_moments(world):
    """The rule from Monday 6 April: 1 and 2 April keep two moments."""
    schedule = five_day_schedule()
    schedule.break_checkin_from = d(6)
    schedule.save()
    siti = world.staff_alpha1
    for day, pause in [(1, None), (2, None), (6, (12, 10)), (7, None), (8, (12, 59)), (9, (13, 15))]:
        check(siti, d(day), "in", 7, 20)
        if pause:
            check(siti, d(day), "brk", *pause)
        check(siti, d(day), "out", 16, 5)
    return world


def test_it_shows_the_three_moments_and_a_missed_break_in_words(client, three_moments):
    login(client, three_moments.staff_alpha1)

    def times(day):
        part = detail(client.get(f"/saya/bulan/?hari=2026-04-{day:02d}").content.decode())
        return re.findall(r"<dt>(\w+)</dt><dd>([\d:—]+)</dd>", part)

    assert times(6) == [("Masuk", "07:20"), ("Istirahat", "12:10"), ("Pulang", "16:05")]
    assert times(8) == [("Masuk", "07:20"), ("Istirahat", "12:59"), ("Pulang", "16:05")]
    for day in (1, 2, 7, 9):  # two moments before the rule; 7 April without a break, 9 after its window
        assert times(day) == [("Masuk", "07:20"), ("Pulang", "16:05")], day
    html = client.get("/saya/bulan/?bulan=2026-04").content.decode()
    days = cells(html)
    assert [day for day, (shown, _) in days.items() if MISSED_BREAK in shown] == ["2026-04-07", "2026-04-09"]
    assert html.count("TPI · tidak presensi istirahat") == 2  # 7 and 9 April, said in words
    assert 'class="day code-tpi' in html
    assert totals_table(html) == {"H": "4", MISSED_BREAK: "2", "TK": "1", "L": "2"}  # 3 April: TK here
    assert '<span class="stat">6</span> hari hadir (H, TL, PSW atau TPI)' in html
    assert "TPI tidak presensi istirahat" in html  # the legend


def test_the_day_label_puts_the_moments_in_order():
    status = DayStatus(("TL1", MISSED_BREAK, "PSW2"), late_minutes=12, early_minutes=40, missing_break=True)
    assert calendar.day_label(d(7), d(10), status) == (
        "TL1 · terlambat 12 menit; TPI · tidak presensi istirahat; PSW2 · pulang cepat 40 menit"
    )
    assert calendar.sort_codes(["TK", MISSED_BREAK, "H", "PSW1"]) == ["H", "PSW1", MISSED_BREAK, "TK"]


def test_it_keeps_the_query_count_flat_with_breaks(client, world, django_assert_max_num_queries):
    siti = world.staff_alpha1
    schedule = five_day_schedule()
    schedule.break_checkin_from = d(1)
    schedule.save()
    login(client, siti)
    with django_assert_max_num_queries(15) as empty:
        client.get("/saya/bulan/")
    for day in (1, 2, 6, 7, 8, 9):
        check(siti, d(day), "in", 7, 20)
        check(siti, d(day), "brk", 12, 10)
        check(siti, d(day), "out", 16, 5)
    with django_assert_max_num_queries(len(empty.captured_queries)):
        html = client.get("/saya/bulan/").content.decode()
    assert totals_table(html)["H"] == "6"
