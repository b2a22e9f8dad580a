"""The city file: prepared one month per request on a page that shows its progress, then downloaded as
XLSX (per person and per unit, the same totals as the city page) or CSV."""

import io

import pytest
from openpyxl import load_workbook

from attendance.recap.views import SESSION_KEY
from tests.attendance.recap.test_recap_city import unit_rows
from tests.attendance.recap.test_recap_totals import (
    AFTER_APRIL,
    build_april,
    freeze,
    on_time,
    working_days,
)
from tests.conftest import login, make_employee

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def april(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    return build_april(world)


def prepare(client, month="2026-04"):
    """Press "Siapkan berkas", then follow the htmx polling until the file is ready."""
    html = client.post("/rekap/kota/unduh/", {"bulan": month}, **HX).content.decode()
    for _ in range(12):
        if "Berkas siap diunduh." in html:
            return html
        assert "Sedang disiapkan…" in html
        assert 'hx-trigger="load delay:50ms"' in html
        html = client.post("/rekap/kota/unduh/", {"bulan": month}, **HX).content.decode()
    raise AssertionError("never ready")


def test_it_shows_progress_month_by_month(client, world, april):
    login(client, world.admin_user)
    page = client.get("/rekap/kota/unduh/?bulan=2026-04").content.decode()
    assert "Perlu menghitung 3 bulan sebelum April 2026." in page
    first = client.post("/rekap/kota/unduh/", {"bulan": "2026-04"}, **HX).content.decode()
    assert "<h1" not in first  # only the progress box
    assert "1 dari 3 bulan sebelumnya sudah dihitung (sampai Januari 2026)." in first
    assert '<progress max="3" value="1">' in first
    assert "Berkas siap diunduh." in prepare(client)


def test_it_works_without_javascript(client, world, april):
    login(client, world.admin_user)
    response = client.post("/rekap/kota/unduh/", {"bulan": "2026-04"})
    assert response.url == "/rekap/kota/unduh/?bulan=2026-04"
    html = client.get(response.url).content.decode()
    assert "<noscript>" in html and "Lanjutkan" in html


def test_it_sends_back_to_the_preparation_before_it_is_ready(client, world, april):
    login(client, world.admin_user)
    response = client.get("/rekap/kota/rekap.xlsx?bulan=2026-04")
    assert response.url == "/rekap/kota/unduh/?bulan=2026-04"


def test_it_counts_the_year_in_the_file_and_matches_the_city_page(client, world, april):
    login(client, world.admin_user)
    prepare(client)
    book = load_workbook(io.BytesIO(client.get("/rekap/kota/rekap.xlsx?bulan=2026-04").content))
    assert book.sheetnames == ["Per pegawai", "Per unit"]
    people = book["Per pegawai"]
    header = next(r[0].row for r in people.iter_rows() if r[0].value == "Nama")
    columns = [c.value for c in people[header]]
    by_nip = {row[1]: dict(zip(columns, row, strict=True)) for row in people.iter_rows(min_row=header + 1, values_only=True)}
    assert by_nip[april.budi.nip]["TK tahun berjalan"] == 24
    assert by_nip[april.budi.nip]["Tingkat sanksi"] == "Berat"
    assert by_nip[april.citra.nip]["Hukuman disiplin"] == "Teguran lisan"
    units = book["Per unit"]
    header = next(r[0].row for r in units.iter_rows() if r[0].value == "Unit")
    assert units.freeze_panes == f"B{header + 1}"
    columns = [c.value for c in units[header]]
    sheet = {row[1] or "total": dict(zip(columns, row, strict=True))
             for row in units.iter_rows(min_row=header + 1, values_only=True)}
    page = unit_rows(client.get("/rekap/kota/?bulan=2026-04").content.decode())
    names = {"staff": "Pegawai", "HK": "Hari kerja", "late": "Menit terlambat", "early": "Menit pulang cepat"}
    for code, cells in page.items():
        for column, text in cells.items():
            if column != "deduction":
                assert sheet[code][names.get(column, column)] == int(text), (code, column)
    csv = client.get("/rekap/kota/rekap.csv?bulan=2026-04")
    assert csv.content.startswith(b"\xef\xbb\xbf") and b";" in csv.content


def test_it_counts_again_after_a_while(client, world, april, monkeypatch):
    login(client, world.admin_user)
    prepare(client)
    freeze(monkeypatch, AFTER_APRIL, hh=11)
    assert "Siapkan berkas" in client.get("/rekap/kota/unduh/?bulan=2026-04").content.decode()
    assert client.get("/rekap/kota/rekap.csv?bulan=2026-04").status_code == 302


def test_it_needs_no_preparation_in_january(client, world, april):
    login(client, world.admin_user)
    assert "Berkas siap diunduh." in client.get("/rekap/kota/unduh/?bulan=2026-01").content.decode()
    assert client.get("/rekap/kota/rekap.xlsx?bulan=2026-01").status_code == 200


def test_it_keeps_each_step_flat(client, world, april, django_assert_max_num_queries):
    login(client, world.admin_user)
    client.post("/rekap/kota/unduh/", {"bulan": "2026-04"}, **HX)
    with django_assert_max_num_queries(22) as small:
        client.post("/rekap/kota/unduh/", {"bulan": "2026-04"}, **HX)
    for n in range(12):
        person = make_employee(april.unit, f"Tambahan {n}")
        on_time(person, working_days(2026, 3)[0])
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "done": 1, "through": 1}
    session.save()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post("/rekap/kota/unduh/", {"bulan": "2026-04"}, **HX)
