"""Role scoping: a head sees their unit and its sub-units, nobody reaches another unit by changing an id."""

import pytest

from tests.conftest import login
from units.access import access_for_user


def test_it_gives_a_lurah_404_for_another_kelurahans_staff(client, world):
    login(client, world.lurah_alpha1)
    assert client.get(f"/pegawai/{world.staff_alpha1.code}/").status_code == 200
    assert client.get(f"/pegawai/{world.staff_beta1.code}/").status_code == 404
    assert client.get(f"/pegawai/{world.staff_beta1.code}/ubah/").status_code == 404
    assert client.get(f"/unit/{world.kel_beta1.code}/").status_code == 404


def test_it_lets_a_camat_see_the_kelurahan_under_the_kecamatan(client, world):
    login(client, world.camat_alpha)
    assert client.get(f"/pegawai/{world.staff_alpha2.code}/").status_code == 200
    assert client.get(f"/unit/{world.kel_alpha2.code}/").status_code == 200
    assert client.get(f"/pegawai/{world.staff_beta1.code}/").status_code == 404


def test_it_scopes_the_querysets_once_for_every_role(world):
    admin = access_for_user(world.admin_user)
    camat = access_for_user(world.camat_alpha.user)
    lurah = access_for_user(world.lurah_alpha1.user)
    staff = access_for_user(world.staff_alpha1.user)
    assert admin.employees().count() == 8
    assert set(camat.units()) == {world.kec_alpha, world.kel_alpha1, world.kel_alpha2}
    assert set(lurah.employees()) == {world.lurah_alpha1, world.operator_alpha1, world.staff_alpha1}
    assert list(staff.employees()) == [world.staff_alpha1]
    assert not staff.units().exists()


def test_it_refuses_staff_the_management_pages(client, world):
    login(client, world.staff_alpha1)
    for url in ["/unit/", "/pegawai/", "/kota/", f"/pegawai/{world.staff_alpha1.code}/"]:
        assert client.get(url).status_code == 403, url


def test_it_keeps_home_location_to_the_person_their_head_and_admins(world):
    person = world.staff_alpha1
    assert access_for_user(person.user).can_see_personal_data(person)
    assert access_for_user(world.lurah_alpha1.user).can_see_personal_data(person)
    assert access_for_user(world.admin_user).can_see_personal_data(person)
    assert not access_for_user(world.operator_alpha1.user).can_see_personal_data(person)
    assert not access_for_user(world.lurah_beta1.user).can_see_personal_data(person)


@pytest.mark.parametrize(
    "who, landing",
    [
        ("admin_user", "/papan/kota/"),
        ("lurah_alpha1", "/papan/unit/17.99.01.1001/"),
        ("operator_alpha1", "/papan/unit/17.99.01.1001/"),
        ("camat_alpha", "/papan/unit/17.99.01/"),
        ("staff_alpha1", "/saya/"),
    ],
)
def test_it_lands_each_role_on_its_own_home_page(client, world, who, landing):
    login(client, getattr(world, who))
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == landing
    assert client.get(landing).status_code == 200
