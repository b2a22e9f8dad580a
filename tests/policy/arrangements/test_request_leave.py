"""Leave: the types depend on PNS or PPPK; cuti bersama does not reduce the annual balance (Keppres 42/2025)."""

import datetime as dt

import pytest

from policy.models import Arrangement, LeaveRules
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


def test_it_does_not_reduce_the_balance_by_cuti_bersama(client, world):
    bersama(dt.date(2026, 3, 20), dt.date(2026, 3, 23), dt.date(2026, 3, 21))  # Fri, Mon, Sat: office days off
    login(client, world.staff_alpha1)
    html = client.get("/pengajuan/baru/?kind=cuti").content.decode()
    assert (
        "Sisa cuti tahunan 2026: <strong>12 hari kerja</strong> (hak dasar 12 hari; sudah diambil atau diajukan "
        "0 hari)." in html
    )
    assert "Sisa cuti tahunan 2026: 12 hari kerja" in client.get("/pengajuan/").content.decode()


def test_it_refuses_more_leave_than_the_balance(client, world):
    bersama(dt.date(2026, 3, 20), dt.date(2026, 3, 23))
    pending(
        world.staff_alpha1,
        kind="cuti",
        leave_type="tahunan",
        start=dt.date(2026, 4, 6),
        end=dt.date(2026, 4, 10),
    )
    for day, status in ((4, "approved"), (5, "pending"), (6, "approved"), (7, "approved"), (8, "rejected")):
        pending(
            world.staff_alpha1,
            kind="cuti",
            leave_type="tahunan",
            start=dt.date(2026, 5, day),
            status=status,
        )
    login(client, world.staff_alpha1)
    # 12 − 9 taken or asked = 3 left (cuti bersama takes nothing); 2–4 March is 3 working days, 2–5 March is 4.
    html = cuti(client, "2026-03-02", "2026-03-05").content.decode()
    assert (
        "Ditolak: sisa cuti tahunan 2026 Anda 3 hari kerja (hak dasar 12 hari; sudah diambil atau diajukan 9 hari; "
        "PP 11/2017 tentang Manajemen PNS Pasal 311" in html
    )
    assert "sedangkan yang diajukan 4 hari kerja." in html
    assert Arrangement.objects.count() == 6
    assert cuti(client, "2026-03-02", "2026-03-04").status_code == 302


def test_it_takes_the_entitlement_from_the_admin_table(client, world):
    LeaveRules.objects.filter(asn_type="PNS").update(base_days=14, max_days=20)
    login(client, world.staff_alpha1)
    assert "Sisa cuti tahunan 2026: 14 hari kerja" in client.get("/pengajuan/").content.decode()


def test_it_does_not_count_other_leave_types_against_the_balance(client, world):
    login(client, world.staff_alpha1)
    response = cuti(client, "2026-03-02", "2026-04-10", leave_type="besar")
    assert response.status_code == 302
    assert Arrangement.objects.get().working_days == 30
    assert "Sisa cuti tahunan 2026: 12 hari kerja" in client.get("/pengajuan/").content.decode()
