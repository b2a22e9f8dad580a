"""The trends page (/tren/): the hand-made week on the page, charts with text alternatives, scope, progress
while counting, and a query count that does not grow with the staff."""

import re

import pytest
from django.core.cache import cache

from attendance.trends import views
from tests.attendance.trends.test_trends_aggregation import MON, build_week, check_in, freeze
from tests.conftest import login, make_employee

UNIT_URL = "/tren/?unit=17.99.01.1007"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def week(world, monkeypatch):
    freeze(monkeypatch)
    return build_week(world)


def chart(html: str, chart_id: str) -> str:
    return re.search(rf'<svg[^>]* id="{chart_id}".*?</svg>', html, re.S).group(0)


def test_it_shows_the_week_worked_out_by_hand(client, world, week):
    login(client, world.admin_user)
    html = client.get(UNIT_URL).content.decode()
    assert html.count("<h1") == 1
    assert "Kelurahan Tren Uji · 30 hari terakhir sampai kemarin (12 Mar 2026 – 10 Apr 2026)" in html
    assert "57,9%" in html and "11 hadir dari 19 hari-orang wajib hadir" in html
    assert "18,2%" in html and "2 hari terlambat dari 11 hari hadir" in html
    assert "5,3%" in html and "1 hari-orang WFH dari 19" in html
    assert "1 / 2" in html and "dari 5 kali unit berketentuan minimum buka" in html and "hari-unit" not in html
    assert "Dihitung sejak presensi pertama tercatat di Hadir, 6 April 2026" in html


def test_it_draws_each_metric_with_a_text_alternative(client, world, week):
    login(client, world.admin_user)
    html = client.get(UNIT_URL).content.decode()
    presence = chart(html, "chart-presence")
    assert 'role="img"' in presence
    assert len(re.findall(r'class="point"', presence)) == 5  # Mon–Fri; the weekends have nobody expected
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", presence, re.S).group(1)
    assert "Tingkat kehadiran per hari, Kelurahan Tren Uji." in desc
    assert "Terendah 20,0% pada Jumat, 10 April 2026; tertinggi 100,0% pada Rabu, 8 April 2026." in desc
    assert "Untuk seluruh rentang: 57,9%." in desc
    short = chart(html, "chart-short")
    assert len(re.findall(r'class="point"', short)) == 10  # planned and actual, Mon–Fri
    assert "kurang menurut rencana pada 1 hari (1 kali unit kurang), kurang nyata pada 2 hari (2 kali unit kurang)" in short
    assert "Hadir ÷ wajib hadir." in html  # the definition in the page's text


def test_it_has_a_data_table_with_the_same_numbers(client, world, week):
    login(client, world.admin_user)
    html = client.get(UNIT_URL).content.decode()
    table = re.search(r'<table class="trend-days">.*?</table>', html, re.S).group(0)
    rows = {
        re.sub(r"<[^>]+>", "", head).strip(): [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]
        for head, body in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
    }
    assert rows["Rab, 8 Apr 2026"] == ["2", "2", "100,0%", "0", "0,0%", "1", "50,0%", "1", "1", "1"]
    assert rows["Jum, 10 Apr 2026"] == ["5", "1", "20,0%", "0", "0,0%", "0", "0,0%", "1", "0", "1"]
    assert rows["Sab, 4 Apr 2026"] == ["tidak dihitung (sebelum presensi tercatat di Hadir)"]
    assert len(rows) == 30


def test_it_lets_a_lurah_see_only_their_kelurahan(client, world, week):
    login(client, world.lurah_alpha1)
    response = client.get("/tren/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kelurahan Alpha Satu · 30 hari terakhir" in html
    assert 'name="unit"' not in html  # one unit: nothing to choose
    assert "Seluruh Kota Bengkulu" not in html and "Kelurahan Tren Uji" not in html
    assert client.get(UNIT_URL).status_code == 404
    assert client.get("/tren/?unit=17.99.01").status_code == 404  # the kecamatan above


def test_it_lets_a_camat_see_the_kelurahan_below(client, world, week):
    login(client, world.camat_alpha)
    html = client.get("/tren/").content.decode()
    assert "Kecamatan Alpha · 30 hari terakhir" in html
    assert 'data-unit="17.99.01.1007"' in html  # the per-unit table
    assert client.get(UNIT_URL).status_code == 200
    assert client.get("/tren/?unit=17.99.02.1001").status_code == 404


def test_it_refuses_staff_and_operators(client, world, week):
    login(client, world.staff_alpha1)
    assert client.get("/tren/").status_code == 403
    login(client, world.operator_alpha1)
    assert client.get("/tren/").status_code == 403
    client.logout()
    assert client.get("/tren/").status_code == 302


def test_it_shows_the_city_with_every_unit_to_admins(client, world, week):
    login(client, world.admin_user)
    html = client.get("/tren/?hari=90").content.decode()
    assert "Seluruh Kota Bengkulu · 90 hari terakhir sampai kemarin (11 Jan 2026 – 10 Apr 2026)" in html
    # 8 persona staff without any check-in are expected on each of the 5 days too: 11 of 59
    assert "11 hadir dari 59 hari-orang wajib hadir" in html
    assert 'data-unit="17.99.01.1007"' in html and 'data-unit="disdukcapil-uji"' in html
    assert "Kurang: 1 hari menurut rencana, 2 hari nyata" in html


def test_it_shows_progress_while_counting_and_continues(client, world, week, monkeypatch):
    monkeypatch.setattr(views, "BUDGET", 1)  # one day per request
    login(client, world.admin_user)
    html = client.get(UNIT_URL).content.decode()
    assert "Sedang menghitung" in html and "1 dari 5 hari sudah dihitung." in html
    assert html.count("<h1") == 1
    assert 'href="/tren/?unit=17.99.01.1007"' in html  # "Lanjutkan" without JavaScript
    partial = client.get(UNIT_URL, headers={"HX-Request": "true"})
    assert b"2 dari 5 hari sudah dihitung." in partial.content and b"<h1" not in partial.content
    for _ in range(2):
        client.get(UNIT_URL, headers={"HX-Request": "true"})
    done = client.get(UNIT_URL, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"
    assert "57,9%" in client.get(UNIT_URL).content.decode()


def test_it_says_when_nothing_was_recorded_yet(client, world, monkeypatch):
    freeze(monkeypatch)
    login(client, world.admin_user)
    html = client.get("/tren/").content.decode()
    assert "Belum ada hari yang dapat dihitung" in html
    assert html.count("<h1") == 1


def test_it_keeps_the_query_count_flat(client, world, week, django_assert_max_num_queries):
    login(client, world.admin_user)
    client.get(UNIT_URL)  # warm up: session, content types
    cache.clear()
    with django_assert_max_num_queries(23) as small:
        assert client.get(UNIT_URL).status_code == 200
    for n in range(20):
        check_in(make_employee(week.unit, f"Tambahan {n}"), MON, 7, 0)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(UNIT_URL).status_code == 200


def test_it_lets_a_camat_go_back_from_a_kelurahan_to_the_kecamatan(client, world, week):
    login(client, world.camat_alpha)
    html = client.get(UNIT_URL).content.decode()
    assert '<option value="17.99.01">Kecamatan Alpha</option>' in html
    assert '<option value="17.99.01.1007" selected>' in html
    assert "17.99.02" not in html


def test_it_explains_a_length_it_does_not_offer(client, world, week):
    login(client, world.admin_user)
    html = client.get(UNIT_URL + "&hari=45").content.decode()
    assert "Pilih 30 atau 90 hari." in html
    assert "Kelurahan Tren Uji · 30 hari terakhir sampai kemarin" in html


def test_it_draws_each_chart_again_for_phones_with_the_legend_below(client, world, week):
    login(client, world.admin_user)
    html = client.get(UNIT_URL).content.decode()
    for key, points in (("presence", 5), ("short", 10)):
        narrow = chart(html, f"chart-{key}-narrow")
        assert 'viewBox="0 0 340 240"' in narrow and 'class="legend"' not in narrow
        assert len(re.findall(r'class="point"', narrow)) == points
        wide = chart(html, f"chart-{key}")
        desc = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
        assert desc.search(narrow).group(1) == desc.search(wide).group(1)  # the same text alternative
    figure = html[html.index('<div class="chart-narrow">') : html.index("</figure>", html.index('<div class="chart-narrow">'))]
    assert '<ul class="chart-legend" aria-label="Keterangan grafik">' in figure and "</svg>Kelurahan Tren Uji</li>" in figure
    assert html.count('<div class="chart-narrow">') == 4
