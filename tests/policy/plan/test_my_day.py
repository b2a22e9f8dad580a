"""Staff see on their day page what is required of them today and which policy decided it."""

import datetime as dt

import pytest

from policy.models import Policy
from tests.conftest import login
from units import clock

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def monday(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    return MONDAY


def make_policy(world, **extra):
    defaults = dict(
        title="Tidak menerapkan WFH bagi ASN", legal_basis_type="se_walikota",
        legal_basis_number="800/1/2026", decided_by="Wali Kota Bengkulu",
        decided_on=dt.date(2026, 1, 21), effective_from=dt.date(2026, 1, 1),
        rule=Policy.Rule.WFO_REQUIRED, reason="Loket tidak boleh kosong", scope_city=True,
        status=Policy.Status.ACTIVE, created_by=world.admin_user,
    )
    return Policy.objects.create(**{**defaults, **extra})


def test_it_names_the_policy_that_requires_the_office(client, world, monday):
    make_policy(world)
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert "Hari ini: wajib di kantor" in html
    assert "(Kebijakan 'Tidak menerapkan WFH bagi ASN', " in html
    assert "Surat Edaran Wali Kota No. 800/1/2026" in html
    assert "berlaku sejak 1 Januari 2026" in html


def test_it_says_when_no_policy_applies(client, world, monday):
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert "tidak ada kebijakan khusus" in html
    assert "Jam kerja 07:30–16:00" in html


def test_it_shows_a_holiday_instead_of_a_rule(client, world, monkeypatch):
    from units.models import Holiday

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 8, 17))
    Holiday.objects.create(date=dt.date(2026, 8, 17), name="Hari Kemerdekaan", category="public")
    make_policy(world)
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert "Hari ini libur: Hari Kemerdekaan." in html
    assert "wajib di kantor" not in html


def test_it_shows_the_more_specific_policy_and_the_one_it_overrules(client, world, monday):
    make_policy(world)
    flood = make_policy(
        world, title="Banjir Alpha", rule=Policy.Rule.WFH_REQUIRED, scope_city=False,
        effective_from=MONDAY, effective_until=MONDAY, decided_on=dt.date(2026, 3, 1),
    )
    flood.scope_units.create(unit=world.kec_alpha, include_sub_units=True)
    login(client, world.staff_alpha1)
    html = client.get("/saya/").content.decode()
    assert "Hari ini: wajib WFH/WFA" in html and "Banjir Alpha" in html
    assert "Kebijakan lain yang juga mencakup Anda" in html
    login(client, world.staff_beta1)
    assert "Hari ini: wajib di kantor" in client.get("/saya/").content.decode()


def test_it_applies_minimums_only_on_the_units_working_days(world):
    from policy.models import StaffingMinimum
    from policy.plan.building import build_plan
    from units.models import Employee

    policy = make_policy(world)
    StaffingMinimum.objects.create(policy=policy, unit=world.kel_alpha1, min_count=2)
    saturday = MONDAY + dt.timedelta(days=5)
    plan = build_plan(Employee.objects.filter(unit=world.kel_alpha1), [MONDAY, saturday])
    assert plan.minimums[(world.kel_alpha1.pk, MONDAY)] == {"": 2}
    assert plan.minimums[(world.kel_alpha1.pk, saturday)] == {}
    assert plan.shortfalls(world.kel_alpha1.pk, saturday) == []
