"""The printed recaps as official documents: the letterhead (kop surat) of the issuing unit and the head's
signature block with place, date, title, name and NIP (a blank line to sign by hand when the unit has no
head). The city recap is issued by BKPSDM."""

import re

import pytest

from attendance.recap import exports
from tests.attendance.recap.test_recap_totals import AFTER_APRIL, build_april, freeze
from tests.conftest import login, make_employee, make_unit
from units.models import Employee, Unit

UNIT_PRINT = "/rekap/unit/17.99.01.1009/cetak/?bulan=2026-04"
CITY_PRINT = "/rekap/kota/cetak/?bulan=2026-04"
HAS_ADDRESS = any(f.name == "address" for f in Unit._meta.get_fields())


@pytest.fixture
def april(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    return build_april(world)


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def part(html: str, css_class: str) -> str:
    """The text of the element whose class is `css_class` (the letterhead, the signature block)."""
    found = re.search(rf'<(div|section) class="{css_class}".*?</\1>', html, re.S)
    assert found, css_class
    return words(found.group(0)).strip()


def test_it_prints_the_unit_letterhead_and_its_heads_signature(client, world, april):
    lurah = make_employee(april.unit, "Dewi Lurah Rekap", Employee.Role.HEAD, position_title="Lurah Rekap Uji",
                         nip="197503152000032002")
    login(client, world.camat_alpha)
    html = client.get(UNIT_PRINT).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "/static/css/print.css" in html and "/static/css/recap.css" in html
    assert part(html, "letterhead") == "PEMERINTAH KOTA BENGKULU Kecamatan Alpha Kelurahan Rekap Uji Kota Bengkulu"
    signature = part(html, "signature")
    assert signature == f"Bengkulu, 4 Mei 2026 Lurah Rekap Uji, {lurah.full_name} NIP. 19750315 200003 2 002"
    # The letterhead first, then the title, the table and the signature last.
    assert html.index('class="letterhead"') < html.index("<h1") < html.index("<table") < html.index('class="signature"')


def test_it_leaves_a_line_to_sign_by_hand_when_the_unit_has_no_head(client, world, april):
    login(client, world.camat_alpha)
    signature = part(client.get(UNIT_PRINT).content.decode(), "signature")
    assert signature == "Bengkulu, 4 Mei 2026 Lurah Rekap Uji, (........................................) NIP. ...................."


def test_it_ignores_an_inactive_head_and_a_head_of_another_unit(client, world, april):
    make_employee(april.unit, "Mantan Lurah", Employee.Role.HEAD, is_active=False)
    login(client, world.camat_alpha)
    signature = part(client.get(UNIT_PRINT).content.decode(), "signature")
    assert "Mantan Lurah" not in signature and world.camat_alpha.full_name not in signature
    assert "NIP. ...................." in signature


def test_it_signs_the_kecamatan_with_the_camat(client, world, april):
    login(client, world.camat_alpha)
    html = client.get("/rekap/unit/17.99.01/cetak/?bulan=2026-04").content.decode()
    assert part(html, "letterhead") == "PEMERINTAH KOTA BENGKULU Kecamatan Alpha Kota Bengkulu"
    nip = exports.printed_nip(world.camat_alpha.nip, "PNS")
    assert part(html, "signature").endswith(f"{world.camat_alpha.full_name} NIP. {nip}")


@pytest.mark.skipif(not HAS_ADDRESS, reason="Unit has no address field yet")
def test_it_prints_the_units_address_when_it_has_one(client, world, april):
    Unit.objects.filter(pk=april.unit.pk).update(address="Jl. Rekap No. 9, Kota Bengkulu")
    login(client, world.camat_alpha)
    html = client.get(UNIT_PRINT).content.decode()
    assert part(html, "letterhead").endswith("Kelurahan Rekap Uji Jl. Rekap No. 9, Kota Bengkulu")


def test_it_prints_the_city_as_issued_by_bkpsdm(client, world, april):
    login(client, world.admin_user)
    html = client.get(CITY_PRINT).content.decode()
    assert part(html, "letterhead") == (
        "PEMERINTAH KOTA BENGKULU Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Bengkulu"
    )
    assert part(html, "signature").startswith("Bengkulu, 4 Mei 2026 Kepala Badan Kepegawaian")
    assert "NIP. ...................." in part(html, "signature")
    assert 'data-unit="17.99.01.1009"' in html


def test_it_signs_the_city_with_the_head_of_bkpsdm(client, world, april):
    bkpsdm = make_unit("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Bengkulu",
                       Unit.Kind.BADAN, short_name="BKPSDM")
    head = make_employee(bkpsdm, "Achrawi Kepala", Employee.Role.HEAD, position_title="Kepala BKPSDM Kota Bengkulu",
                         nip="197001012000031001")
    login(client, world.admin_user)
    html = client.get(CITY_PRINT).content.decode()
    assert part(html, "letterhead") == (
        "PEMERINTAH KOTA BENGKULU Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Bengkulu"
    )
    assert part(html, "signature") == (
        f"Bengkulu, 4 Mei 2026 Kepala BKPSDM Kota Bengkulu, {head.full_name} NIP. 19700101 200003 1 001"
    )


def test_it_signs_the_city_with_the_head_of_the_admins_unit_without_a_bkpsdm_unit(client, world, april):
    admin = make_employee(world.dukcapil, "Admin Dukcapil", Employee.Role.ADMIN)
    login(client, admin)
    html = client.get(CITY_PRINT).content.decode()
    assert "Dinas Kependudukan dan Pencatatan Sipil" in part(html, "letterhead")
    assert world.head_dukcapil.full_name in part(html, "signature")
