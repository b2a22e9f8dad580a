"""The policy list: grouped by status, with the rule, scope, legal basis, dates and version in words."""

import datetime as dt

import pytest

from policy.models import Policy
from tests.conftest import login, make_employee
from tests.policy.plan.test_my_day import make_policy
from tests.policy.policies.test_impact import nip


def test_it_shows_an_empty_state_and_the_create_button(client, world):
    login(client, world.admin_user)
    html = client.get("/kebijakan/").content.decode()
    assert "Belum ada kebijakan" in html and "Perpres 21/2023" in html
    assert 'href="/kebijakan/baru/"' in html and "Buat draf kebijakan" in html


def test_it_groups_policies_by_status(client, world):
    make_policy(world)
    make_policy(
        world,
        title="Uji coba WFH",
        status=Policy.Status.DRAFT,
        rule=Policy.Rule.WFH_ALLOWED,
        wfh_days_per_week=1,
        scope_frontline=Policy.Frontline.EXCLUDED,
        effective_from=dt.date(2026, 6, 1),
    )
    make_policy(
        world,
        title="Kebijakan lama",
        status=Policy.Status.REVOKED,
        effective_until=dt.date(2026, 1, 31),
    )
    login(client, world.admin_user)
    html = client.get("/kebijakan/").content.decode()
    active, draft, ended = (
        html.index("Berlaku (1)"),
        html.index("Draf (1)"),
        html.index("Digantikan atau dicabut (1)"),
    )
    assert (
        active
        < html.index("Tidak menerapkan WFH bagi ASN")
        < draft
        < html.index("Uji coba WFH")
        < ended
    )
    assert html.index("Kebijakan lama") > ended and "Dicabut" in html
    assert "WFO wajib: di kantor setiap hari kerja" in html
    assert "WFH diizinkan paling banyak 1 hari kerja per minggu" in html
    assert "Seluruh ASN Kota Bengkulu, hanya unit non-layanan" in html
    assert "Surat Edaran Wali Kota No. 800/1/2026" in html
    assert "sejak 1 Januari 2026, tanpa batas akhir" in html


@pytest.mark.parametrize("extra", [0, 6])
def test_it_lists_in_a_fixed_number_of_queries(client, world, extra, django_assert_max_num_queries):
    for i in range(3 + extra):
        policy = make_policy(world, title=f"Kebijakan {i}", scope_city=False)
        policy.scope_units.create(unit=world.kec_alpha)
        policy.scope_employees.add(
            make_employee(world.dukcapil, f"Pegawai {i}", login=False, nip=nip(i))
        )
    login(client, world.admin_user)
    with django_assert_max_num_queries(8):
        assert client.get("/kebijakan/").status_code == 200
