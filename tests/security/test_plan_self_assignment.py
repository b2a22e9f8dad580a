"""Nobody sets their own day in the plan: that would be approving their own WFH."""

import datetime as dt

import pytest

from policy.models import PlanEntry, Policy
from tests.conftest import login
from units import clock

MONDAY = dt.date(2026, 3, 2)
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def wfh_allowed(world, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    return Policy.objects.create(
        title="Uji coba WFH",
        legal_basis_type="se_walikota",
        legal_basis_number="800/1/2026",
        decided_by="Wali Kota Bengkulu",
        decided_on=dt.date(2026, 2, 1),
        effective_from=dt.date(2026, 1, 1),
        rule=Policy.Rule.WFH_ALLOWED,
        wfh_days_per_week=2,
        reason="Uji",
        scope_city=True,
        status=Policy.Status.ACTIVE,
        created_by=world.admin_user,
    )


def cell_url(person):
    return f"/rencana/unit/{person.unit.code}/pegawai/{person.code}/{TUESDAY:%Y-%m-%d}/"


@pytest.mark.parametrize("who", ["lurah_alpha1", "operator_alpha1"])
def test_it_refuses_a_head_or_operator_their_own_day(client, world, wfh_allowed, who):
    me = getattr(world, who)
    login(client, me)
    assert client.get(cell_url(me)).status_code == 403
    assert client.post(cell_url(me), {"pilihan": "wfh"}).status_code == 403
    assert not PlanEntry.objects.exists()


def test_it_offers_no_link_to_change_ones_own_row(client, world, wfh_allowed):
    login(client, world.lurah_alpha1)
    html = client.get("/rencana/unit/17.99.01.1001/").content.decode()
    assert cell_url(world.staff_alpha1) in html
    assert cell_url(world.lurah_alpha1) not in html


def test_it_still_lets_the_head_set_their_staffs_day(client, world, wfh_allowed):
    login(client, world.lurah_alpha1)
    assert client.post(cell_url(world.staff_alpha1), {"pilihan": "wfh"}).status_code == 302
    assert PlanEntry.objects.get().employee == world.staff_alpha1
