"""The public status page (/status/ and /status/<unit>/): no login, no names or NIPs, cache-friendly
headers without a cookie, open or closed by schedule and holidays, staffed or short in words.

Units (world, plus a 24-hour puskesmas): the kelurahan need 2 people on site (see test_board_city).
"""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from attendance.models import CheckIn
from tests.attendance.boards.test_board_city import MONDAY, build_city, check, freeze
from tests.attendance.boards.test_board_city_coverage import make_puskesmas
from tests.conftest import login, make_employee, make_unit
from units.models import Employee, Holiday, Unit

LIST = "/status/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The list is counted once a minute per process: each test starts without a count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(world, monkeypatch):
    freeze(monkeypatch)
    return build_city(world)


@pytest.fixture
def puskesmas(world):
    return make_puskesmas(world)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def status_of(html: str, code: str) -> str:
    item = re.search(rf'<li class="[a-z]+" data-unit="{re.escape(code)}">(.*?)</li>', html, re.S)
    return text(item.group(1))


def test_it_shows_every_frontline_unit_with_its_status_in_words(client, city):
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert status_of(html, "17.99.01.1001") == (
        "Kelurahan Alpha Satu Buka · ada petugas (2, minimal 2) Jam layanan hari ini: 07:30–16:00"
    )
    assert status_of(html, "17.99.02.1001").startswith("Kelurahan Beta Satu Buka · belum ada petugas di tempat (minimal 2)")
    assert status_of(html, "17.99.01.1002").startswith("Kelurahan Alpha Dua Buka · petugas kurang (1, minimal 2)")
    assert '<li class="short" data-unit="17.99.01.1002">' in html  # the colour repeats the words
    assert 'href="/status/disdukcapil-uji/"' in html
    assert "Diperbarui pukul 10:00 WIB." in html


def test_it_leaves_out_units_that_do_not_serve_citizens(client, city):
    office = make_unit("bkpsdm-uji", "Badan Kepegawaian Uji", Unit.Kind.BADAN)
    assert not office.is_frontline
    assert "bkpsdm-uji" not in client.get(LIST).content.decode()
    assert client.get("/status/bkpsdm-uji/").status_code == 404
    Unit.objects.filter(pk=city.world.kel_beta1.pk).update(is_active=False)
    assert client.get("/status/17.99.02.1001/").status_code == 404


def test_it_shows_no_names_or_nips(client, world, monkeypatch):
    freeze(monkeypatch)
    build_city(world)
    people = [
        make_employee(world.kel_alpha1, "Zulkarnain Wiraatmadja Purbaya", nip="198001012005011001"),
        make_employee(
            world.dukcapil, "Yohana Kusumaningrum Sitepu", nip="199112312020122002",
            service_role=Employee.ServiceRole.PETUGAS_LAYANAN, position_title="Pengadministrasi Kependudukan",
        ),
    ]
    for person in people:
        check(person, "in", 7, 5, latitude="-3.800123", longitude="102.260456", reason="Rapat di kantor camat")
    pages = [client.get(LIST).content.decode()] + [
        client.get(f"/status/{code}/").content.decode() for code in ("17.99.01.1001", "disdukcapil-uji")
    ]
    secrets = ["Zulkarnain", "Wiraatmadja", "Yohana", "Kusumaningrum", "198001012005011001", "199112312020122002",
               "1980 0101", "-3.800123", "102.260456", "Rapat di kantor camat", "Pengadministrasi Kependudukan"]
    for employee in Employee.objects.all():
        secrets += [employee.full_name, employee.nip]
    for html in pages:
        assert "Buka · ada petugas" in html
        found = [secret for secret in secrets if secret in html]
        assert found == []


def test_it_can_be_cached_by_anyone_and_sets_no_cookie(client, city):
    for url in (LIST, "/status/17.99.01.1001/"):
        response = client.get(url)
        assert response["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
        assert response["Last-Modified"] == "Mon, 13 Apr 2026 03:00:00 GMT"  # 10:00 WIB
        assert "cookie" not in response.get("Vary", "").lower()
        assert not response.cookies and "Set-Cookie" not in response
        # A signed-in visitor gets the same page: nothing about them, so nothing to vary on.
        login(client, city.world.staff_alpha1)
        signed_in = client.get(url)
        assert "cookie" not in signed_in.get("Vary", "").lower() and not signed_in.cookies
        assert "Siti Alpha" not in signed_in.content.decode()
        client.logout()


def test_it_answers_not_modified_to_a_fresh_copy(client, city):
    first = client.get(LIST)
    again = client.get(LIST, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_it_stays_in_indonesian_whatever_the_language_cookie(client, city):
    client.cookies["django_language"] = "en"
    response = client.get(LIST)
    assert "Status layanan hari ini" in response.content.decode()
    assert response["Content-Language"] == "id"


def test_it_shows_a_holiday_closed_for_an_office_but_open_for_a_24_hour_puskesmas(client, world, puskesmas, monkeypatch):
    labour_day = dt.date(2026, 5, 1)  # a Friday
    Holiday.objects.create(date=labour_day, name="Hari Buruh Internasional", category="public")
    freeze(monkeypatch, day=labour_day)
    html = client.get(LIST).content.decode()
    assert status_of(html, "17.99.01.1001") == (
        "Kelurahan Alpha Satu Tutup hari ini · libur: Hari Buruh Internasional Buka lagi Senin, 4 Mei pukul 07:30 "
        "Jam layanan hari ini: Tutup"
    )
    assert status_of(html, "pkm-uji").startswith("Puskesmas Uji Buka · ")
    assert status_of(html, "pkm-uji").endswith("Jam layanan hari ini: 24 jam")
    page = text(client.get("/status/17.99.01.1001/").content.decode())
    assert "Tutup hari ini · libur: Hari Buruh Internasional" in page
    assert "Jumat, 1 Mei (hari ini) Tutup · Hari Buruh Internasional" in page
    assert "Senin, 27 April 07:30–16:00" in page


def test_it_shows_a_weekend_closed_for_an_office_but_open_for_a_24_hour_puskesmas(client, world, puskesmas, monkeypatch):
    unit, _nurse = puskesmas
    saturday = MONDAY + dt.timedelta(days=5)
    freeze(monkeypatch, day=saturday, hh=11)
    day_nurse = make_employee(unit, "Perawat Pagi")
    from policy.models import PlanEntry
    from units.models import Shift

    morning = Shift.objects.create(schedule=unit.schedule, code="pagi", name="Pagi", start=dt.time(7), end=dt.time(14))
    PlanEntry.objects.create(employee=day_nurse, date=saturday, mode="onsite", shift=morning, set_by=world.admin_user)
    check(day_nurse, "in", 6, 55, day=saturday)
    html = client.get(LIST).content.decode()
    assert status_of(html, "17.99.01.1001").startswith(
        "Kelurahan Alpha Satu Tutup hari ini Buka lagi Senin, 20 April pukul 07:30 Jam layanan hari ini: Tutup"
    )
    assert status_of(html, "pkm-uji").startswith("Puskesmas Uji Buka · ada petugas (1)")
    page = text(client.get("/status/pkm-uji/").content.decode())
    assert "Buka · ada petugas (1)" in page and "Jam layanan hari ini 24 jam" in page
    assert "Petugas di tempat sekarang 1 orang" in page


def test_it_says_staffed_or_short_on_a_units_own_page(client, city):
    page = text(client.get("/status/17.99.01.1001/").content.decode())
    assert "Buka · ada petugas (2, minimal 2)" in page
    assert "Petugas di tempat sekarang 2 orang (minimal 2)" in page
    assert "Tautan tetap" in page and "http://testserver/status/17.99.01.1001/" in page
    page = text(client.get("/status/17.99.02.1001/").content.decode())
    assert "Buka · belum ada petugas di tempat (minimal 2)" in page
    CheckIn.objects.filter(employee=city.world.lurah_alpha1).delete()
    page = text(client.get("/status/17.99.01.1001/").content.decode())
    assert "Buka · petugas kurang (1, minimal 2)" in page


def test_it_says_before_opening_and_after_closing(client, city, monkeypatch):
    freeze(monkeypatch, hh=6)
    assert status_of(client.get(LIST).content.decode(), "17.99.01.1001").startswith(
        "Kelurahan Alpha Satu Belum buka · buka pukul 07:30"
    )
    cache.clear()
    freeze(monkeypatch, hh=18)
    assert status_of(client.get(LIST).content.decode(), "17.99.01.1001").startswith(
        "Kelurahan Alpha Satu Sudah tutup hari ini · jam layanan 07:30–16:00"
    )


def test_it_is_linked_from_the_sign_in_page(client, db):
    html = client.get("/masuk/").content.decode()
    assert '<a class="button secondary" href="/status/">Cek status layanan hari ini</a>' in html


def test_it_only_reads(client, city):
    assert client.post(LIST).status_code == 405
    assert client.head(LIST).status_code == 200


def test_it_keeps_the_query_count_flat(client, city, django_assert_max_num_queries):
    # Both pages, and the tables coverage reads from memory (cache.clear() below makes them read again).
    with django_assert_max_num_queries(35) as small:
        client.get("/status/17.99.01.1001/")
        client.get(LIST)
    for n in range(15):
        check(make_employee(city.world.kel_alpha1 if n % 2 else city.world.kel_beta1, f"Tambahan {n}"), "in", 7, n)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/status/17.99.01.1001/")
        client.get(LIST)
