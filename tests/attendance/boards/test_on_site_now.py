"""One definition of "on site now" (attendance.evaluation.status.on_site_now), issue 14: the unit board, the city
board and the public status page say the same number for the same unit and minute, and the unit board opens
with each unit's count against its minimum, in words ("Kurang 1 petugas: 1 dari minimal 2 ...").

The day is test_board_city's worked Monday at 10:00: in Kelurahan Alpha Satu the operator checked in at 07:25
and out at 09:00 (not on site now), the lurah and Siti are in; in Alpha Dua Budi is in, Andi not yet, Citra
on leave; every kelurahan needs 2 people on site."""

import re

import pytest

from attendance.evaluation.status import DayStatus, on_site_now
from tests.attendance.boards.test_board_city import MONDAY, board_rows, build_city, freeze, text
from tests.attendance.recap.test_recap_totals import jakarta
from tests.conftest import forget_snapshots, login

KEL1, KEL2, KEC = "17.99.01.1001", "17.99.01.1002", "17.99.01"


@pytest.fixture
def city(world, monkeypatch):
    freeze(monkeypatch)
    return build_city(world)


def at(hh, mm):
    return jakarta(MONDAY, hh, mm)


@pytest.mark.parametrize(
    "mode, status, here",
    [
        ("onsite", DayStatus(("H",), first_in=at(7, 20)), True),
        ("onsite", DayStatus(("TL1",), first_in=at(7, 45)), True),  # late, but here
        ("onsite", DayStatus(("H",), first_in=at(7, 25), last_out=at(9, 0)), False),  # gone home
        ("onsite", DayStatus(("-",)), False),  # not in yet
        ("onsite", DayStatus(("MV",)), False),  # a check-in waiting for verification counts as none
        ("wfh", DayStatus(("H",), first_in=at(7, 20)), False),  # checked in, but not on site
        ("dl", DayStatus(("DL",), first_in=at(8, 0)), False),  # at the activity site
    ],
)
def test_on_site_now_is_planned_on_site_checked_in_and_not_out(mode, status, here):
    assert on_site_now(mode, status) is here


def unit_board_count(client, code) -> int:
    found = re.search(r"(\d+) di kantor sekarang \(dari \d+\)", text(client.get(f"/papan/unit/{code}/").content.decode()))
    assert found, code
    return int(found.group(1))


def public_count(client, code) -> int:
    found = re.search(r"\((\d+), minimal \d+\)", text(client.get(f"/status/{code}/").content.decode()))
    assert found, code
    return int(found.group(1))


def test_the_unit_board_the_city_board_and_the_public_page_agree(client, city):
    login(client, city.world.admin_user)
    city_rows = board_rows(client.get("/papan/kota/").content.decode())
    on_units = {code: unit_board_count(client, code) for code in (KEL1, KEL2)}
    client.logout()
    public = {code: public_count(client, code) for code in (KEL1, KEL2)}
    assert on_units == public == {code: int(city_rows[code]["present"]) for code in (KEL1, KEL2)} == {KEL1: 2, KEL2: 1}


def test_the_unit_board_says_who_went_home_apart_from_who_is_here(client, city):
    login(client, city.world.lurah_alpha1)
    page = text(client.get(f"/papan/unit/{KEL1}/").content.decode())
    assert "2 di kantor sekarang (dari 3) 1 sudah pulang" in page


def test_the_unit_board_opens_with_the_count_against_the_minimum_in_words(client, city):
    login(client, city.world.lurah_alpha1)
    html = client.get(f"/papan/unit/{KEL1}/").content.decode()
    assert "Cukup petugas : 2 dari minimal 2 di kantor sekarang" in text(html)
    assert html.index("coverage-lines") < html.index("board-counts")  # the answer first
    forget_snapshots()
    login(client, city.world.admin_user)
    html = client.get(f"/papan/unit/{KEL2}/").content.decode()
    line = re.search(r'<li data-unit="17.99.01.1002" class="is-short">(.*?)</li>', html, re.S)
    assert line and '<strong class="tag bad">Kurang 1 petugas</strong>' in line.group(1)
    assert "Kurang 1 petugas : 1 dari minimal 2 di kantor sekarang" in text(line.group(1))


def test_the_camat_sees_the_coverage_of_his_kecamatan_and_its_kelurahan(client, city):
    login(client, city.world.camat_alpha)
    html = client.get(f"/papan/unit/{KEC}/").content.decode()
    lines = re.findall(r'<li data-unit="([^"]+)"[^>]*>(.*?)</li>', html, re.S)
    got = {code: text(body) for code, body in lines}
    assert list(got) == [KEC, KEL1, KEL2]
    assert got[KEC] == "Kecamatan Alpha : Tanpa minimum : 1 di kantor sekarang"
    assert got[KEL1].startswith("Kelurahan Alpha Satu : Cukup petugas : 2 dari minimal 2")
    assert got[KEL2].startswith("Kelurahan Alpha Dua : Kurang 1 petugas : 1 dari minimal 2")
    assert f'href="/papan/unit/{KEL2}/"' in html


def test_people_expected_and_not_here_yet_come_first(client, city):
    login(client, city.world.admin_user)
    html = client.get(f"/papan/unit/{KEL2}/").content.decode()
    order = re.findall(r'<tr id="row-([^"]+)">', html)
    assert order[0] == str(city.andi.code)  # planned on site, not in yet
    assert set(order[1:]) == {str(city.world.staff_alpha2.code), str(city.citra.code)}


def test_the_admin_lands_on_the_city_coverage_with_what_waits_for_them(client, city):
    from tests.attendance.boards.test_board_unit import ask

    login(client, city.world.admin_user)
    response = client.get("/")
    assert response.url == "/papan/kota/"
    page = text(client.get(response.url).content.decode())
    assert "Menunggu keputusan Anda Tidak ada pengajuan, koreksi atau presensi di luar radius" in page
    ask(city.world.staff_alpha1)
    ask(city.world.staff_alpha2)
    html = client.get("/papan/kota/").content.decode()
    assert re.search(r'<a href="/pengajuan/">\s*2 pengajuan\s*</a>', html)
    assert "Kurang petugas sekarang" in text(html)  # the coverage below
