"""The city recap (/rekap/kota/): per unit totals of each unit's own staff with links, per person with
pages, admins only, and a flat query count."""

import re

import pytest
from django.core.cache import cache

from tests.attendance.recap.test_recap_totals import (
    AFTER_APRIL,
    build_april,
    freeze,
    on_time,
    working_days,
)
from tests.attendance.recap.test_recap_unit import page_rows
from tests.conftest import login, make_employee

URL = "/rekap/kota/?bulan=2026-04"


@pytest.fixture
def april(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    return build_april(world)


def unit_rows(html: str) -> dict[str, dict[str, str]]:
    rows = {}
    for key, body in re.findall(r'<tr data-(?:unit="([^"]+)"|total)>(.*?)</tr>', html, re.S):
        cells = re.findall(r'data-col="([^"]+)">(.*?)</td>', body, re.S)
        rows[key or "total"] = {col: re.sub(r"<[^>]+>", "", text).strip() for col, text in cells}
    return rows


def test_it_totals_each_units_own_staff(client, world, april):
    login(client, world.admin_user)
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    rows = unit_rows(html)
    mine = rows["17.99.01.1009"]
    assert (mine["staff"], mine["HK"], mine["H"], mine["TK"], mine["late"], mine["early"]) == (
        "3", "54", "36", "6", "150", "180")
    assert mine["deduction"] == "9,17"
    assert '<a href="/rekap/unit/17.99.01.1009/?bulan=2026-04">Kelurahan Rekap Uji</a>' in html
    assert rows["17.99.01"]["staff"] == "1"  # the camat only: the kelurahan have their own rows
    assert rows["total"]["staff"] == str(sum(int(r["staff"]) for k, r in rows.items() if k != "total"))
    assert int(rows["total"]["H"]) == sum(int(r["H"]) for k, r in rows.items() if k != "total")
    assert "Kelurahan" in html and "Kecamatan" in html  # grouped by kind


def test_it_lists_people_by_page(client, world, april):
    login(client, world.admin_user)
    html = client.get(URL + "&tampilan=pegawai").content.decode()
    rows = page_rows(html)
    assert rows[april.budi.nip]["tk_year"] == "24"
    assert world.staff_beta1.nip in rows
    assert 'aria-current="page">Per pegawai' in html


def test_it_is_for_admins_only(client, world):
    for who in (world.camat_alpha, world.operator_alpha1, world.staff_alpha1):
        login(client, who)
        assert client.get("/rekap/kota/").status_code == 403
        assert client.get("/rekap/kota/cetak/").status_code == 403
        assert client.get("/rekap/kota/unduh/").status_code == 403
        assert client.get("/rekap/kota/rekap.xlsx").status_code == 403


@pytest.mark.parametrize("url", [URL, URL + "&tampilan=pegawai", "/rekap/kota/cetak/?bulan=2026-04"])
def test_it_keeps_the_query_count_flat(client, world, april, django_assert_max_num_queries, url):
    login(client, world.admin_user)
    client.get(url)
    cache.clear()  # the month's days evaluated again (attendance.recap.remembered), not read from the cache
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    for n in range(12):
        person = make_employee(world.kel_beta1 if n % 2 else april.unit, f"Tambahan {n}")
        for day in working_days(2026, 4)[:2]:
            on_time(person, day)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
