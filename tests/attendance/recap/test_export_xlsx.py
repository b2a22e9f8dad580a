"""The unit recap as XLSX: it opens with openpyxl, has its header lines, a frozen header and name columns,
numbers stored as numbers, and the same totals as the page."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.attendance.recap.test_recap_totals import AFTER_APRIL, build_april, freeze
from tests.attendance.recap.test_recap_unit import page_rows
from tests.conftest import login

PAGE = "/rekap/unit/17.99.01.1009/?bulan=2026-04"
FILE = "/rekap/unit/17.99.01.1009/rekap.xlsx?bulan=2026-04"
# page column → XLSX header
COLUMNS = {"HK": "Hari kerja", "late": "Menit terlambat", "early": "Menit pulang cepat",
           "deduction": "Potongan TPP (%)", "tk_year": "TK tahun berjalan"}


@pytest.fixture
def april(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    return build_april(world)


def sheet_rows(ws):
    """(header row number, {NIP or "Jumlah": {header: value}})."""
    header_row = next(row[0].row for row in ws.iter_rows() if row[0].value == "Nama")
    headers = [c.value for c in ws[header_row]]
    rows = {}
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        values = dict(zip(headers, row, strict=True))
        if values["NIP"] or values["Nama"]:  # not the signature block under the table
            rows[values["NIP"] or values["Nama"]] = values
    return header_row, rows


def test_it_opens_with_the_pages_totals(client, world, april):
    login(client, world.admin_user)
    page = page_rows(client.get(PAGE).content.decode())
    response = client.get(FILE)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="rekap-17.99.01.1009-2026-04.xlsx"' in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    _header, rows = sheet_rows(ws)
    assert set(page) - {"total"} == set(rows) - {"Jumlah"}
    for nip, cells in page.items():
        row = rows["Jumlah" if nip == "total" else nip]
        for column, text in cells.items():
            if column == "sanction":
                continue
            header = COLUMNS.get(column, column)
            expected = Decimal(text.replace(",", ".")) if column == "deduction" else int(text)
            assert row[header] == expected, (nip, column)
    assert rows[april.budi.nip]["Tingkat sanksi"] == "Berat"
    assert "Pasal 15 ayat 2" in rows[april.budi.nip]["Catatan"]
    assert rows[april.ani.nip]["CM"] == 0  # every code has its column in the file


def test_it_has_header_lines_a_bold_header_and_frozen_panes(client, world, april):
    login(client, world.admin_user)
    ws = load_workbook(io.BytesIO(client.get(FILE).content)).active
    header_row, rows = sheet_rows(ws)
    lines = [ws.cell(row=r, column=1).value for r in range(1, header_row)]
    assert lines[0] == "Rekap kehadiran bulanan Kelurahan Rekap Uji, April 2026"
    assert lines[1] == "PEMERINTAH KOTA BENGKULU"  # the letterhead, as on the printed recap
    assert "Kelurahan Rekap Uji" in lines[2:5]
    last = [next((c for c in r if c), None) for r in ws.iter_rows(min_row=ws.max_row - 6, values_only=True)]
    assert last[0].startswith("Bengkulu, ") and last[1].endswith(",") and last[-1].startswith("NIP. ")
    assert "Unit: Kelurahan Rekap Uji" in lines
    assert "Bulan: April 2026" in lines
    assert "Dibuat: 4 Mei 2026 10:00 WIB (jam server)" in lines
    assert any(line and line.startswith("Potongan TPP: Nilai contoh — belum dikonfirmasi BKPSDM") for line in lines)
    assert any(line and line.startswith("Belum dikunci") for line in lines)
    assert all(cell.font.b for cell in ws[header_row])
    assert ws.freeze_panes == f"C{header_row + 1}"
    assert ws.column_dimensions["A"].width >= 25
    ani = rows[april.ani.nip]
    assert isinstance(ani["NIP"], str) and len(ani["NIP"]) == 18
    assert isinstance(ani["H"], int) and isinstance(ani["Menit terlambat"], int)
    assert ani["Potongan TPP (%)"] == 8.5
