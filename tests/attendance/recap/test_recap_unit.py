"""The unit recap page (/rekap/unit/<code>/): totals as worked out by hand, scope, and a flat query count."""

import re

import pytest

from tests.attendance.recap.test_recap_totals import (
    AFTER_APRIL,
    build_april,
    freeze,
    on_time,
    working_days,
)
from tests.conftest import login, make_employee, make_unit
from units.models import Unit

URL = "/rekap/unit/17.99.01.1009/?bulan=2026-04"


@pytest.fixture
def after_april(monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)


@pytest.fixture
def april(world, after_april):
    return build_april(world)


def page_rows(html: str) -> dict[str, dict[str, str]]:
    """{nip: {column: text}} from the recap table, plus "total" for the total row."""
    rows = {}
    for key, body in re.findall(r'<tr data-(?:nip="(\d+)"|total)>(.*?)</tr>', html, re.S):
        cells = re.findall(r'data-col="([^"]+)">(.*?)</td>', body, re.S)
        rows[key or "total"] = {col: re.sub(r"<[^>]+>", "", text).strip() for col, text in cells}
    return rows


def test_it_shows_the_hand_made_month(client, world, april):
    login(client, world.admin_user)
    response = client.get(URL)
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Rekap bulanan Kelurahan Rekap Uji" in html
    rows = page_rows(html)
    ani = rows[april.ani.nip]
    assert (ani["HK"], ani["H"], ani["TL1"], ani["TL2"], ani["PSW2"], ani["PSW4"], ani["TK"]) == (
        "21", "16", "1", "1", "1", "2", "1")
    assert (ani["late"], ani["early"], ani["deduction"], ani["tk_year"]) == ("55", "180", "8,50", "1")
    assert "belum ada" in ani["sanction"]
    budi = rows[april.budi.nip]
    assert (budi["DL"], budi["CT"], budi["S"], budi["I"], budi["tk_year"]) == ("2", "3", "1", "1", "24")
    assert "Penurunan jabatan" in budi["sanction"]
    assert "24 hari kerja berturut-turut TK" in budi["sanction"]
    assert rows[april.citra.nip]["sanction"] == "Ringan: Teguran lisan"
    assert (rows["total"]["HK"], rows["total"]["H"], rows["total"]["TK"]) == ("54", "36", "6")
    assert "Nilai contoh — belum dikonfirmasi BKPSDM" in html
    assert "Belum dikunci." in html
    assert "Presensi tercatat di Hadir sejak 2 Maret 2026" in html


def test_it_hides_leave_columns_nobody_used(client, world, april):
    login(client, world.admin_user)
    html = client.get(URL).content.decode()
    assert 'data-col="CT"' in html
    assert 'data-col="CM"' not in html
    assert "Kolom cuti yang tidak dipakai siapa pun bulan ini tidak ditampilkan" in html


def test_it_groups_a_kecamatan_by_its_units(client, world, april):
    login(client, world.camat_alpha)
    html = client.get("/rekap/unit/17.99.01/?bulan=2026-04").content.decode()
    assert 'scope="colgroup"' in html
    assert "Jumlah Kelurahan Rekap Uji" in html
    assert world.staff_alpha1.nip in html and april.ani.nip in html
    assert world.staff_beta1.nip not in html


def test_it_sends_heads_to_their_unit_and_admins_to_the_city(client, world):
    login(client, world.lurah_alpha1)
    assert client.get("/rekap/?bulan=2026-03").url == "/rekap/unit/17.99.01.1001/?bulan=2026-03"
    login(client, world.operator_alpha1)
    assert client.get("/rekap/").url == "/rekap/unit/17.99.01.1001/"
    login(client, world.admin_user)
    assert client.get("/rekap/").url == "/rekap/kota/"


def test_it_refuses_another_kelurahan_and_staff(client, world):
    login(client, world.lurah_alpha1)
    assert client.get("/rekap/unit/17.99.02.1001/").status_code == 404
    assert client.get("/rekap/unit/17.99.02.1001/rekap.xlsx").status_code == 404
    assert client.get("/rekap/unit/17.99.02.1001/rekap.csv").status_code == 404
    assert client.get("/rekap/unit/17.99.02.1001/cetak/").status_code == 404
    assert client.get("/rekap/unit/17.99.01/").status_code == 404  # the kecamatan above
    assert client.get("/rekap/kota/").status_code == 403
    login(client, world.staff_alpha1)
    assert client.get("/rekap/").status_code == 403
    assert client.get("/rekap/unit/17.99.01.1001/").status_code == 403
    assert client.get("/rekap/unit/17.99.01.1001/rekap.xlsx").status_code == 403


def test_it_explains_a_month_it_does_not_offer(client, world, after_april):
    login(client, world.lurah_alpha1)
    html = client.get("/rekap/unit/17.99.01.1001/?bulan=2031-01").content.decode()
    assert "Bulan itu tidak tersedia; pilih bulan dari daftar." in html
    assert "Rekap bulanan Kelurahan Alpha Satu" in html  # this month instead
    assert "Mei 2026" in html


def test_it_says_when_there_is_nobody_to_recap(client, world, after_april):
    make_unit("17.99.01.1008", "Kelurahan Kosong", Unit.Kind.KELURAHAN, world.kec_alpha)
    login(client, world.admin_user)
    html = client.get("/rekap/unit/17.99.01.1008/").content.decode()
    assert "Belum ada pegawai aktif di sini" in html


@pytest.mark.parametrize("url", [URL, "/rekap/unit/17.99.01.1009/rekap.xlsx?bulan=2026-04",
                                 "/rekap/unit/17.99.01.1009/cetak/?bulan=2026-04"])
def test_it_keeps_the_query_count_flat(client, world, after_april, django_assert_max_num_queries, url):
    april = build_april(world)
    login(client, world.admin_user)
    client.get(url)  # warm up: session, content types
    # The print adds two for its letterhead and signature block (the unit above, and the unit's head), the
    # XLSX one (the head).
    with django_assert_max_num_queries(23 if "/cetak/" in url else 22) as small:
        assert client.get(url).status_code == 200
    for n in range(15):
        person = make_employee(april.unit, f"Tambahan {n}")
        for day in working_days(2026, 4)[:3]:
            on_time(person, day)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
