"""/rencana/: heads go to their unit's week; city admins see every unit's week, short units first."""

import datetime as dt

import pytest

from policy.models import Arrangement, Policy, StaffingMinimum
from tests.conftest import login, make_employee, make_unit
from units import clock
from units.models import Unit

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def monday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    return MONDAY


@pytest.fixture
def minimums(world, monday):
    """Every kelurahan needs 1 on site; Alpha Dua's only person is on cuti on Wednesday."""
    policy = Policy.objects.create(
        title="Tidak menerapkan WFH bagi ASN",
        legal_basis_type="se_walikota",
        legal_basis_number="800/1/2026",
        decided_by="Wali Kota Bengkulu",
        decided_on=dt.date(2026, 1, 21),
        effective_from=dt.date(2026, 1, 1),
        rule=Policy.Rule.WFO_REQUIRED,
        reason="Uji",
        scope_city=True,
        status=Policy.Status.ACTIVE,
        created_by=world.admin_user,
    )
    StaffingMinimum.objects.create(policy=policy, unit_kind=Unit.Kind.KELURAHAN, min_count=1)
    Arrangement.objects.create(
        employee=world.staff_alpha2,
        kind=Arrangement.Kind.CUTI,
        leave_type="tahunan",
        start_date=MONDAY + dt.timedelta(days=2),
        end_date=MONDAY + dt.timedelta(days=2),
        working_days=1,
        status=Arrangement.Status.APPROVED,
    )
    return policy


@pytest.mark.parametrize("who", ["lurah_alpha1", "operator_alpha1"])
def test_it_sends_a_head_or_operator_to_their_units_week(client, world, who):
    login(client, getattr(world, who))
    response = client.get("/rencana/?minggu=2026-03-04")
    assert response.status_code == 302
    assert response.url == "/rencana/unit/17.99.01.1001/?minggu=2026-03-04"


def test_it_refuses_staff(client, world):
    login(client, world.staff_alpha1)
    assert client.get("/rencana/").status_code == 403


def test_it_sorts_the_units_short_on_any_day_to_the_top_of_their_group(client, world, minimums):
    login(client, world.admin_user)
    html = client.get("/rencana/").content.decode()
    assert "1 dari 6 unit kurang petugas di kantor" in html
    kelurahan = html[html.index("<h2") :]
    kelurahan = kelurahan[kelurahan.index("Kelurahan · layanan garis depan") :]
    assert kelurahan.index("Kelurahan Alpha Dua") < kelurahan.index("Kelurahan Alpha Satu")
    row = kelurahan[kelurahan.index("Kelurahan Alpha Dua") :]
    row = row[: row.index("</tr>")]
    assert "kurang pada 1 hari" in row
    assert "0 dari min. 1" in row and "Kurang 1" in row
    assert 'href="/rencana/unit/17.99.01.1002/?minggu=2026-03-02"' in html


def test_it_groups_frontline_units_first_then_by_kind(client, world, minimums):
    make_unit("bappeda-uji", "Badan Perencanaan Uji", Unit.Kind.BADAN, short_name="Bappeda Uji")
    make_employee(Unit.objects.get(code="bappeda-uji"), "Perencana Uji")
    login(client, world.admin_user)
    html = client.get("/rencana/").content.decode()
    headings = [h.split(">", 1)[1].split("<", 1)[0] for h in html.split("<h2")[1:]]
    assert headings == [
        "Dinas · layanan garis depan",
        "Kecamatan · layanan garis depan",
        "Kelurahan · layanan garis depan",
        "Badan",
    ]


def test_it_filters_by_kind_and_by_shortness(client, world, minimums):
    login(client, world.admin_user)
    html = client.get("/rencana/?jenis=kelurahan&kurang=on").content.decode()
    assert "Kelurahan Alpha Dua" in html
    assert "Alpha Satu" not in html and "Disdukcapil" not in html
    html = client.get("/rencana/?jenis=puskesmas").content.decode()
    assert "Tidak ada unit yang cocok dengan saringan ini." in html


def _nip(i):
    """Our own NIPs for bulk staff, so the suite-wide counter in tests.conftest stays below 1,000."""
    return f"199001012020011{i:03d}"


def test_it_keeps_the_query_count_flat_as_staff_grow(
    client, world, minimums, django_assert_max_num_queries
):
    login(client, world.admin_user)
    unit = make_unit("uji-banyak", "Dinas Uji", Unit.Kind.DINAS)
    for i in range(5):
        make_employee(unit, f"Pegawai {i:02d}", login=False, nip=_nip(i))
    with django_assert_max_num_queries(16):
        client.get("/rencana/")
    for i in range(5, 40):
        make_employee(unit, f"Pegawai {i:02d}", login=False, nip=_nip(i))
    other = make_unit("uji-lain", "Badan Uji", Unit.Kind.BADAN)
    for i in range(10):
        make_employee(other, f"Lain {i:02d}", login=False, nip=_nip(100 + i))
    with django_assert_max_num_queries(16):
        html = client.get("/rencana/").content.decode()
    assert "40 pegawai" in html and "10 pegawai" in html
