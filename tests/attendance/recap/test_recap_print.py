"""The print pages: the whole table with the unit and month in the page header and a print stylesheet."""

import pytest

from tests.attendance.recap.test_recap_totals import AFTER_APRIL, build_april, freeze
from tests.conftest import login


@pytest.fixture
def april(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    return build_april(world)


def test_it_prints_the_unit_with_its_header(client, world, april):
    login(client, world.lurah_alpha1)
    assert client.get("/rekap/unit/17.99.01.1009/cetak/").status_code == 404
    login(client, world.camat_alpha)
    html = client.get("/rekap/unit/17.99.01.1009/cetak/?bulan=2026-04").content.decode()
    assert html.count("<h1") == 1
    assert "Rekap kehadiran bulanan Kelurahan Rekap Uji · April 2026" in html
    assert "Unit: Kelurahan Rekap Uji" in html
    assert "Dibuat: 4 Mei 2026 10:00 WIB (jam server)" in html
    assert "/static/css/recap.css" in html
    assert "data-print" in html and "Ctrl+P" in html
    assert april.budi.nip in html and april.citra.nip in html
    assert "Arti kolom" in html


def test_it_prints_the_city_per_unit(client, world, april):
    login(client, world.admin_user)
    html = client.get("/rekap/kota/cetak/?bulan=2026-04").content.decode()
    assert "Rekap kehadiran bulanan seluruh kota · April 2026" in html
    assert 'data-unit="17.99.01.1009"' in html
