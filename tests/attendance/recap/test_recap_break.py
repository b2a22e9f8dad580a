"""TPI (tidak presensi istirahat, SE BKPSDM Kota Bengkulu 4/2025) in the recap: its own column on the unit and
city pages and in the XLSX and CSV files, its deduction from the admin-editable table (an unverified example),
and days before the rule's date counted with two moments.

April 2026, Kelurahan Rekap Uji (build_april's people on the usual two moments); Dewi and Eka on their own
schedule (the usual hours) that asks for the break check-in from Monday 20 April:
  Dewi  on time every working day 1–17 April without a break check-in (the rule not yet in force: H);
        20 (Mon) break 12:10, 21 break 12:55, 22 no break (TPI), 23 break 13:30 (after 13:00: TPI),
        24 (Fri) break 11:45, 27–30 breaks at 12:05 (H). TPI 2, H 19.
  Eka   arrives 07:45 on Wed 22 (TL1) with no break: TL1 and TPI the same day; every other day as Dewi
        without breaks before the 20th and with them after: TL1 1, TPI 1, H 20.
Deduction (build_april's table, TPI at its seeded 0.5 %): Dewi 2 × 0.5 = 1.00; Eka 0.5 + 0.5 = 1.00.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from attendance.evaluation.status import DayStatus
from attendance.models import DeductionRule
from attendance.recap import monthly
from attendance.rules_seed import MISSED_BREAK
from tests.attendance.recap.test_recap_city import unit_rows
from tests.attendance.recap.test_recap_city_export import prepare
from tests.attendance.recap.test_recap_totals import (
    AFTER_APRIL,
    build_april,
    check,
    freeze,
    working_days,
)
from tests.attendance.recap.test_recap_unit import page_rows
from tests.conftest import login, make_employee
from units.models import Schedule, ScheduleDay
from units.nip import normalize_nip

RULE_FROM = dt.date(2026, 4, 20)
PAGE = "/rekap/unit/17.99.01.1009/?bulan=2026-04"
D = dt.date.fromisoformat


def day_with(employee, day, arrival=(7, 20), pause=(12, 5)):
    check(employee, day, "in", *arrival)
    if pause is not None:
        check(employee, day, "brk", *pause)
    check(employee, day, "out", 16, 35)


def three_moments_schedule() -> Schedule:
    schedule = Schedule.objects.create(code="uji-tiga-momen", name="Uji tiga momen", break_checkin_from=RULE_FROM)
    for weekday in range(5):
        ScheduleDay.objects.create(
            schedule=schedule, weekday=weekday, start=dt.time(7, 30), end=dt.time(16, 30 if weekday == 4 else 0),
            break_start=dt.time(11, 30) if weekday == 4 else dt.time(12), break_end=dt.time(13),
        )
    return schedule


@pytest.fixture
def breaks(world, monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)
    april = build_april(world)
    schedule = three_moments_schedule()
    dewi = make_employee(april.unit, "Dewi Istirahat", schedule=schedule)
    eka = make_employee(april.unit, "Eka Istirahat", schedule=schedule)
    pauses = {D("2026-04-20"): (12, 10), D("2026-04-21"): (12, 55), D("2026-04-22"): None,
              D("2026-04-23"): (13, 30), D("2026-04-24"): (11, 45)}
    for day in working_days(2026, 4):
        after = day >= RULE_FROM
        day_with(dewi, day, pause=pauses.get(day, (12, 5)) if after else None)
        if day == D("2026-04-22"):
            day_with(eka, day, arrival=(7, 45), pause=None)
        else:
            day_with(eka, day, pause=(12, 5) if after else None)
    return april, dewi, eka


def test_the_unit_page_has_a_tpi_column_with_its_counts_and_deduction(client, world, breaks):
    april, dewi, eka = breaks
    login(client, world.admin_user)
    html = client.get(PAGE).content.decode()
    rows = page_rows(html)
    assert (rows[dewi.nip][MISSED_BREAK], rows[dewi.nip]["H"], rows[dewi.nip]["deduction"]) == ("2", "19", "1,00")
    assert (rows[eka.nip][MISSED_BREAK], rows[eka.nip]["TL1"], rows[eka.nip]["H"]) == ("1", "1", "20")
    assert rows[eka.nip]["deduction"] == "1,00"
    assert rows[april.ani.nip][MISSED_BREAK] == "0"  # her schedule keeps two moments
    assert rows[april.ani.nip]["H"] == "16"  # as before the break moment existed
    assert rows["total"][MISSED_BREAK] == "3"
    assert "<strong>TPI</strong> Tidak presensi istirahat" in html
    assert "Nilai contoh — belum dikonfirmasi BKPSDM" in html


def test_the_deduction_follows_the_admin_table(client, world, breaks):
    _april, dewi, _eka = breaks
    DeductionRule.objects.filter(code=MISSED_BREAK).update(deduction_percent=Decimal("1.25"))
    login(client, world.admin_user)
    assert page_rows(client.get(PAGE).content.decode())[dewi.nip]["deduction"] == "2,50"


def test_the_xlsx_and_csv_have_the_tpi_column(client, world, breaks):
    _april, dewi, eka = breaks
    login(client, world.admin_user)
    book = load_workbook(io.BytesIO(client.get("/rekap/unit/17.99.01.1009/rekap.xlsx?bulan=2026-04").content))
    ws = book.worksheets[0]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "Nama")
    columns = [c.value for c in ws[header]]
    assert columns.index(MISSED_BREAK) == columns.index("PSW4") + 1
    sheet = {
        row[1]: dict(zip(columns, row, strict=True))
        for row in ws.iter_rows(min_row=header + 1, values_only=True)
        if row[0]  # not the signature block under the table
    }
    assert (sheet[dewi.nip][MISSED_BREAK], sheet[eka.nip][MISSED_BREAK]) == (2, 1)
    total = next(row for row in sheet.values() if row["Nama"] == "Jumlah")
    assert total[MISSED_BREAK] == 3
    text = client.get("/rekap/unit/17.99.01.1009/rekap.csv?bulan=2026-04").content.decode("utf-8-sig")
    assert ";PSW4;TPI;DL;" in text.splitlines()[0]
    rows = {normalize_nip(r["NIP"]): r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert (rows[dewi.nip][MISSED_BREAK], rows[eka.nip][MISSED_BREAK]) == ("2", "1")


def test_the_city_page_and_files_have_the_tpi_column(client, world, breaks):
    _april, dewi, _eka = breaks
    login(client, world.admin_user)
    rows = unit_rows(client.get("/rekap/kota/?bulan=2026-04").content.decode())
    assert rows["17.99.01.1009"][MISSED_BREAK] == "3" and rows["total"][MISSED_BREAK] == "3"
    prepare(client)
    book = load_workbook(io.BytesIO(client.get("/rekap/kota/rekap.xlsx?bulan=2026-04").content))
    people = book["Per pegawai"]
    header = next(r[0].row for r in people.iter_rows() if r[0].value == "Nama")
    columns = [c.value for c in people[header]]
    by_nip = {row[1]: dict(zip(columns, row, strict=True)) for row in people.iter_rows(min_row=header + 1, values_only=True)}
    assert by_nip[dewi.nip][MISSED_BREAK] == 2
    units = book["Per unit"]
    header = next(r[0].row for r in units.iter_rows() if r[0].value == "Unit")
    columns = [c.value for c in units[header]]
    sheet = {row[1]: dict(zip(columns, row, strict=True)) for row in units.iter_rows(min_row=header + 1, values_only=True)}
    assert sheet["17.99.01.1009"][MISSED_BREAK] == 3
    text = client.get("/rekap/kota/rekap.csv?bulan=2026-04").content.decode("utf-8-sig")
    assert ";TPI;" in text.splitlines()[0]


def test_the_recap_summary_counts_tpi_with_its_rule():
    rules = {MISSED_BREAK: monthly.Rule(Decimal("0.5"), True, "Tidak presensi istirahat")}
    summary = monthly.summarize([DayStatus(("TL1", MISSED_BREAK)), DayStatus((MISSED_BREAK,)), DayStatus(("H",))], rules)
    assert summary.counts[MISSED_BREAK] == 2 and summary.working_days == 3
    assert summary.deduction == Decimal("1.0") and summary.example
    assert MISSED_BREAK in monthly.CODES


def test_the_unit_page_stays_flat_with_break_check_ins(client, world, breaks, django_assert_max_num_queries):
    april, _dewi, _eka = breaks
    login(client, world.admin_user)
    client.get(PAGE)
    with django_assert_max_num_queries(21) as small:
        assert client.get(PAGE).status_code == 200
    for n in range(10):
        person = make_employee(april.unit, f"Tambahan {n}")
        for day in working_days(2026, 4)[-4:]:
            day_with(person, day, pause=None if n % 2 else (12, 5))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(PAGE).status_code == 200
