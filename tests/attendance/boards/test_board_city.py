"""The city coverage board (/papan/kota/) on a day worked out by hand: admins only, the counts, the short
units first and in words, the filters, the htmx refresh and the link to each unit's board.

Monday 13 April 2026 at 10:00 WIB (units open 07:30–16:00). One active policy: every kelurahan needs 2
people on site; Disdukcapil needs 2 petugas layanan on site.

unit              staff                                   check-ins today                        expected
Kel. Alpha Satu   Lurah, Operator, Siti                   Lurah 07:20; Siti 07:45 (TL1);         min 2, plan 3, now 2,
                                                          Operator 07:25, out 09:00               late 1: Cukup petugas
Kel. Alpha Dua    Budi, Andi, Citra (cuti 13–14 Apr)      Budi 07:10                             min 2, plan 2, now 1,
                                                                                                  late 0: Kurang 1 petugas
Kel. Beta Satu    Lurah, Rina                             none                                   min 2, plan 2, now 0,
                                                                                                  late 0: Kurang 2 petugas
Kec. Alpha        Camat                                   Camat 07:30                            no min, plan 1, now 1
Kec. Beta         nobody                                  -                                      Belum ada pegawai
Disdukcapil       Kadis, 3 petugas layanan                petugas 1 07:29; petugas 2 08:05 (TL2) min 2 (petugas layanan
                                                                                                  2), plan 4, now 2,
                                                                                                  late 1: Cukup petugas
Order: Beta Satu (2 missing), then Alpha Dua (1 missing), then the kecamatan groups, then Disdukcapil.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from attendance.models import CheckIn
from policy.models import Arrangement, StaffingMinimum
from tests.attendance.recap.test_recap_totals import jakarta
from tests.conftest import login, make_employee
from tests.policy.plan.test_my_day import make_policy
from units import clock
from units.models import Employee, Unit

MONDAY = dt.date(2026, 4, 13)
URL = "/papan/kota/"


def freeze(monkeypatch, day=MONDAY, hh=10, mm=0):
    monkeypatch.setattr(clock, "today", lambda: day)
    monkeypatch.setattr(clock, "now", lambda: jakarta(day, hh, mm))


def check(employee, kind, hh, mm, day=MONDAY, **extra):
    return CheckIn.objects.create(
        employee=employee, date=day, kind=kind, at=jakarta(day, hh, mm), created_by=employee.user, **extra
    )


@dataclass
class City:
    world: object
    petugas: list[Employee]
    andi: Employee
    citra: Employee


def build_city(world) -> City:
    policy = make_policy(world)
    StaffingMinimum.objects.create(policy=policy, unit_kind=Unit.Kind.KELURAHAN, min_count=2)
    StaffingMinimum.objects.create(
        policy=policy, unit=world.dukcapil, service_role=Employee.ServiceRole.PETUGAS_LAYANAN, min_count=2
    )
    andi = make_employee(world.kel_alpha2, "Andi Alpha Dua")
    citra = make_employee(world.kel_alpha2, "Citra Alpha Dua")
    Arrangement.objects.create(
        employee=citra, kind="cuti", leave_type="tahunan", start_date=MONDAY,
        end_date=MONDAY + dt.timedelta(days=1), status=Arrangement.Status.APPROVED, reason="uji",
    )
    petugas = [
        make_employee(world.dukcapil, f"Petugas Loket {n}", service_role=Employee.ServiceRole.PETUGAS_LAYANAN)
        for n in (1, 2, 3)
    ]
    check(world.lurah_alpha1, "in", 7, 20)
    check(world.staff_alpha1, "in", 7, 45)
    check(world.operator_alpha1, "in", 7, 25)
    check(world.operator_alpha1, "out", 9, 0)
    check(world.staff_alpha2, "in", 7, 10)
    check(world.camat_alpha, "in", 7, 30)
    check(petugas[0], "in", 7, 29)
    check(petugas[1], "in", 8, 5)
    return City(world, petugas, andi, citra)


@pytest.fixture
def city(world, monkeypatch):
    freeze(monkeypatch)
    return build_city(world)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def board_rows(html: str) -> dict[str, dict[str, str]]:
    """{unit code: {column: text}} in page order (dicts keep it)."""
    rows = {}
    for code, body in re.findall(r'<tr data-unit="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        cells = re.findall(r'data-col="([a-z]+)"[^>]*>(.*?)</td>', body, re.S)
        rows[code] = {col: text(value) for col, value in cells}
    return rows


def test_it_counts_each_unit_as_worked_out_by_hand(client, city):
    login(client, city.world.admin_user)
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    rows = board_rows(html)
    got = {code: (r["minimum"], r["planned"], r["present"], r["late"], r["state"]) for code, r in rows.items()}
    assert got == {
        "17.99.02.1001": ("2", "2", "0", "0", "Kurang 2 petugas"),
        "17.99.01.1002": ("2", "2", "1", "0", "Kurang 1 petugas"),
        "17.99.01": ("–", "1", "1", "0", "Tanpa minimum"),
        "17.99.01.1001": ("2", "3", "2", "1", "Cukup petugas"),
        "17.99.02": ("–", "0", "0", "0", "Belum ada pegawai"),
        "disdukcapil-uji": (
            "2 petugas layanan 2", "4", "2 petugas layanan 2", "1", "Cukup petugas"
        ),
    }
    assert "2 dari 6 unit kurang petugas di kantor sekarang" in text(html)


def test_it_shows_the_short_units_first_and_says_so_in_words(client, city):
    login(client, city.world.admin_user)
    html = client.get(URL).content.decode()
    assert list(board_rows(html))[:2] == ["17.99.02.1001", "17.99.01.1002"]
    first = re.search(r'<tr data-unit="17.99.02.1001" class="is-short">(.*?)</tr>', html, re.S).group(1)
    assert '<strong class="tag bad">Kurang 2 petugas</strong>' in first
    # The kecamatan groups follow, with their kelurahan inside; frontline Disdukcapil after them.
    headings = [text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    assert headings[:4] == [
        "Kurang petugas sekarang",
        "Kecamatan Alpha · layanan garis depan",
        "Kecamatan Beta · layanan garis depan",
        "Dinas · layanan garis depan",
    ]


def test_it_names_the_role_that_is_short(client, city):
    CheckIn.objects.filter(employee=city.petugas[1]).delete()
    login(client, city.world.admin_user)
    row = board_rows(client.get(URL).content.decode())["disdukcapil-uji"]
    assert row["state"] == "Kurang 1 petugas petugas layanan: 1 dari minimal 2"
    assert row["present"] == "1 petugas layanan 1"


def test_it_links_each_unit_to_its_board(client, city):
    login(client, city.world.admin_user)
    html = client.get(URL).content.decode()
    assert '<a href="/papan/unit/17.99.02.1001/">Kelurahan Beta Satu</a>' in html
    assert '<a href="/papan/unit/disdukcapil-uji/">' in html


def test_it_does_not_call_a_unit_short_before_it_opens_or_on_a_day_off(client, city, monkeypatch):
    login(client, city.world.admin_user)
    freeze(monkeypatch, hh=6, mm=45)
    rows = board_rows(client.get(URL).content.decode())
    assert rows["17.99.02.1001"]["state"] == "Belum buka buka pukul 07:30"
    assert not any(r["state"].startswith("Kurang") for r in rows.values())
    freeze(monkeypatch, hh=17)
    rows = board_rows(client.get(URL).content.decode())
    assert rows["17.99.02.1001"]["state"] == "Sudah tutup layanan 07:30–16:00"
    # Present now: Siti and the Lurah never checked out, so they still count after closing time.
    assert rows["17.99.01.1001"]["present"] == "2"
    saturday = MONDAY + dt.timedelta(days=5)
    freeze(monkeypatch, day=saturday)
    rows = board_rows(client.get(URL).content.decode())
    assert rows["17.99.02.1001"] == {
        "minimum": "–", "planned": "0", "present": "0", "late": "0", "state": "Tidak ada layanan hari ini"
    }


def test_it_filters_by_kind_kecamatan_and_shortness(client, city):
    login(client, city.world.admin_user)
    assert list(board_rows(client.get(URL + "?jenis=dinas").content.decode())) == ["disdukcapil-uji"]
    assert set(board_rows(client.get(URL + "?kecamatan=17.99.01").content.decode())) == {
        "17.99.01", "17.99.01.1001", "17.99.01.1002"
    }
    html = client.get(URL + "?kurang=on").content.decode()
    assert list(board_rows(html)) == ["17.99.02.1001", "17.99.01.1002"]
    assert 'name="kurang" id="id_kurang" checked' in html  # the filter stays set
    html = client.get(URL + "?jenis=dinas&kurang=on").content.decode()
    assert board_rows(html) == {} and "Tidak ada unit yang cocok dengan saringan ini." in html


def test_it_ignores_a_filter_value_it_does_not_know_and_says_so(client, city):
    login(client, city.world.admin_user)
    response = client.get(URL + "?jenis=kantor-pos&kecamatan=17.99.02")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid. kantor-pos bukan salah satu dari pilihan yang tersedia." in html
    assert set(board_rows(html)) == {"17.99.02", "17.99.02.1001"}


def test_it_refreshes_only_the_board_region_keeping_the_filters(client, city):
    login(client, city.world.admin_user)
    html = client.get(URL + "?jenis=kelurahan").content.decode()
    assert 'hx-get="/papan/kota/?jenis=kelurahan" hx-trigger="every 30s" hx-swap="outerHTML"' in html
    response = client.get(URL + "?jenis=kelurahan", headers={"HX-Request": "true"})
    part = response.content.decode()
    assert part.lstrip().startswith('<div id="city-board"')
    assert "<h1" not in part and "<form" not in part
    assert list(board_rows(part)) == ["17.99.02.1001", "17.99.01.1002", "17.99.01.1001"]
    assert "HX-Request" in response["Vary"]


def test_it_shows_a_check_in_made_since_the_last_refresh(client, city):
    login(client, city.world.admin_user)
    check(city.world.lurah_beta1, "in", 9, 50)
    part = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert board_rows(part)["17.99.02.1001"]["state"] == "Kurang 1 petugas"


def test_it_is_for_city_admins_only(client, world):
    assert client.get(URL).status_code == 302  # to the sign-in page
    for who in (world.camat_alpha, world.head_dukcapil, world.operator_alpha1, world.staff_alpha1):
        login(client, who)
        assert client.get(URL).status_code == 403


def test_it_says_so_when_there_is_no_unit(client, db, monkeypatch):
    from django.contrib.auth import get_user_model

    freeze(monkeypatch)
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    html = client.get(URL).content.decode()
    assert "Belum ada unit aktif." in html
