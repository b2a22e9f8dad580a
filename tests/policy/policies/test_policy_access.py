"""Policy pages are for city admins only; the help page is for everyone signed in."""

import datetime as dt

import pytest

from policy.models import Policy
from tests.conftest import login
from tests.policy.plan.test_my_day import make_policy


def _urls(world):
    active = make_policy(world)
    draft = make_policy(
        world, title="Draf", status=Policy.Status.DRAFT, effective_from=dt.date(2026, 6, 1)
    )
    return [
        ("get", "/kebijakan/"),
        ("get", "/kebijakan/baru/"),
        ("post", "/kebijakan/baru/"),
        ("get", f"/kebijakan/{active.code}/"),
        ("get", f"/kebijakan/{draft.code}/ubah/"),
        ("post", f"/kebijakan/{draft.code}/ubah/"),
        ("get", f"/kebijakan/{draft.code}/hapus/"),
        ("post", f"/kebijakan/{draft.code}/hapus/"),
        ("post", f"/kebijakan/{active.code}/versi-baru/"),
        ("get", f"/kebijakan/{active.code}/cabut/"),
        ("post", f"/kebijakan/{active.code}/cabut/"),
        ("get", f"/kebijakan/{draft.code}/dampak/"),
        ("post", f"/kebijakan/{draft.code}/berlakukan/"),
    ]


@pytest.mark.parametrize(
    "who", ["staff_alpha1", "lurah_alpha1", "operator_alpha1", "head_dukcapil"]
)
def test_it_refuses_every_policy_page_to_non_admins(client, world, who):
    urls = _urls(world)
    login(client, getattr(world, who))
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, (method, url)
    assert Policy.objects.filter(status=Policy.Status.DRAFT).count() == 1
    assert Policy.objects.filter(status=Policy.Status.ACTIVE).count() == 1


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    for _method, url in _urls(world)[:2] + [("get", "/kebijakan/panduan/")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("who", ["staff_alpha1", "lurah_alpha1", "admin_user"])
def test_it_shows_the_help_page_to_everyone_signed_in(client, world, who):
    login(client, getattr(world, who))
    html = client.get("/kebijakan/panduan/").content.decode()
    assert "Cara kebijakan mode kerja dipilih" in html
    assert "Perpres 21/2023" in html
    assert "pegawai yang disebut namanya" in html
    assert "keputusan yang terbaru menang" in html
    assert "Jumlah minimum di kantor" in html
