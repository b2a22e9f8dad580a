"""The plan's cell form offers a head only the modes the rules allow for that person and day, says why the
others are not offered in the words a crafted POST is refused with, and ties them to the choices."""

import datetime as dt
import re

import pytest

from policy.models import Arrangement, PlanEntry, Policy
from tests.conftest import login, make_employee
from tests.policy.plan.test_plan_edit import HTMX, TUESDAY, monday, policy, url, wfh_allowed  # noqa: F401

NO_WFH = (
    "WFH tidak diizinkan: kebijakan &#x27;Tidak menerapkan WFH bagi ASN&#x27; (Surat Edaran Wali Kota No. "
    "800/1/2026) mewajibkan bekerja di kantor pada Selasa, 3 Maret 2026."
)

pytestmark = pytest.mark.usefixtures("monday")


def modes(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="pilihan" value="([a-z]+)"', html)


def test_it_does_not_offer_wfh_under_a_wfo_policy_and_says_why(client, world):
    policy(world)
    login(client, world.lurah_alpha1)
    html = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert modes(html) == ["default", "onsite", "dl"]
    assert NO_WFH in html
    reasons = f"unavailable-{world.staff_alpha1.code}-20260303"
    assert f'<fieldset aria-describedby="{reasons}">' in html and f'id="{reasons}"' in html


def test_it_still_refuses_a_crafted_wfh_post_in_the_same_words(client, world):
    policy(world)
    login(client, world.operator_alpha1)
    response = client.post(url(world.staff_alpha1), {"pilihan": "wfh"}, **HTMX)
    html = response.content.decode()
    assert f'<ul class="errorlist nonfield" role="alert"><li>{NO_WFH}</li></ul>' in html
    assert "wfh" not in modes(html)
    assert not PlanEntry.objects.exists()


def test_it_offers_wfh_when_a_policy_allows_it(client, world):
    policy(world)
    wfh_allowed(world)  # decided later, same scope: it wins
    login(client, world.lurah_alpha1)
    html = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert modes(html) == ["default", "onsite", "wfh", "dl"]
    assert f"unavailable-{world.staff_alpha1.code}" not in html and "tidak diizinkan" not in html


def test_it_does_not_offer_wfh_once_the_weeks_cap_is_used(client, world):
    wfh_allowed(world, days=1)
    Arrangement.objects.create(
        employee=world.staff_alpha1,
        kind=Arrangement.Kind.WFH,
        start_date=TUESDAY - dt.timedelta(days=1),
        end_date=TUESDAY - dt.timedelta(days=1),
        working_days=1,
        status=Arrangement.Status.APPROVED,
    )
    login(client, world.lurah_alpha1)
    html = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert "wfh" not in modes(html)
    assert "batas 1 hari WFH per minggu menurut kebijakan &#x27;Uji coba WFH&#x27; sudah terpakai" in html


def test_it_does_not_offer_wfh_to_someone_without_a_registered_home(client, world):
    wfh_allowed(world)
    homeless = make_employee(world.kel_alpha1, "Tanpa Alamat", login=False)
    login(client, world.lurah_alpha1)
    html = client.get(url(homeless), **HTMX).content.decode()
    assert "wfh" not in modes(html) and "belum punya alamat domisili terdaftar" in html


def test_it_does_not_offer_the_office_on_a_day_a_policy_requires_wfh(client, world):
    flood = policy(
        world,
        Policy.Rule.WFH_REQUIRED,
        title="Banjir Alpha",
        effective_from=TUESDAY,
        effective_until=TUESDAY,
        decided_on=dt.date(2026, 3, 1),
    )
    assert flood.rule == "wfh_required"
    login(client, world.lurah_alpha1)
    html = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert modes(html) == ["default", "wfh", "dl"]
    assert "Tidak dapat ditetapkan di kantor: kebijakan &#x27;Banjir Alpha&#x27;" in html


@pytest.mark.parametrize("extra", [0, 6])
def test_it_opens_the_cell_form_in_a_fixed_number_of_queries(client, world, extra, django_assert_max_num_queries):
    wfh_allowed(world)
    for i in range(extra):
        policy(world, title=f"Kantor {i}", scope_city=False).scope_units.create(
            unit=world.kel_alpha2, include_sub_units=False
        )
        make_employee(world.kel_alpha1, f"Rekan {i}", login=False)
    login(client, world.lurah_alpha1)
    with django_assert_max_num_queries(18):
        assert client.get(url(world.staff_alpha1), **HTMX).status_code == 200
