"""The daily attendance list (daftar hadir harian) of a unit: printed with the letterhead, a paraf column and the
head's signature block, and exported as XLSX and CSV; the same people, times and codes as the unit board,
for today and for a past day; the board's access rules; a fixed number of queries.

The worked day is Tuesday 7 April 2026 in Kelurahan Alpha Satu, with the break check-in asked for (SE BKPSDM
4/2025); the clock is Tuesday 21:00 (the day is over) or Wednesday 10:00 (the list of yesterday).
"""

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from attendance.boards import unit_board
from attendance.models import CheckIn
from attendance.recap.exports import printed_nip
from policy.models import Arrangement
from tests.attendance.approvals.test_correction_fixtures import jakarta
from tests.attendance.boards.test_board_unit import KEL, TUESDAY, ask, row, words
from tests.conftest import five_day_schedule, forget_snapshots, login, make_employee, make_unit
from units import clock
from units.models import Employee

DAILY = "/papan/unit/17.99.01.1001/daftar-hadir/"
XLSX = "/papan/unit/17.99.01.1001/daftar-hadir.xlsx"
CSV = "/papan/unit/17.99.01.1001/daftar-hadir.csv"
WEDNESDAY = TUESDAY + dt.timedelta(days=1)
HEAD_NIP = "197503152000031002"
COLUMNS = ["No.", "Nama", "NIP", "Jabatan", "Unit", "Rencana", "Masuk", "Istirahat", "Pulang", "Kode", "Keterangan",
           "Paraf"]


def event(employee, kind, hh, mm):
    CheckIn.objects.create(employee=employee, date=TUESDAY, kind=kind, at=jakarta(TUESDAY, hh, mm),
                           location="inside", distance_m=5, created_by=employee.user)


@pytest.fixture
def worked(world):
    """Tuesday in Kelurahan Alpha Satu, by name: what each person did, and the codes it gives once the day is
    over (22 minutes late is TL1, 40 minutes early PSW2, no check-out PSW4; no break check-in TPI)."""
    schedule = five_day_schedule()
    schedule.break_checkin_from = dt.date(2025, 3, 3)
    schedule.save()
    unit = world.kel_alpha1
    lurah = world.lurah_alpha1
    Employee.objects.filter(pk=lurah.pk).update(nip=HEAD_NIP, position_title="Lurah Alpha Satu")
    lurah.refresh_from_db()
    for kind, hh, mm in (("in", 7, 20), ("brk", 12, 5), ("out", 16, 10)):
        event(lurah, kind, hh, mm)
    for kind, hh, mm in (("in", 7, 52), ("out", 15, 20)):
        event(world.operator_alpha1, kind, hh, mm)
    ask(world.staff_alpha1, "wfh", status=Arrangement.Status.APPROVED)  # WFH, never checked in
    dani = make_employee(unit, "Dani Cuti", position_title="Analis Kepegawaian")
    ask(dani, "cuti", status=Arrangement.Status.APPROVED, leave_type="tahunan")
    eka = make_employee(unit, "Eka Dinas")
    ask(eka, "dl", status=Arrangement.Status.APPROVED, spt_number="800/5/SPT/2026")
    make_employee(unit, "Fajar Absen")
    gita = make_employee(unit, "Gita Lupa")
    for kind, hh, mm in (("in", 7, 25), ("brk", 12, 10)):
        event(gita, kind, hh, mm)
    return {
        "Dani Cuti": ("Cuti", "", "", "", "CT"),
        "Eka Dinas": ("DL", "", "", "", "DL"),
        "Fajar Absen": ("Di kantor", "", "", "", "TK"),
        "Gita Lupa": ("Di kantor", "07:25", "12:10", "", "PSW4"),
        "Lurah Alpha Satu": ("Di kantor", "07:20", "12:05", "16:10", "H"),
        "Operator Alpha Satu": ("Di kantor", "07:52", "", "15:20", "TL1, TPI, PSW2"),
        "Siti Alpha": ("WFH", "", "", "", "TK"),
    }


@pytest.fixture
def tuesday_night(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 21, 0))


@pytest.fixture
def wednesday(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: jakarta(WEDNESDAY, 10, 0))


def daily_rows(html: str) -> dict[str, dict[str, str]]:
    """The printed list's rows by name: each column's text, and the codes."""
    found = {}
    for tr in re.findall(r'<tr id="daily-[^"]+"[^>]*>(.*?)</tr>', html, re.S):
        cells = dict(re.findall(r'data-col="(\w+)"[^>]*>(.*?)</t[dh]>', tr, re.S))
        cells = {k: words(v).strip() for k, v in cells.items()}
        cells["codes_attr"] = re.search(r'data-codes="([^"]*)"', tr).group(1)
        name = cells["name"].split(" NIP. ")[0]
        found[name] = cells
    return found


def expected_rows(worked) -> dict:
    return dict(worked)


def test_it_lists_everybody_expected_with_plan_times_and_codes(client, world, worked, tuesday_night):
    login(client, world.lurah_alpha1)
    html = client.get(DAILY).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    rows = daily_rows(html)
    assert list(rows) == sorted(expected_rows(worked))  # by name, numbered through
    for number, (name, (mode, arrival, pause, departure, codes)) in enumerate(sorted(expected_rows(worked).items()), 1):
        cells = rows[name]
        assert (cells["number"], cells["mode"], cells["in"], cells["break"], cells["out"], cells["codes_attr"]) == (
            str(number), mode, arrival, pause, departure, codes,
        ), name
        assert cells["paraf"] == f"{number}."  # only the number: the space is for the person's paraf
    assert rows["Dani Cuti"]["position"] == "Analis Kepegawaian"
    assert "NIP. 19750315 200003 1 002" in html
    assert re.search(r"<th[^>]*>\s*Paraf\s*</th>", html)


def test_it_says_what_the_board_says_for_each_person(client, world, worked, tuesday_night):
    """The same evaluation: each person's words for the codes, and the times, as the board's row shows them."""
    login(client, world.lurah_alpha1)
    board = client.get(KEL).content.decode()
    rows = daily_rows(client.get(DAILY).content.decode())
    people = Employee.objects.filter(unit=world.kel_alpha1)
    assert len(rows) == people.count()
    for person in people:
        on_board = row(board, person)
        said = re.search(r'<div class="code code-[^"]*">(.*?)</div>', on_board).group(1).strip()
        cells = rows[person.full_name]
        assert cells["codes"] == said, person.full_name
        for time in (cells["in"], cells["break"], cells["out"]):
            assert not time or time in on_board


def test_it_lists_a_past_day_as_the_day_ended(client, world, worked, wednesday):
    login(client, world.lurah_alpha1)
    html = client.get(DAILY + "?tanggal=2026-04-07").content.decode()
    assert "Hari, tanggal: Selasa, 7 April 2026" in html and "keadaan pukul" not in html
    rows = daily_rows(html)
    assert {name: cells["codes_attr"] for name, cells in rows.items()} == {
        name: value[4] for name, value in expected_rows(worked).items()
    }
    assert "daftar-hadir.xlsx?tanggal=2026-04-07" in html and "daftar-hadir.csv?tanggal=2026-04-07" in html


def test_it_lists_today_until_now_with_the_boards_rows(client, world, worked, monkeypatch):
    """At 10:00 the day is not over: Fajar has not come yet (no code), Gita has not left (no PSW4)."""
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 10, 0))
    CheckIn.objects.filter(at__gt=jakarta(TUESDAY, 10, 0)).delete()
    login(client, world.lurah_alpha1)
    html = client.get(DAILY).content.decode()
    assert "Hari, tanggal: Selasa, 7 April 2026 · keadaan pukul 10.00 WIB" in html
    rows = daily_rows(html)
    assert rows["Fajar Absen"]["codes_attr"] == "" and rows["Fajar Absen"]["codes"] == "belum presensi masuk"
    assert rows["Gita Lupa"]["codes_attr"] == "H" and rows["Gita Lupa"]["in"] == "07:25"
    board = unit_board.gather(
        Employee.objects.filter(unit=world.kel_alpha1).select_related("unit").order_by("full_name"),
        [world.kel_alpha1], clock.now(),
    )
    for group_row in board.groups[0].rows:
        codes = "" if group_row.status.code == "-" else ", ".join(group_row.status.codes)
        assert rows[group_row.employee.full_name]["codes_attr"] == codes


@pytest.mark.parametrize("value", ["2026-04-08", "2025-01-01", "kemarin", "2026-02-30"])
def test_it_lists_today_for_a_day_it_cannot_list(client, world, worked, tuesday_night, value):
    login(client, world.lurah_alpha1)
    html = client.get(f"{DAILY}?tanggal={value}").content.decode()
    assert "Hari, tanggal: Selasa, 7 April 2026" in html


def test_it_prints_the_letterhead_and_the_heads_signature(client, world, worked, tuesday_night):
    login(client, world.operator_alpha1)
    html = client.get(DAILY).content.decode()
    letterhead = words(re.search(r'<div class="letterhead".*?</div>', html, re.S).group(0)).strip()
    assert letterhead.startswith("PEMERINTAH KOTA BENGKULU Kecamatan Alpha Kelurahan Alpha Satu")
    signature = words(re.search(r'<section class="signature".*?</section>', html, re.S).group(0)).strip()
    assert signature == "Bengkulu, 7 April 2026 Lurah Alpha Satu, Lurah Alpha Satu NIP. 19750315 200003 1 002"
    assert "/static/css/print.css" in html and "data-print" in html
    assert html.index('class="letterhead"') < html.index("<h1") < html.index("<table") < html.index('class="signature"')


def test_it_groups_the_sub_units_for_the_camat(client, world, worked, tuesday_night):
    login(client, world.camat_alpha)
    html = client.get("/papan/unit/17.99.01/daftar-hadir/").content.decode()
    groups = [words(g).strip() for g in re.findall(r'<tr class="group"><th[^>]*>(.*?)</th>', html)]
    assert groups == ["Kecamatan Alpha", "Kelurahan Alpha Satu", "Kelurahan Alpha Dua"]
    rows = daily_rows(html)
    assert [r["number"] for r in rows.values()] == [str(n) for n in range(1, len(rows) + 1)]
    assert world.camat_alpha.full_name in words(re.search(r'<section class="signature".*?</section>', html, re.S).group(0))


def test_it_leaves_out_people_off_that_day(client, world, worked, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: jakarta(dt.date(2026, 4, 11), 10, 0))  # a Saturday
    login(client, world.lurah_alpha1)
    html = client.get(DAILY).content.decode()
    assert 'id="daily-' not in html and "Tidak ada pegawai yang diharapkan bekerja" in html
    assert 'class="signature"' in html


def test_it_exports_the_list_as_xlsx(client, world, worked, tuesday_night):
    login(client, world.lurah_alpha1)
    response = client.get(XLSX)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="daftar-hadir-17.99.01.1001-2026-04-07.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Daftar hadir harian Kelurahan Alpha Satu, 7 April 2026"
    top = [r[0] for r in values[1:7]]
    assert top[:4] == ["PEMERINTAH KOTA BENGKULU", "Kecamatan Alpha", "Kelurahan Alpha Satu", "Kota Bengkulu"]
    assert top[4] == "Hari, tanggal: Selasa, 7 April 2026"
    header = values.index([*COLUMNS])
    body = {r[1]: r for r in values[header + 1:] if r and isinstance(r[0], int)}
    assert list(body) == sorted(expected_rows(worked))
    # Under the table, towards the right edge: the head's signature block, room to sign left empty.
    signed = [next(c for c in r if c) if r and any(r) else "" for r in values[header + 1 + len(body):]]
    assert [line for line in signed if line] == [
        "Bengkulu, 7 April 2026", "Lurah Alpha Satu,", "Lurah Alpha Satu", "NIP. 19750315 200003 1 002",
    ]
    assert signed[-5:-2] == ["", "", ""]
    assert values[-1].index("NIP. 19750315 200003 1 002") == len(COLUMNS) - 3
    for name, (mode, arrival, pause, departure, codes) in expected_rows(worked).items():
        line = body[name]
        assert (line[5], line[6] or "", line[7] or "", line[8] or "", line[9] or "") == (
            mode, arrival, pause, departure, codes,
        ), name
        assert line[11] in (None, "")  # Paraf: empty
    lurah = body["Lurah Alpha Satu"]
    assert lurah[0] == 5 and lurah[2] == HEAD_NIP and lurah[3] == "Lurah Alpha Satu" and lurah[10] == "H · hadir"


def test_it_exports_the_list_as_csv(client, world, worked, wednesday):
    login(client, world.lurah_alpha1)
    response = client.get(CSV + "?tanggal=2026-04-07")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="daftar-hadir-17.99.01.1001-2026-04-07.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    found = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert found[0] == COLUMNS
    body = {r[1]: r for r in found[1:]}
    assert list(body) == sorted(expected_rows(worked))
    for name, (mode, arrival, pause, departure, codes) in expected_rows(worked).items():
        assert body[name][5:10] == [mode, arrival, pause, departure, codes], name
        assert body[name][11] == ""
    assert body["Lurah Alpha Satu"][2] == printed_nip(HEAD_NIP, "PNS")
    assert body["Operator Alpha Satu"][10] == "TL1 · terlambat 22 menit; TPI · tidak presensi istirahat; PSW2 · pulang cepat 40 menit"


@pytest.mark.parametrize("url", [DAILY, XLSX, CSV])
@pytest.mark.parametrize(
    "who, code, status",
    [
        ("lurah_beta1", "17.99.01.1001", 404),  # the head of another unit, changing the code
        ("lurah_alpha1", "17.99.01", 404),  # the unit above
        ("lurah_alpha1", "17.99.02.1001", 404),
        ("staff_alpha1", "17.99.01.1001", 403),
        ("operator_alpha1", "17.99.01.1001", 200),
        ("camat_alpha", "17.99.01.1001", 200),  # a unit below
        ("admin_user", "17.99.01.1001", 200),
        ("admin_user", "tidak-ada", 404),
    ],
)
def test_it_keeps_everyone_to_their_units(client, world, tuesday_night, url, who, code, status):
    login(client, getattr(world, who))
    assert client.get(url.replace("17.99.01.1001", code)).status_code == status


def test_it_asks_strangers_to_sign_in(client, world):
    assert client.get(DAILY)["Location"].startswith("/masuk/")


def test_the_board_links_to_the_list_and_its_files(client, world, tuesday_night):
    login(client, world.lurah_alpha1)
    html = client.get(KEL).content.decode()
    for label, href in (("Cetak daftar hadir", DAILY), ("Unduh XLSX", XLSX), ("Unduh CSV", CSV)):
        assert re.search(rf'<a class="button secondary" href="{re.escape(href)}">{label}</a>', html), label


def grow(unit, total):
    """Staff the unit up to `total` people: one in two checked in (one in three of those late), one in
    five on an approved DL."""
    for n in range(unit.employees.count(), total):
        person = make_employee(unit, f"Pegawai {n:03d}")
        if n % 2 == 0:
            CheckIn.objects.create(employee=person, date=TUESDAY, kind="in", at=jakarta(TUESDAY, 7, 40 if n % 3 == 0 else 7),
                                   location="inside", distance_m=5, created_by=person.user)
        elif n % 5 == 0:
            ask(person, "dl", status=Arrangement.Status.APPROVED, spt_number=f"800/{n}/SPT/2026")


@pytest.mark.parametrize("url", [DAILY, XLSX, CSV])
def test_it_keeps_the_query_count_flat_from_10_to_200_staff(client, world, tuesday_night, django_assert_max_num_queries, url):
    unit = world.kel_alpha1
    make_unit("17.99.01.1001.01", "Pos Pelayanan Alpha Satu", "upt", unit)
    login(client, world.lurah_alpha1)
    grow(unit, 10)
    client.get(url)  # schedules, holidays, policies, shifts and bands: once per process
    forget_snapshots()
    with django_assert_max_num_queries(14) as small:
        response = client.get(url)
    assert response.status_code == 200
    grow(unit, 200)
    forget_snapshots()
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    if url == DAILY:
        assert response.content.decode().count('<tr id="daily-') == 200
    print(f"daily list {url}: {len(small)} queries for 10 staff, {len(large)} for 200")
