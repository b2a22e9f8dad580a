"""Leave: the types depend on PNS or PPPK; the annual balance is 12 working days minus cuti bersama."""

import datetime as dt

import pytest

from policy.models import Arrangement, LeaveAllowance
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import friday, pending, staff  # noqa: F401
from units.models import Holiday

pytestmark = pytest.mark.usefixtures("friday")

ALL_PNS = ["tahunan", "besar", "sakit", "melahirkan", "alasan_penting", "cltn"]


def leave_options(html: str) -> list[str]:
    select = html.split('name="leave_type"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('value="')[1:] if part.split('"', 1)[0]]


def cuti(client, start, end, leave_type="tahunan"):
    return client.post(
        "/pengajuan/baru/",
        {
            "kind": "cuti",
            "leave_type": leave_type,
            "start_date": start,
            "end_date": end,
            "reason": "",
        },
    )


def test_it_offers_pns_every_leave_type(client, world):
    login(client, world.staff_alpha1)
    assert leave_options(client.get("/pengajuan/baru/?kind=cuti").content.decode()) == ALL_PNS


def test_it_offers_pppk_only_annual_sick_and_maternity_leave(client, world):
    pppk = staff(world, world.kel_alpha1, "Pegawai PPPK", asn_type="PPPK")
    login(client, pppk)
    assert leave_options(client.get("/pengajuan/baru/?kind=cuti").content.decode()) == [
        "tahunan",
        "sakit",
        "melahirkan",
    ]
    html = cuti(client, "2026-03-02", "2026-03-02", leave_type="besar").content.decode()
    assert "Jenis cuti ini tidak tersedia bagi PPPK. Pilih dari daftar." in html
    assert not Arrangement.objects.exists()


def test_it_never_offers_cuti_bersama(client, world):
    login(client, world.staff_alpha1)
    assert "bersama" not in leave_options(client.get("/pengajuan/baru/?kind=cuti").content.decode())


def bersama(*days):
    for day in days:
        Holiday.objects.create(date=day, name="Cuti bersama", category=Holiday.Category.GOVERNMENT)


def test_it_reduces_the_balance_by_cuti_bersama_on_working_days(client, world):
    bersama(dt.date(2026, 3, 20), dt.date(2026, 3, 23), dt.date(2026, 3, 21))  # Fri, Mon, Sat
    login(client, world.staff_alpha1)
    html = client.get("/pengajuan/baru/?kind=cuti").content.decode()
    assert (
        "Sisa cuti tahunan 2026: <strong>10 hari kerja</strong> (hak 12, dikurangi cuti bersama 2"
        in html
    )
    assert "Sisa cuti tahunan 2026: 10 hari kerja." in client.get("/pengajuan/").content.decode()


def test_it_refuses_more_leave_than_the_balance(client, world):
    bersama(dt.date(2026, 3, 20), dt.date(2026, 3, 23))
    pending(
        world.staff_alpha1,
        kind="cuti",
        leave_type="tahunan",
        start=dt.date(2026, 4, 6),
        end=dt.date(2026, 4, 8),
    )
    pending(
        world.staff_alpha1,
        kind="cuti",
        leave_type="tahunan",
        start=dt.date(2026, 5, 4),
        status="approved",
    )
    pending(
        world.staff_alpha1,
        kind="cuti",
        leave_type="tahunan",
        start=dt.date(2026, 5, 5),
        status="rejected",
    )
    login(client, world.staff_alpha1)
    # 12 − 2 cuti bersama − 4 taken or asked = 6 left; 2–9 March is 6 working days, 2–10 March is 7.
    html = cuti(client, "2026-03-02", "2026-03-10").content.decode()
    assert (
        "Ditolak: sisa cuti tahunan 2026 Anda 6 hari kerja (hak 12, dikurangi cuti bersama 2 dan cuti tahunan "
        "yang sudah disetujui atau diajukan 4), sedangkan yang diajukan 7 hari kerja." in html
    )
    assert Arrangement.objects.count() == 3
    assert cuti(client, "2026-03-02", "2026-03-09").status_code == 302


def test_it_takes_the_entitlement_from_the_admin_table(client, world):
    LeaveAllowance.objects.create(year=2026, days=14)
    login(client, world.staff_alpha1)
    assert "Sisa cuti tahunan 2026: 14 hari kerja." in client.get("/pengajuan/").content.decode()


def test_it_does_not_count_other_leave_types_against_the_balance(client, world):
    login(client, world.staff_alpha1)
    response = cuti(client, "2026-03-02", "2026-04-10", leave_type="besar")
    assert response.status_code == 302
    assert Arrangement.objects.get().working_days == 30
    assert "Sisa cuti tahunan 2026: 12 hari kerja." in client.get("/pengajuan/").content.decode()
