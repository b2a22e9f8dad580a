"""Stored figures of locked months (MonthTally): a locked month is final, so its TK days are stored per
person when it is locked (or on first use) and the year's TK count carries them over instead of evaluating
the month again. The results are the same as evaluating everything.

The world: the hand-made April of test_recap_totals (first check-in 2 March; Budi TK all March into April,
Citra starting 15 April), then May and June (today is 6 July 2026):
Ani   May on time but TK on Fri 29; June TK 1–3 (a run across the end of May), then on time.
Budi  TK 1 May, cuti tahunan 4–8 May, TK the rest of May and all of June.
Citra May: approved corrections (check-ins by correction) on the first three weeks, TK the rest; June on time.
Dedi  started 18 May: TK every day since (a run that no counted day breaks).
"""

import datetime as dt
import random

import pytest

from attendance.models import CheckIn, MonthLock, MonthTally
from attendance.recap import monthly
from tests.attendance.recap.test_recap_totals import (
    arrange,
    build_april,
    freeze,
    jakarta,
    on_time,
    working_days,
)
from tests.conftest import login, make_employee
from units import clock
from units.models import Employee

TODAY = dt.date(2026, 7, 6)
HX = {"HTTP_HX_REQUEST": "true"}


def build(world):
    april = build_april(world)
    d = dt.date.fromisoformat
    for day in working_days(2026, 5):
        if day != d("2026-05-29"):
            on_time(april.ani, day)
    for day in working_days(2026, 6):
        if day > d("2026-06-03"):
            on_time(april.ani, day)
            on_time(april.citra, day)
    arrange(april.budi, "cuti", d("2026-05-04"), d("2026-05-08"), "tahunan")
    for day in working_days(2026, 5):
        if day <= d("2026-05-22"):
            for kind, hh, mm in (("in", 7, 25), ("out", 16, 40)):
                CheckIn.objects.create(
                    employee=april.citra, date=day, kind=kind, at=jakarta(day, hh, mm),
                    created_by=world.admin_user, method=CheckIn.Method.CORRECTION,
                )
    for day in working_days(2026, 6)[:3]:
        on_time(april.citra, day)
    make_employee(april.unit, "Dedi Rekap", start_date=d("2026-05-18"))
    return april


@pytest.fixture
def town(world, monkeypatch):
    freeze(monkeypatch, TODAY)
    return build(world)


def staff(town):
    return monthly.ordered(Employee.objects.filter(unit=town.unit))


def tallies(recap) -> dict:
    return {row.employee.nip: row.tally for row in recap.rows}


def lock(world, *months):
    for month in months:
        MonthLock.objects.create(year=2026, month=month, locked_by=world.admin_user)


def record_evaluations(monkeypatch) -> list:
    """Patch the recap's evaluate to record the months each call covers."""
    calls = []
    real = monthly.evaluate

    def spy(employees, days, **kwargs):
        calls.append(sorted({d.month for d in days}))
        return real(employees, days, **kwargs)

    monkeypatch.setattr(monthly, "evaluate", spy)
    return calls


def test_carrying_a_stretch_equals_counting_its_days():
    rng = random.Random(94)
    for _ in range(2000):
        before = [rng.choice(["TK", "H", "L", "-", "S"]) for _ in range(rng.randrange(0, 8))]
        month = [rng.choice(["TK", "TK", "H", "L", "-"]) for _ in range(rng.randrange(0, 10))]
        start = monthly.tally_tk(monthly.Tally(), before)
        assert monthly.carry(start, monthly.stretch(month)) == monthly.tally_tk(start, month), (before, month)


def test_the_year_to_date_is_the_same_with_stored_figures(client, world, town):
    everything = {m: tallies(monthly.gather(staff(town), 2026, m, today=clock.today())) for m in (4, 5, 6)}
    assert everything[6][town.budi.nip] == monthly.Tally(days=24 + 16 + 22, run=15 + 22, longest=15 + 22)
    login(client, world.admin_user)
    client.post("/rekap/kunci/", {"bulan": "2026-05"})  # stored when locked
    lock(world, 1, 3, 4)  # locked before the feature: stored on first use; February and June stay open
    assert MonthTally.objects.filter(month=5).count() == Employee.objects.filter(is_active=True).count()
    for month in (4, 5, 6):
        recap = monthly.gather(staff(town), 2026, month, today=clock.today())
        assert tallies(recap) == everything[month], month
        assert recap.frozen == tuple(m for m in (1, 3, 4, 5) if m < month)
    stepped = {}
    for month in (2, 6):  # the city file's way: open months in steps, locked ones from the store
        stepped = monthly.advance(list(staff(town)), 2026, month, stepped, today=clock.today(), after=1 if month == 2 else 2)
    assert {e.nip: stepped[e.pk] for e in staff(town)} == everything[6]


def test_locking_stores_the_month_in_bulk_with_flat_queries(client, world, town, django_assert_max_num_queries):
    login(client, world.admin_user)
    with django_assert_max_num_queries(40) as small:
        client.post("/rekap/kunci/", {"bulan": "2026-04"})
    assert MonthTally.objects.filter(year=2026, month=4).count() == Employee.objects.filter(is_active=True).count()
    budi = MonthTally.objects.get(month=4, employee=town.budi)
    assert (budi.days, budi.lead, budi.run, budi.longest, budi.broken) == (2, 2, 0, 2, True)
    for n in range(12):
        make_employee(town.unit, f"Tambahan {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post("/rekap/kunci/", {"bulan": "2026-05"})
    assert MonthTally.objects.filter(month=5).count() == Employee.objects.filter(is_active=True).count()


def test_removing_a_lock_drops_its_figures(client, world, town):
    login(client, world.admin_user)
    client.post("/rekap/kunci/", {"bulan": "2026-04"})
    client.post("/rekap/kunci/", {"bulan": "2026-05"})
    MonthLock.objects.get(month=4).delete()
    assert not MonthTally.objects.filter(month=4).exists()
    assert MonthTally.objects.filter(month=5).exists()


def test_a_month_locked_earlier_is_stored_once_on_first_use(world, town, monkeypatch):
    lock(world, 4)
    calls = record_evaluations(monkeypatch)
    monthly.gather(staff(town), 2026, 6, today=clock.today())
    assert calls == [[4], [1, 2, 3, 5, 6]]  # April stored now, then the open months with June
    assert MonthTally.objects.filter(month=4).count() == len(staff(town))
    calls.clear()
    newcomer = make_employee(town.unit, "Eka Rekap", start_date=dt.date(2026, 4, 20))
    monthly.gather(staff(town), 2026, 6, today=clock.today())
    assert calls == [[4], [1, 2, 3, 5, 6]]  # only the newcomer's April
    assert MonthTally.objects.get(month=4, employee=newcomer).days == 9
    calls.clear()
    monthly.gather(staff(town), 2026, 6, today=clock.today())
    assert calls == [[1, 2, 3, 5, 6]]


def test_the_city_file_only_evaluates_open_months(client, world, town, monkeypatch):
    login(client, world.admin_user)
    for month in (1, 3, 4, 5):
        client.post("/rekap/kunci/", {"bulan": f"2026-0{month}"})
    calls = record_evaluations(monkeypatch)
    page = client.get("/rekap/kota/unduh/?bulan=2026-06").content.decode()
    assert "Perlu menghitung 1 bulan sebelum Juni 2026." in page
    assert "4 bulan sebelumnya sudah dikunci dan tidak dihitung ulang" in page
    html = client.post("/rekap/kota/unduh/", {"bulan": "2026-06"}, **HX).content.decode()
    assert "Berkas siap diunduh." in html  # one step: February
    assert calls == [[2]]
    csv = client.get("/rekap/kota/rekap.csv?bulan=2026-06").content.decode("utf-8-sig")
    assert calls == [[2], [6]]
    budi = next(line for line in csv.splitlines() if line.startswith("Budi Rekap;"))
    assert ";62;" in budi  # 24 + 16 + 22 TK days, the same as evaluating everything


def test_the_city_file_is_ready_at_once_when_the_months_before_are_locked(client, world, town, monkeypatch):
    login(client, world.admin_user)
    for month in (1, 2, 3, 4, 5):
        client.post("/rekap/kunci/", {"bulan": f"2026-0{month}"})
    calls = record_evaluations(monkeypatch)
    assert "Berkas siap diunduh." in client.get("/rekap/kota/unduh/?bulan=2026-06").content.decode()
    response = client.get("/rekap/kota/rekap.xlsx?bulan=2026-06")
    assert response.status_code == 200
    assert calls == [[6]]


def test_the_header_says_where_locked_months_come_from(client, world, town):
    login(client, world.admin_user)
    client.post("/rekap/kunci/", {"bulan": "2026-04"})
    html = client.get("/rekap/unit/17.99.01.1009/?bulan=2026-06").content.decode()
    assert "TK tahun berjalan: angka bulan terkunci diambil dari rekap saat dikunci (April 2026)." in html
    assert "angka bulan terkunci" not in client.get("/rekap/unit/17.99.01.1009/?bulan=2026-04").content.decode()
