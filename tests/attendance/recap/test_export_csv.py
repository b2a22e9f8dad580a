"""The unit recap as CSV for Excel under Indonesian settings: UTF-8 with a BOM, semicolons, decimal commas,
the NIP in its printed form; the same totals as the page."""

import csv
import io

import pytest

from attendance.recap.exports import printed_nip
from tests.attendance.recap.test_recap_totals import AFTER_APRIL, build_april, freeze
from tests.attendance.recap.test_recap_unit import page_rows
from tests.conftest import login
from units.nip import normalize_nip

PAGE = "/rekap/unit/17.99.01.1009/?bulan=2026-04"
FILE = "/rekap/unit/17.99.01.1009/rekap.csv?bulan=2026-04"
COLUMNS = {"HK": "Hari kerja", "late": "Menit terlambat", "early": "Menit pulang cepat",
           "deduction": "Potongan TPP (%)", "tk_year": "TK tahun berjalan"}


@pytest.fixture
def april(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    return build_april(world)


def test_it_writes_what_indonesian_excel_opens(client, world, april):
    login(client, world.admin_user)
    response = client.get(FILE)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rekap-17.99.01.1009-2026-04.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Nama;NIP;Unit;Hari kerja;H;TL1;")
    rows = {normalize_nip(r["NIP"]): r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    ani = rows[april.ani.nip]
    assert ani["NIP"] == printed_nip(april.ani.nip, "PNS")
    assert ani["Potongan TPP (%)"] == "8,50"
    assert ani["Nilai contoh"] == "ya"


def test_it_has_the_pages_totals(client, world, april):
    login(client, world.admin_user)
    page = page_rows(client.get(PAGE).content.decode())
    text = client.get(FILE).content.decode("utf-8-sig")
    rows = {normalize_nip(r["NIP"]): r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert set(rows) == set(page) - {"total"}
    for nip, row in rows.items():
        for column, value in page[nip].items():
            if column != "sanction":
                assert row[COLUMNS.get(column, column)] == value, (nip, column)
    for column, value in page["total"].items():
        assert sum(int(r[COLUMNS.get(column, column)]) for r in rows.values()) == int(value), column


def test_it_prints_nips_as_on_letters():
    assert printed_nip("197503152000031002", "PNS") == "19750315 200003 1 002"
    assert printed_nip("199001012021211001", "PPPK") == "19900101 2021 21 1 001"
