"""The approvals page: pending requests in the head's scope, oldest first, with warnings computed now."""

import pytest

from policy.models import Arrangement
from tests.conftest import login, make_employee
from tests.policy.arrangements.requests_fixtures import (
    MONDAY,
    TUESDAY,
    allow_wfh,
    friday,  # noqa: F401
    minimum,
    pending,
    staff,
)  # noqa: F401
from units.models import Employee

pytestmark = pytest.mark.usefixtures("friday")


def test_it_lists_pending_requests_in_scope_oldest_first(client, world):
    allow_wfh(world)
    first = pending(world.staff_alpha1, start=TUESDAY)
    second = pending(world.staff_alpha2, kind="izin", reason="Urusan keluarga")
    pending(world.staff_beta1, kind="izin", reason="Di luar lingkup")
    pending(world.staff_alpha1, kind="izin", start=MONDAY.replace(day=9), status="approved")
    login(client, world.camat_alpha)
    html = client.get("/persetujuan/").content.decode()
    assert html.index(str(first.code)) < html.index(str(second.code))
    assert "Rina Beta" not in html and "2 pengajuan menunggu." in html
    assert "Saat ini tidak ada aturan yang menghalangi." in html


def test_it_shows_only_the_lurahs_own_kelurahan(client, world):
    pending(world.staff_alpha1, kind="izin", reason="x")
    pending(world.staff_alpha2, kind="izin", reason="x")
    login(client, world.lurah_alpha1)
    html = client.get("/persetujuan/").content.decode()
    assert "Siti Alpha" in html and "Budi Alpha Dua" not in html


def test_it_never_lists_the_heads_own_request(client, world):
    pending(world.lurah_alpha1, kind="izin", reason="x")
    login(client, world.lurah_alpha1)
    assert (
        "Tidak ada pengajuan yang menunggu keputusan Anda."
        in client.get("/persetujuan/").content.decode()
    )
    login(client, world.camat_alpha)
    assert "Lurah Alpha Satu" in client.get("/persetujuan/").content.decode()


def test_it_is_for_heads_and_admins_only(client, world):
    for who in (world.staff_alpha1, world.operator_alpha1):
        login(client, who)
        assert client.get("/persetujuan/").status_code == 403


def test_it_warns_when_the_minimum_would_be_breached_now(client, world):
    policy = allow_wfh(world)
    minimum(policy, world.dukcapil, 2)
    a, b = (staff(world, world.dukcapil, f"Petugas {i}") for i in range(2))
    arrangement = pending(a)
    login(client, world.head_dukcapil)
    html = client.get("/persetujuan/").content.decode()
    # Three on site (the head and two staff), two needed: approving is fine.
    assert "Saat ini tidak ada aturan yang menghalangi." in html
    pending(b, status="approved")
    html = client.get("/persetujuan/").content.decode()
    assert "Saat ini aturan menolak pengajuan ini:" in html
    assert (
        "Ditolak: Disdukcapil akan kurang 1 pegawai pada Senin, 2 Maret 2026 (minimal 2 di kantor)."
        in html
    )
    assert str(arrangement.code) in html


def test_it_shows_an_admin_the_override_field_only_when_blocked(client, world):
    pending(world.staff_alpha1)  # no policy allows WFH
    pending(world.staff_beta1, kind="izin", reason="x")
    login(client, world.admin_user)
    html = client.get("/persetujuan/").content.decode()
    assert html.count('name="override_reason"') == 1 and "Setujui dengan pengecualian" in html
    login(client, world.camat_alpha)
    assert 'name="override_reason"' not in client.get("/persetujuan/").content.decode()


def _many(world, count):
    policy = allow_wfh(world)
    minimum(policy, world.dukcapil, 2, role=Employee.ServiceRole.PETUGAS_LAYANAN)
    for i in range(count):
        unit = (world.kel_alpha1, world.dukcapil, world.kel_beta1)[i % 3]
        person = make_employee(
            unit,
            f"Pegawai {i}",
            login=False,
            home_address="Jl. X",
            service_role=Employee.ServiceRole.PETUGAS_LAYANAN,
        )
        pending(
            person,
            kind=("wfh", "izin", "cuti")[i % 3],
            leave_type="tahunan" if i % 3 == 2 else "",
            start=(MONDAY, TUESDAY)[i % 2],
            reason="x",
        )


@pytest.mark.parametrize("count", [3, 24])
def test_it_runs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    _many(world, count)
    login(client, world.admin_user)
    with django_assert_max_num_queries(35):
        html = client.get("/persetujuan/").content.decode()
    assert (
        html.count('<article class="card"')
        == count
        == Arrangement.objects.filter(status="pending").count()
    )
