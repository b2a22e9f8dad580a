"""A unit's week: staff × Monday–Sunday with the planned mode, and per day the on-site count in words."""

import datetime as dt

import pytest

from policy.models import Arrangement, Policy, StaffingMinimum
from tests.conftest import login, make_employee, make_unit
from units import clock
from units.models import Holiday, Unit

MONDAY = dt.date(2026, 3, 2)
URL = "/rencana/unit/17.99.01.1001/"


@pytest.fixture
def monday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    return MONDAY


def wfo_policy(world, **extra):
    return Policy.objects.create(
        **{
            "title": "Tidak menerapkan WFH bagi ASN",
            "legal_basis_type": "se_walikota",
            "legal_basis_number": "800/1/2026",
            "decided_by": "Wali Kota Bengkulu",
            "decided_on": dt.date(2026, 1, 21),
            "effective_from": dt.date(2026, 1, 1),
            "rule": Policy.Rule.WFO_REQUIRED,
            "reason": "Loket tidak boleh kosong",
            "scope_city": True,
            "status": Policy.Status.ACTIVE,
            "created_by": world.admin_user,
            **extra,
        }
    )


@pytest.fixture
def week(world, monday):
    """Kelurahan Alpha Satu (3 staff, minimum 3 on site): cuti on Tuesday, a holiday on Wednesday."""
    policy = wfo_policy(world)
    StaffingMinimum.objects.create(policy=policy, unit_kind=Unit.Kind.KELURAHAN, min_count=3)
    Arrangement.objects.create(
        employee=world.staff_alpha1,
        kind=Arrangement.Kind.CUTI,
        leave_type="tahunan",
        start_date=MONDAY + dt.timedelta(days=1),
        end_date=MONDAY + dt.timedelta(days=1),
        working_days=1,
        status=Arrangement.Status.APPROVED,
    )
    Holiday.objects.create(date=MONDAY + dt.timedelta(days=2), name="Libur Uji", category="local")
    return policy


def test_it_shows_each_persons_mode_and_its_source(client, world, week):
    login(client, world.lurah_alpha1)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rencana kehadiran: Kelurahan Alpha Satu" in html
    assert "Pekan 2–8 Maret 2026 · pekan ini" in html
    row = html[html.index(f'id="row-{world.staff_alpha1.code}"') :]
    row = row[: row.index("</tr>")]
    assert row.count("Di kantor") >= 3  # Monday, Thursday, Friday
    assert "Cuti" in row and "pengajuan disetujui" in row
    assert "hari libur: Libur Uji" in row
    assert (
        "Kebijakan &#x27;Tidak menerapkan WFH bagi ASN&#x27;" in row
    )  # the tooltip names the policy
    assert row.count("Libur") >= 3  # Wednesday (holiday), Saturday, Sunday


def test_it_counts_the_day_against_the_minimum_in_words(client, world, week):
    login(client, world.lurah_alpha1)
    html = client.get(URL).content.decode()
    totals = html[html.index('id="plan-totals"') :]
    totals = totals[: totals.index("</tr>")]
    cells = totals.split("<td")[1:]
    assert "Di kantor 3 dari minimum 3" in cells[0] and "Cukup" in cells[0]
    assert "Di kantor 2 dari minimum 3" in cells[1] and "Kurang 1 orang" in cells[1]
    assert "Libur: Libur Uji" in cells[2] and "Kurang" not in cells[2]
    assert "Bukan hari kerja" in cells[6] and "Kurang" not in cells[6]


def test_it_names_the_service_role_that_is_short(client, world, monday):
    policy = wfo_policy(world)
    StaffingMinimum.objects.create(
        policy=policy, unit=world.dukcapil, service_role="petugas_layanan", min_count=2
    )
    make_employee(world.dukcapil, "Petugas Satu", service_role="petugas_layanan")
    login(client, world.head_dukcapil)
    html = client.get("/rencana/unit/disdukcapil-uji/").content.decode()
    assert "Petugas layanan di kantor 1 dari minimum 2" in html
    assert "Kurang 1 petugas layanan" in html


def test_it_shows_the_week_of_any_date_with_links_to_the_next_and_previous(client, world, monday):
    login(client, world.lurah_alpha1)
    html = client.get(URL + "?minggu=2026-03-12").content.decode()
    assert "Pekan 9–15 Maret 2026 · pekan depan" in html
    assert "?minggu=2026-03-02" in html and "?minggu=2026-03-16" in html
    assert (
        "Pekan 2–8 Maret 2026"
        in client.get(URL + "?minggu=bukan-tanggal").content.decode()
    )


def test_it_opens_on_the_coming_week_on_a_weekend_and_names_weeks_across_months(client, world, monkeypatch):
    """Issue 16: "Pekan", not "Minggu" (which reads as Sunday); on a Saturday a head plans the week ahead."""
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 3, 7))  # a Saturday
    login(client, world.lurah_alpha1)
    html = client.get(URL).content.decode()
    assert "Pekan 9–15 Maret 2026 · pekan depan" in html and "?minggu=2026-03-07" in html  # "Pekan ini" links back
    html = client.get(URL + "?minggu=2026-12-30").content.decode()
    assert "Pekan 28 Desember 2026–3 Januari 2027" in html
    html = client.get(URL + "?minggu=2026-04-01").content.decode()
    assert "Pekan 30 Maret–5 April 2026" in html


def test_it_lets_the_head_open_a_cell_but_not_a_past_day(client, world, week, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY + dt.timedelta(days=1))
    login(client, world.lurah_alpha1)
    html = client.get(URL).content.decode()
    code = world.operator_alpha1.code
    assert f"/rencana/unit/17.99.01.1001/pegawai/{code}/2026-03-05/" in html
    assert f"/rencana/unit/17.99.01.1001/pegawai/{code}/2026-03-02/" not in html  # yesterday
    assert f"/rencana/unit/17.99.01.1001/pegawai/{code}/2026-03-04/" not in html  # the holiday


def test_it_gives_a_lurah_another_kelurahan_as_not_found(client, world, monday):
    login(client, world.lurah_alpha1)
    assert client.get("/rencana/unit/17.99.02.1001/").status_code == 404


def test_it_lets_a_camat_read_a_kelurahan_without_editing(client, world, week):
    login(client, world.camat_alpha)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Siti Alpha" in html
    assert "/rencana/unit/17.99.01.1001/pegawai/" not in html
    assert "Perubahan dilakukan oleh kepala atau operator unit ini" in html


def test_it_lists_only_the_units_own_staff_and_links_the_sub_units(client, world, monday):
    login(client, world.camat_alpha)
    html = client.get("/rencana/unit/17.99.01/").content.decode()
    assert "Camat Alpha" in html
    assert "Siti Alpha" not in html
    assert 'href="/rencana/unit/17.99.01.1001/?minggu=2026-03-02"' in html


def test_it_refuses_staff(client, world, monday):
    login(client, world.staff_alpha1)
    assert client.get(URL).status_code == 403


def test_it_says_when_a_unit_has_no_staff(client, world, monday):
    login(client, world.admin_user)
    html = client.get("/rencana/unit/17.99.02/").content.decode()
    assert "Unit ini belum punya pegawai aktif." in html


def _unit_with_staff(world, n):
    unit = make_unit(f"uji-{n}", f"Unit Uji {n}", Unit.Kind.DINAS)
    for i in range(n):
        make_employee(
            unit, f"Pegawai {i:02d}", login=False, nip=f"19900101202001{n % 2 + 1}{i:03d}"
        )
    return unit


def test_it_keeps_the_query_count_flat_as_staff_grow(
    client, world, monday, django_assert_max_num_queries
):
    policy = wfo_policy(world)
    StaffingMinimum.objects.create(policy=policy, unit_kind=Unit.Kind.DINAS, min_count=2)
    small, large = _unit_with_staff(world, 5), _unit_with_staff(world, 40)
    login(client, world.admin_user)
    with django_assert_max_num_queries(19):
        assert "Pegawai 04" in client.get(f"/rencana/unit/{small.code}/").content.decode()
    with django_assert_max_num_queries(19):
        assert "Pegawai 39" in client.get(f"/rencana/unit/{large.code}/").content.decode()
