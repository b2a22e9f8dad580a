"""A NUL byte in a query string or a form value (issue 11, item 6): 400, never a server error.

PostgreSQL refuses NUL in a text value, so a Django admin list filter like ?source__exact=%00 was a 500
there. One middleware answers 400 to any such request; a NUL in the path is left to the views (404).
"""

import pytest

from tests.conftest import login

CHANGELISTS = [
    "/admin/units/holiday/?source__exact=%00",
    "/admin/units/holiday/?category__exact=a%00b",
    "/admin/units/schedule/?kind__exact=%00",
    "/admin/units/schedule/?works_on_holidays__exact=%00",
    "/admin/policy/arrangement/?kind__exact=%00",
    "/admin/policy/arrangement/?status__exact=x%00",
    "/admin/units/holiday/?q=%00",
]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_it_answers_400_to_an_admin_list_filter_with_a_nul_byte(client, world, url):
    login(client, world.admin_user)
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/tren/?unit=a%00b", "/unit/baru/?induk=17.99.01%00", "/pegawai/?q=%00", "/rekap/kota/?bulan=2026-04&x%00=1"],
)
def test_it_answers_400_to_a_page_whose_query_string_has_a_nul_byte(client, world, url):
    login(client, world.admin_user)
    response = client.get(url)
    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()
    assert "Content-Security-Policy" in response


def test_it_answers_400_to_a_form_value_with_a_nul_byte_and_changes_nothing(client, world):
    unit = world.kel_alpha1
    login(client, world.admin_user)
    response = client.post(f"/unit/{unit.code}/ubah/", {"code": unit.code, "name": "Kelurahan\x00", "kind": unit.kind})
    assert response.status_code == 400
    unit.refresh_from_db()
    assert unit.name == "Kelurahan Alpha Satu"


def test_it_answers_400_to_a_sign_in_with_a_nul_byte(client, world):
    assert client.post("/masuk/", {"username": "admin\x00", "password": "x"}).status_code == 400


def test_it_leaves_a_nul_byte_in_the_path_to_the_views(client, world):
    login(client, world.admin_user)
    assert client.get("/unit/a\x00b/").status_code == 404
