"""The request form offers only the kinds the rules allow in the coming weeks, and says why the others are
not offered, in the words that name the policy and its legal basis; a crafted POST is still refused."""

import datetime as dt
import re

import pytest

from policy.models import Arrangement, Sanction
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import (
    FRIDAY,
    MONDAY,
    allow_wfh,
    friday,  # noqa: F401
    make_policy,
    staff,
)

pytestmark = pytest.mark.usefixtures("friday")

FORM = "/pengajuan/baru/"
NOT_OFFERED = (
    "WFH/WFA tidak tersedia: kebijakan &#x27;Tidak menerapkan WFH bagi ASN&#x27; (Surat Edaran Wali Kota No. "
    "800/1/2026) berlaku untuk seluruh ASN Kota Bengkulu sejak 1 Januari 2026 dan mewajibkan bekerja di kantor."
)


def kinds(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="kind" value="([a-z]+)"', html)


def test_it_does_not_offer_wfh_or_wfa_under_a_policy_forbidding_them_and_says_why(client, world):
    make_policy(world)
    login(client, world.staff_alpha1)
    html = client.get(FORM).content.decode()
    assert kinds(html) == ["dl", "cuti", "sakit", "izin"]
    assert NOT_OFFERED in html
    # The reason is tied to every choice left, and sits next to them.
    assert '<div id="kind-unavailable" class="notice">' in html
    assert html.count('aria-describedby="kind-unavailable"') == 4


def test_it_still_refuses_a_crafted_wfh_post_in_the_rules_words(client, world):
    make_policy(world)
    login(client, world.staff_alpha1)
    data = {"kind": "wfh", "start_date": MONDAY.isoformat(), "end_date": "", "reason": ""}
    html = client.post(FORM, data).content.decode()
    assert (
        "Ditolak: kebijakan &#x27;Tidak menerapkan WFH bagi ASN&#x27; (Surat Edaran Wali Kota No. 800/1/2026) "
        "mewajibkan Anda bekerja di kantor pada Senin, 2 Maret 2026." in html
    )
    assert NOT_OFFERED in html and "wfh" not in kinds(html)
    assert not Arrangement.objects.exists()


def test_it_offers_wfh_and_wfa_when_a_policy_allows_them(client, world):
    make_policy(world)
    allow_wfh(world)  # decided later, same scope: it wins
    login(client, world.staff_alpha1)
    html = client.get(FORM).content.decode()
    assert kinds(html) == ["wfh", "wfa", "dl", "cuti", "sakit", "izin"]
    assert "kind-unavailable" not in html and "WFH/WFA tidak tersedia" not in html


def test_it_offers_wfh_when_the_policy_allows_it_on_some_day_of_the_coming_weeks(client, world):
    make_policy(world)
    allow_wfh(world, effective_from=FRIDAY + dt.timedelta(days=14))
    login(client, world.staff_alpha1)
    assert "wfh" in kinds(client.get(FORM).content.decode())
    # Before the allowing policy starts, the submit still refuses.
    data = {"kind": "wfh", "start_date": MONDAY.isoformat(), "end_date": "", "reason": ""}
    assert "Ditolak: kebijakan &#x27;Tidak menerapkan WFH" in client.post(FORM, data).content.decode()


def test_it_does_not_offer_wfh_when_nothing_allows_it_and_names_the_national_default(client, world):
    login(client, world.staff_alpha1)
    html = client.get(FORM).content.decode()
    assert "wfh" not in kinds(html) and "wfa" not in kinds(html)
    assert (
        "WFH/WFA tidak tersedia: tidak ada kebijakan yang mengizinkan WFH/WFA bagi Anda dalam 28 hari ke depan"
        in html
    )


def test_it_names_a_unit_policy_as_one_for_the_unit(client, world):
    unit_rule = make_policy(world, scope_city=False, title="Kantor penuh Alpha Satu")
    unit_rule.scope_units.create(unit=world.kel_alpha1, include_sub_units=False)
    allow_wfh(world)  # city-wide: less specific, it loses
    login(client, world.staff_alpha1)
    html = client.get(FORM).content.decode()
    assert "wfh" not in kinds(html)
    assert "kebijakan &#x27;Kantor penuh Alpha Satu&#x27;" in html and "berlaku untuk unit Anda sejak" in html


def test_it_does_not_offer_wfh_to_someone_under_a_sanction(client, world):
    allow_wfh(world)
    Sanction.objects.create(
        employee=world.staff_alpha1, level="ringan", description="Teguran tertulis", start_date=FRIDAY
    )
    login(client, world.staff_alpha1)
    html = client.get(FORM).content.decode()
    assert "wfh" not in kinds(html)
    assert "Anda sedang menjalani hukuman disiplin (Teguran tertulis)" in html


def test_it_offers_wfa_but_not_wfh_without_a_registered_home(client, world):
    allow_wfh(world)
    login(client, world.staff_alpha2)
    html = client.get(FORM).content.decode()
    assert kinds(html) == ["wfa", "dl", "cuti", "sakit", "izin"]
    assert "Alamat domisili Anda belum terdaftar, jadi WFH dari rumah belum bisa diajukan" in html


def test_it_keeps_the_kinds_fields_partial_free_of_the_choices(client, world):
    make_policy(world)
    login(client, world.staff_alpha1)
    headers = {"HX-Request": "true", "HX-Target": "kind-fields"}
    html = client.get(FORM + "?kind=dl", headers=headers).content.decode()
    assert "Nomor SPT" in html and "kind-unavailable" not in html


@pytest.mark.parametrize("extra", [0, 6])
def test_it_opens_the_form_in_a_fixed_number_of_queries(client, world, extra, django_assert_max_num_queries):
    make_policy(world)
    for i in range(extra):
        unit_rule = make_policy(world, scope_city=False, title=f"Unit {i}")
        unit_rule.scope_units.create(unit=world.kel_alpha1, include_sub_units=False)
        staff(world, world.kel_alpha1, f"Rekan {i}")
        Sanction.objects.create(
            employee=world.staff_alpha1, level="ringan", description=f"Teguran {i}", start_date=MONDAY
        )
    login(client, world.staff_alpha1)
    with django_assert_max_num_queries(13):
        assert client.get(FORM).status_code == 200
