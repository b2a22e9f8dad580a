"""Home address and coordinates (UU 27/2022): the person, their head and admins; not an operator,
not even through the edit form."""

from tests.conftest import login
from tests.security.test_employee_roles import edit_data


def test_it_hides_the_home_location_from_an_operators_edit_form(client, world):
    person = world.staff_alpha1
    login(client, world.operator_alpha1)
    html = client.get(f"/pegawai/{person.code}/ubah/").content.decode()
    assert "Jl. Mawar 1" not in html and "-3.8" not in html
    assert 'name="home_address"' not in html and 'name="home_latitude"' not in html


def test_it_ignores_a_home_location_posted_by_an_operator(client, world):
    person = world.staff_alpha1
    login(client, world.operator_alpha1)
    data = edit_data(
        person, home_address="Jl. Lain 9", home_latitude="-3.1", home_longitude="102.1"
    )
    response = client.post(f"/pegawai/{person.code}/ubah/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.home_address == "Jl. Mawar 1" and str(person.home_latitude) == "-3.800000"


def test_it_still_shows_the_home_location_to_the_head_and_the_admin(client, world):
    person = world.staff_alpha1
    for who in (world.lurah_alpha1, world.admin_user):
        login(client, who)
        html = client.get(f"/pegawai/{person.code}/ubah/").content.decode()
        assert 'name="home_address"' in html and "Jl. Mawar 1" in html
