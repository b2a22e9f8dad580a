"""Comparing two periods: the differences worked out by hand, the default periods, and bad dates.

With the hand-made week of test_trends_aggregation, period A = Mon 6–Tue 7 April and B = Wed 8–Fri 10 April:
  A: expected 7, present 5, late 1, WFH 0; 2 unit-days with a minimum, none short
  B: expected 12, present 6, late 1, WFH 1; 3 unit-days with a minimum, 1 short as planned, 2 in fact
  presence 5/7 = 71.4 % → 6/12 = 50.0 %: down 21.4 points;  lateness 1/5 = 20.0 % → 1/6 = 16.7 %: down 3.3
  WFH 0 → 1/12 = 8.3 %: up 8.3;  short planned 0 → 1/3 = 33.3 %: up 33.3;  short in fact 0 → 2/3 = 66.7 %: up 66.7
"""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from attendance.trends import figures
from attendance.trends.forms import PeriodsForm
from tests.attendance.trends.test_trends_aggregation import SATURDAY, build_week, freeze
from tests.conftest import login
from tests.policy.plan.test_my_day import make_policy

URL = "/tren/?unit=17.99.01.1007&a_mulai=2026-04-06&a_sampai=2026-04-07&b_mulai=2026-04-08&b_sampai=2026-04-10"
A = figures.Counts(expected=7, present=5, late=1, wfh=0, with_minimum=2, short_planned=0, short_actual=0)
B = figures.Counts(expected=12, present=6, late=1, wfh=1, with_minimum=3, short_planned=1, short_actual=2)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def week(world, monkeypatch):
    freeze(monkeypatch)
    return build_week(world)


def rows(html: str) -> dict[str, list[str]]:
    table = re.search(r'<table class="trend-compare">.*?</table>', html, re.S).group(0)
    return {
        head: [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", body, re.S)]
        for head, body in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
    }


def test_it_works_out_each_difference():
    found = {d.key: (round(d.a, 1), round(d.b, 1), round(d.change, 1)) for d in figures.compare(A, B)}
    assert found == {
        "presence_rate": (71.4, 50.0, -21.4),
        "lateness_rate": (20.0, 16.7, -3.3),
        "wfh_share": (0.0, 8.3, 8.3),
        "short_planned_rate": (0.0, 33.3, 33.3),
        "short_actual_rate": (0.0, 66.7, 66.7),
    }


def test_it_has_no_difference_without_data():
    presence = figures.compare(figures.ZERO, B)[0]
    assert presence.a is None and presence.change is None


def test_it_shows_both_periods_side_by_side(client, world, week):
    login(client, world.admin_user)
    html = client.get(URL).content.decode()
    found = rows(html)
    assert found["Wajib hadir (hari-orang)"] == ["7", "12", ""]
    assert found["Tingkat kehadiran"] == ["71,4% (5 dari 7)", "50,0% (6 dari 12)", "turun 21,4 poin persen"]
    assert found["Tingkat keterlambatan"] == ["20,0% (1 dari 5)", "16,7% (1 dari 6)", "turun 3,3 poin persen"]
    assert found["Porsi WFH"] == ["0,0% (0 dari 7)", "8,3% (1 dari 12)", "naik 8,3 poin persen"]
    assert found["Kali unit kurang minimum, menurut rencana"] == ["0,0% (0 dari 2)", "33,3% (1 dari 3)", "naik 33,3 poin persen"]
    assert found["Kali unit kurang minimum, nyata"] == ["0,0% (0 dari 2)", "66,7% (2 dari 3)", "naik 66,7 poin persen"]
    assert "periode A 6 Apr 2026 – 7 Apr 2026, periode B 8 Apr 2026 – 10 Apr 2026" in html
    svg = re.search(r'<svg[^>]* id="chart-compare".*?</svg>', html, re.S).group(0)
    assert len(re.findall(r'class="point"', svg)) == 10
    assert "Kehadiran: A 71,4%, B 50,0%, turun 21,4 poin persen" in svg


def test_it_keeps_bad_dates_and_says_what_is_wrong(client, world, week):
    login(client, world.admin_user)
    html = client.get(
        "/tren/?unit=17.99.01.1007&a_mulai=2026-04-07&a_sampai=2026-04-06&b_mulai=2026-04-08&b_sampai=2026-04-11"
    ).content.decode()
    assert "Tanggal akhir tidak boleh sebelum tanggal mulai." in html
    assert "Paling lambat kemarin (10 April 2026): angka hari ini belum lengkap." in html
    assert 'value="2026-04-07"' in html and 'value="2026-04-11"' in html
    assert 'class="trend-compare"' not in html
    assert "57,9%" in html  # the rest of the page is still there


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"a_mulai": "2026-01-01", "a_sampai": "2026-04-06", "b_mulai": "2026-04-07", "b_sampai": "2026-04-08"},
         "Satu periode paling panjang 92 hari."),
        ({"a_mulai": "2026-04-01", "b_mulai": "2026-04-07", "b_sampai": "2026-04-08"}, "Isi tanggal ini."),
        ({"a_mulai": "1 April", "a_sampai": "2026-04-06", "b_mulai": "2026-04-07", "b_sampai": "2026-04-08"},
         "Masukkan tanggal yang valid."),
    ],
)
def test_it_refuses_periods_it_cannot_compare(data, error):
    form = PeriodsForm(data, today=SATURDAY, default=((SATURDAY, SATURDAY), (SATURDAY, SATURDAY)))
    assert form.periods() is None
    assert error in str(form.errors)


def test_it_defaults_to_before_and_after_a_policy_with_data_on_both_sides():
    today = dt.date(2026, 11, 28)
    since = dt.date(2026, 9, 29)
    start = dt.date(2026, 10, 15)
    assert figures.default_periods(today, [start], since=since) == (
        (dt.date(2026, 9, 15), dt.date(2026, 10, 14)),
        (dt.date(2026, 10, 15), dt.date(2026, 11, 13)),
    )
    # a policy older than the recorded history, or too recent for 30 days after it: the last 30 days
    last = ((dt.date(2026, 9, 29), dt.date(2026, 10, 28)), (dt.date(2026, 10, 29), dt.date(2026, 11, 27)))
    assert figures.default_periods(today, [dt.date(2026, 1, 1)], since=since) == last
    assert figures.default_periods(today, [dt.date(2026, 11, 20)], since=since) == last


def test_it_offers_before_and_after_a_recent_policy(client, world, week):
    make_policy(world, title="Uji coba WFH", effective_from=dt.date(2026, 4, 8), rule="wfh_allowed")
    login(client, world.admin_user)
    html = client.get("/tren/?unit=17.99.01.1007").content.decode()
    assert "30 hari sebelum dan sesudah “Uji coba WFH” berlaku (Rabu, 8 April 2026)" in html
    assert "a_mulai=2026-03-09&amp;a_sampai=2026-04-07&amp;b_mulai=2026-04-08&amp;b_sampai=2026-04-10" in html
    assert "30 hari terakhir dibanding 30 hari sebelumnya" in html
